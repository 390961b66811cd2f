import { RestLegacyClient } from '../base/rest/client';
import type { KtpCetakSettings } from './config';
import type { KtpCetakPort } from './port';
import { KtpCetakRestAdapter } from './rest/ktp-cetak-rest-adapter';

export type { CardPrintJob, CardPrintReason, CardPrintStatus, KtpCetakPort, PrintQueuePage, PrintQueueQuery, PrintRequest } from './port';
export { createKtpCetakLoaders, type KtpCetakLoaders } from './loaders';
export { DEVELOPMENT_KTP_CETAK_KEY, ktpCetakConfigSchema, ktpCetakSettingsFrom, type KtpCetakSettings } from './config';

export interface KtpCetakConnection {
  port: KtpCetakPort;
  /** For readiness (`client.health()`), tests (`client.callCount`) and shutdown (`client.close()`). */
  client: RestLegacyClient;
}

/** The print queue adapter for this process: one client (connections, breaker) shared by all requests. */
export function connectKtpCetak(settings: KtpCetakSettings & { maxSockets?: number }): KtpCetakConnection {
  const client = new RestLegacyClient('ktp-cetak', {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    apiKeyHeader: 'X-API-Key',
    pingPath: '/api/ping',
    resilience: settings.resilience,
    maxSockets: settings.maxSockets,
  });
  return { port: new KtpCetakRestAdapter(client), client };
}
