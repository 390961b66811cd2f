import { RestLegacyClient } from '../base/rest/client';
import type { IkdSettings } from './config';
import type { IkdPort } from './port';
import { IkdRestAdapter } from './rest/ikd-rest-adapter';

export type { DevicePlatform, DigitalId, DigitalIdState, IkdPort } from './port';
export { createIkdLoaders, type IkdLoaders } from './loaders';
export { DEVELOPMENT_IKD_KEY, ikdConfigSchema, ikdSettingsFrom, type IkdSettings } from './config';

/** The header the IKD application reads its key from. */
export const IKD_KEY_HEADER = 'X-IKD-Key';

export interface IkdConnection {
  port: IkdPort;
  /** For readiness (`client.health()`), tests (`client.callCount`) and shutdown (`client.close()`). */
  client: RestLegacyClient;
}

/** The IKD adapter for this process: one client (connections, breaker) shared by all requests. */
export function connectIkd(settings: IkdSettings & { maxSockets?: number }): IkdConnection {
  const client = new RestLegacyClient('ikd', {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    apiKeyHeader: IKD_KEY_HEADER,
    pingPath: '/api/ping',
    resilience: settings.resilience,
    maxSockets: settings.maxSockets,
  });
  return { port: new IkdRestAdapter(client), client };
}
