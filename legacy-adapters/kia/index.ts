import { RestLegacyClient } from '../base/rest/client';
import type { KiaSettings } from './config';
import type { KiaPort } from './port';
import { KiaRestAdapter } from './rest/kia-rest-adapter';

export type { ChildIdCard, ChildIdCardReason, ChildIdCardStatus, KiaPort, KiaRequest } from './port';
export { createKiaLoaders, type KiaLoaders } from './loaders';
export { DEVELOPMENT_KIA_KEY, kiaConfigSchema, kiaSettingsFrom, type KiaSettings } from './config';

export interface KiaConnection {
  port: KiaPort;
  /** For readiness (`client.health()`), tests (`client.callCount`) and shutdown (`client.close()`). */
  client: RestLegacyClient;
}

/** The KIA adapter for this process: one client (connections, breaker) shared by all requests. */
export function connectKia(settings: KiaSettings & { maxSockets?: number }): KiaConnection {
  const client = new RestLegacyClient('kia', {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    apiKeyHeader: 'X-API-Key',
    pingPath: '/api/ping',
    resilience: settings.resilience,
    maxSockets: settings.maxSockets,
  });
  return { port: new KiaRestAdapter(client), client };
}
