import type { LegacyStorage } from '@core/config/shared';
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { SqlLegacyClient } from '../base/sql/sql-client';
import type { SiakPort } from './port';
import { SiakSqlAdapter } from './sql/siak-sql-adapter';

export type { SiakPort } from './port';
export { createSiakLoaders, type SiakLoaders } from './loaders';

export interface SiakConnection {
  port: SiakPort;
  client: SqlLegacyClient;
}

/** The SIAK adapter for this process: one connection pool, shared by all requests. */
export function connectSiak(storage: LegacyStorage, options: { timeoutMs: number; poolMax?: number }): SiakConnection {
  const db = openAppDatabase(locateAppDatabase('siak', storage), { poolMax: options.poolMax, mustExist: true });
  const client = new SqlLegacyClient('siak', db, { timeoutMs: options.timeoutMs });
  return { port: new SiakSqlAdapter(client), client };
}
