import type { LegacyStorage } from '@core/config/shared';
import { connectSqlApp, type SqlLegacyClient } from '../base/sql/sql-client';
import type { SiakPort } from './port';
import { SiakSqlAdapter } from './sql/siak-sql-adapter';

export type { Family, Parent, Resident, ResidentSearch, SiakPort } from './port';
export { createSiakLoaders, type SiakLoaders } from './loaders';

export interface SiakConnection {
  port: SiakPort;
  client: SqlLegacyClient;
}

export interface SiakOptions {
  /** Per-statement timeout. */
  timeoutMs: number;
  /** MariaDB connections (default 10), or SQLite worker threads (default 2). */
  poolMax?: number;
}

/** The SIAK adapter for this process: one pool (connections or SQLite workers), shared by all requests. */
export function connectSiak(storage: LegacyStorage, options: SiakOptions): SiakConnection {
  const client = connectSqlApp('siak', storage, options);
  return { port: new SiakSqlAdapter(client), client };
}
