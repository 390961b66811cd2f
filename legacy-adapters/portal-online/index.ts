import type { LegacyStorage } from '@core/config/shared';
import { connectSqlApp, type SqlLegacyClient } from '../base/sql/sql-client';
import type { PortalOnlinePort } from './port';
import { PortalOnlineSqlAdapter, type PortalOnlineSite } from './sql/portal-online-sql-adapter';

export type {
  ApplicationFilter, ApplicationPage, ApplicationStatusChange, ApplicationSubmission, Attachment, AttachmentReference, ChangeFeedPage,
  OnlineApplication, PortalOnlinePort, StatusCount, StatusUpdate, SubmittedApplication, WorklistQuery,
} from './port';
export type { PortalOnlineSite } from './sql/portal-online-sql-adapter';
export { createPortalOnlineLoaders, type PortalOnlineLoaders } from './loaders';
export { portalOnlineConfigSchema, portalOnlineSettingsFrom, type PortalOnlineSettings } from './config';

export interface PortalOnlineConnection {
  port: PortalOnlinePort;
  client: SqlLegacyClient;
}

export interface PortalOnlineOptions extends PortalOnlineSite {
  /** Per-statement timeout. */
  timeoutMs: number;
  /** MariaDB connections (default 10), or SQLite worker threads (default 2). */
  poolMax?: number;
}

/** The online portal's adapter for this process: one pool, shared by all requests. */
export function connectPortalOnline(storage: LegacyStorage, options: PortalOnlineOptions): PortalOnlineConnection {
  const client = connectSqlApp('portal-online', storage, { timeoutMs: options.timeoutMs, poolMax: options.poolMax });
  const { regencyCode, timeZone } = options;
  return { port: new PortalOnlineSqlAdapter(client, { regencyCode, timeZone }), client };
}
