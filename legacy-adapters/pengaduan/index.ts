import { RestLegacyClient } from '../base/rest/client';
import type { PengaduanSettings } from './config';
import type { PengaduanPort } from './port';
import { PengaduanRestAdapter } from './rest/pengaduan-rest-adapter';

export type {
  Complaint, ComplaintCategory, ComplaintChange, ComplaintChanges, ComplaintEntry, ComplaintResponse, ComplaintSource, ComplaintStatus,
  ComplaintSummary, ComplaintWorklistPage, ComplaintWorklistQuery, NewComplaint, PengaduanPort,
} from './port';
export { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES } from './port';
export { createPengaduanLoaders, type PengaduanLoaders } from './loaders';
export { DEVELOPMENT_PENGADUAN_KEY, pengaduanConfigSchema, pengaduanSettingsFrom, type PengaduanSettings } from './config';

export interface PengaduanConnection {
  port: PengaduanPort;
  /** For readiness (`client.health()`), tests (`client.callCount`) and shutdown (`client.close()`). */
  client: RestLegacyClient;
}

/** The complaints adapter for this process: one client (connections, breaker) shared by all requests. */
export function connectPengaduan(settings: PengaduanSettings & { maxSockets?: number }): PengaduanConnection {
  const client = new RestLegacyClient('pengaduan', {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    apiKeyHeader: 'X-API-Key',
    pingPath: '/api/ping',
    resilience: settings.resilience,
    maxSockets: settings.maxSockets,
  });
  return { port: new PengaduanRestAdapter(client), client };
}
