import { RestLegacyClient } from '../base/rest/client';
import type { AdmKioskSettings } from './config';
import type { AdmKioskPort } from './port';
import { AdmKioskRestAdapter } from './rest/adm-kiosk-rest-adapter';

export type {
  AdmKioskPort, IssuedPin, Kiosk, KioskChange, KioskChanges, KioskCounts, KioskDocument, KioskDocumentKind, KioskFilter, KioskPrintRequest, KioskStatusChange, KioskStep, KioskWorklistPage, KioskWorklistQuery, PinRequest, PinState, PrintState,
} from './port';
export { KIOSK_DOCUMENT_KINDS } from './port';
export { createAdmKioskLoaders, type AdmKioskLoaders } from './loaders';
export { DEVELOPMENT_ADM_KIOSK_KEY, admKioskConfigSchema, admKioskSettingsFrom, type AdmKioskSettings } from './config';

export interface AdmKioskConnection {
  port: AdmKioskPort;
  /** For readiness (`client.health()`), tests (`client.callCount`) and shutdown (`client.close()`). */
  client: RestLegacyClient;
}

/** The mall kiosk adapter for this process: one client (connections, breaker) shared by all requests. */
export function connectAdmKiosk(settings: AdmKioskSettings & { maxSockets?: number }): AdmKioskConnection {
  const client = new RestLegacyClient('adm-kiosk', {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    apiKeyHeader: 'X-API-Key',
    pingPath: '/api/ping',
    resilience: settings.resilience,
    maxSockets: settings.maxSockets,
  });
  return { port: new AdmKioskRestAdapter(client), client };
}
