import { RestLegacyClient } from '../base/rest/client';
import type { OjolSettings } from './config';
import type { OjolPort } from './port';
import { OjolRestAdapter } from './rest/ojol-rest-adapter';

export type {
  CourierInfo, CourierJobKind, CourierOrder, CourierOrderChange, CourierOrderChanges, CourierOrderEvent, CourierOrderRequest, CourierOrderStatus, CourierOrderStep,
  CourierPlace, CourierPlaceRequest, FeeQuote, FeeQuoteRequest, GeoPoint, OjolPort, ProofOfDelivery,
} from './port';
export { COURIER_JOB_KINDS, COURIER_ORDER_STATUSES, COURIER_STATUS_RANK, isCourierStatusAdvance, isFinalCourierStatus } from './port';
export { DEFAULT_CALLBACK_TOLERANCE_S, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyOjolCallback, type CallbackRefusal, type CallbackVerdict, type VerifyCallbackInput } from './callbacks';
export { createOjolLoaders, type OjolLoaders } from './loaders';
export { DEVELOPMENT_OJOL_CALLBACK_SECRET, DEVELOPMENT_OJOL_KEY, ojolConfigSchema, ojolSettingsFrom, type OjolSettings } from './config';

/** The partner's header for the API key (not the estate's X-API-Key). */
export const OJOL_API_KEY_HEADER = 'X-Mitra-Key';

export interface OjolConnection {
  port: OjolPort;
  /** For readiness (`client.health()`), tests (`client.callCount`) and shutdown (`client.close()`). */
  client: RestLegacyClient;
}

/** The courier adapter for this process: one client (connections, breaker) shared by all requests. */
export function connectOjol(settings: Pick<OjolSettings, 'baseUrl' | 'apiKey' | 'resilience'> & { maxSockets?: number }): OjolConnection {
  const client = new RestLegacyClient('ojol', {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    apiKeyHeader: OJOL_API_KEY_HEADER,
    pingPath: '/api/v1/ping',
    resilience: settings.resilience,
    maxSockets: settings.maxSockets,
  });
  return { port: new OjolRestAdapter(client), client };
}
