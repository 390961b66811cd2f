import { RestLegacyClient } from '../base/rest/client';
import type { PindahKeluarSettings } from './config';
import type { PindahKeluarPort } from './port';
import { PindahKeluarRestAdapter } from './rest/pindah-keluar-rest-adapter';

export type { MoveOutLetter, MoveOutLetterStatus, MoveOutRegisterPage, MoveOutRegisterQuery, MoveOutRequest, MovePlace, MoveReason, MoveScope, MovingMembers, PindahKeluarPort } from './port';
export { createPindahKeluarLoaders, type PindahKeluarLoaders } from './loaders';
export { DEVELOPMENT_PINDAH_KELUAR_KEY, pindahKeluarConfigSchema, pindahKeluarSettingsFrom, type PindahKeluarSettings } from './config';

export interface PindahKeluarConnection {
  port: PindahKeluarPort;
  /** For readiness (`client.health()`), tests (`client.callCount`) and shutdown (`client.close()`). */
  client: RestLegacyClient;
}

/** The move-out adapter for this process: one client (connections, breaker) shared by all requests. */
export function connectPindahKeluar(settings: PindahKeluarSettings & { maxSockets?: number }): PindahKeluarConnection {
  const client = new RestLegacyClient('pindah-keluar', {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    apiKeyHeader: 'X-API-Key',
    pingPath: '/api/ping',
    resilience: settings.resilience,
    maxSockets: settings.maxSockets,
  });
  return { port: new PindahKeluarRestAdapter(client), client };
}
