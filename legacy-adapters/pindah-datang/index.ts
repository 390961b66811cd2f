import { RestLegacyClient } from '../base/rest/client';
import type { PindahDatangSettings } from './config';
import type { PindahDatangPort } from './port';
import { PindahDatangRestAdapter } from './rest/pindah-datang-rest-adapter';

export type { Arrival, ArrivalRequest, MoveOutLetterCopy, PindahDatangPort } from './port';
export { createPindahDatangLoaders, type PindahDatangLoaders } from './loaders';
export { DEVELOPMENT_PINDAH_DATANG_KEY, pindahDatangConfigSchema, pindahDatangSettingsFrom, type PindahDatangSettings } from './config';

export interface PindahDatangConnection {
  port: PindahDatangPort;
  /** For readiness (`client.health()`), tests (`client.callCount`) and shutdown (`client.close()`). */
  client: RestLegacyClient;
}

/** The move-in adapter for this process: one client (connections, breaker) shared by all requests. */
export function connectPindahDatang(settings: PindahDatangSettings & { maxSockets?: number }): PindahDatangConnection {
  const client = new RestLegacyClient('pindah-datang', {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    apiKeyHeader: 'X-API-Key',
    pingPath: '/api/ping',
    resilience: settings.resilience,
    maxSockets: settings.maxSockets,
  });
  return { port: new PindahDatangRestAdapter(client), client };
}
