import { RestLegacyClient } from '../base/rest/client';
import type { TteSettings } from './config';
import type { TtePort } from './port';
import { TteRestAdapter } from './rest/tte-rest-adapter';

export type { DocumentSignature, PublicDocumentMetadata, QrVerdict, QrVerification, SignRequest, SignatureStatus, Signer, TtePort } from './port';
export { DEVELOPMENT_TTE_KEY, tteConfigSchema, tteSettingsFrom, type TteSettings } from './config';

export interface TteConnection {
  port: TtePort;
  /** For readiness (`client.health()`), tests (`client.callCount`) and shutdown (`client.close()`). */
  client: RestLegacyClient;
}

/** The signature adapter for this process: one client (connections, breaker) shared by all requests. */
export function connectTte(settings: TteSettings & { maxSockets?: number }): TteConnection {
  const client = new RestLegacyClient('tte', {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    apiKeyHeader: 'X-API-Key',
    pingPath: '/api/ping',
    resilience: settings.resilience,
    maxSockets: settings.maxSockets,
  });
  return { port: new TteRestAdapter(client), client };
}
