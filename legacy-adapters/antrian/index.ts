import { RestLegacyClient } from '../base/rest/client';
import type { AntrianSettings } from './config';
import type { AntrianPort } from './port';
import { AntrianRestAdapter } from './rest/antrian-rest-adapter';

export type {
  AntrianPort, Appointment, AppointmentChange, AppointmentChanges, AppointmentCounts, AppointmentFilter, AppointmentRequest, AppointmentStatusChange, AppointmentWorklistPage, AppointmentWorklistQuery, FreeDay, FreeDaysQuery, TicketState,
} from './port';
export { TICKET_STATES } from './port';
export { createAntrianLoaders, type AntrianLoaders } from './loaders';
export { DEVELOPMENT_ANTRIAN_KEY, antrianConfigSchema, antrianSettingsFrom, type AntrianSettings } from './config';

export interface AntrianConnection {
  port: AntrianPort;
  /** For readiness (`client.health()`), tests (`client.callCount`) and shutdown (`client.close()`). */
  client: RestLegacyClient;
}

/** The appointment adapter for this process: one client (connections, breaker) shared by all requests. */
export function connectAntrian(settings: AntrianSettings & { maxSockets?: number }): AntrianConnection {
  const client = new RestLegacyClient('antrian', {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    apiKeyHeader: 'X-API-Key',
    pingPath: '/api/ping',
    resilience: settings.resilience,
    maxSockets: settings.maxSockets,
  });
  return { port: new AntrianRestAdapter(client), client };
}
