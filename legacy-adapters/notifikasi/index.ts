import { RestLegacyClient } from '../base/rest/client';
import type { NotifikasiSettings } from './config';
import type { NotifikasiPort } from './port';
import { NotifikasiRestAdapter } from './rest/notifikasi-rest-adapter';

export type {
  DeliveryReport, DeliveryReports, Notification, NotificationChannel, NotificationFailure, NotificationStatus, NotifikasiPort, OutgoingNotification,
} from './port';
export { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES } from './port';
export { createNotifikasiLoaders, type NotifikasiLoaders } from './loaders';
export { DEVELOPMENT_NOTIFIKASI_KEY, notifikasiConfigSchema, notifikasiSettingsFrom, type NotifikasiSettings } from './config';
export { notificationReference } from './rest/mapping';
export { retryAfterMsOf } from './rest/notifikasi-rest-adapter';

export interface NotifikasiConnection {
  port: NotifikasiPort;
  /** For readiness (`client.health()`), tests (`client.callCount`) and shutdown (`client.close()`). */
  client: RestLegacyClient;
}

/** The notifications adapter for this process: one client (connections, breaker) shared by all requests. */
export function connectNotifikasi(settings: NotifikasiSettings & { maxSockets?: number }): NotifikasiConnection {
  const client = new RestLegacyClient('notifikasi', {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    apiKeyHeader: 'X-API-Key',
    pingPath: '/api/ping',
    resilience: settings.resilience,
    maxSockets: settings.maxSockets,
  });
  return { port: new NotifikasiRestAdapter(client), client };
}
