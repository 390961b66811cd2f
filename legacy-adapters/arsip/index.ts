import type { LegacyStorage } from '@core/config/shared';
import { locateAppFolders } from '@core/files/app-folders';
import { connectSqlApp, type SqlLegacyClient } from '../base/sql/sql-client';
import type { ArsipSettings } from './config';
import type { ArsipPort } from './port';
import { ArsipAdapter } from './sql/arsip-adapter';

export type { ArchiveContentType, ArchiveRequest, ArchiveResult, ArchivedDocument, ArsipPort, OpenedDocument } from './port';
export { arsipConfigSchema, arsipSettingsFrom, type ArsipSettings } from './config';
export { createArsipLoaders, type ArsipLoaders } from './loaders';

export interface ArsipConnection {
  port: ArsipPort;
  client: SqlLegacyClient;
}

export interface ArsipOptions extends ArsipSettings {
  /** The office's clock, e.g. 'Asia/Jakarta'. */
  timeZone: string;
  /** MariaDB connections (default 10), or SQLite worker threads (default 2). */
  poolMax?: number;
}

/** The archive adapter for this process: one pool, shared by all requests. */
export function connectArsip(storage: LegacyStorage, options: ArsipOptions): ArsipConnection {
  const client = connectSqlApp('arsip', storage, { timeoutMs: options.timeoutMs, poolMax: options.poolMax });
  const archiveFolder = options.archiveFolder ?? locateAppFolders('arsip', storage).archive;
  return { port: new ArsipAdapter(client, { archiveFolder, maxBytes: options.maxBytes, timeZone: options.timeZone, officer: options.officer }), client };
}
