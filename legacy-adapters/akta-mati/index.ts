import type { LegacyStorage } from '@core/config/shared';
import { connectSqlApp, type SqlLegacyClient } from '../base/sql/sql-client';
import type { AktaMatiPort } from './port';
import { AktaMatiSqlAdapter, type AktaMatiSite } from './sql/akta-mati-sql-adapter';

export type { AktaMatiPort, DeathCause, DeathDeed, DeathRegistration, DeathReporter, RegisteredDeath } from './port';
export type { AktaMatiSite } from './sql/akta-mati-sql-adapter';
export { createAktaMatiLoaders, type AktaMatiLoaders } from './loaders';

export interface AktaMatiConnection {
  port: AktaMatiPort;
  client: SqlLegacyClient;
}

export interface AktaMatiOptions extends AktaMatiSite {
  /** Per-statement timeout. */
  timeoutMs: number;
  /** MariaDB connections (default 10), or SQLite worker threads (default 2). */
  poolMax?: number;
}

/** The death registry adapter for this process: one pool, shared by all requests. */
export function connectAktaMati(storage: LegacyStorage, options: AktaMatiOptions): AktaMatiConnection {
  const client = connectSqlApp('akta-mati', storage, options);
  const { regencyCode, timeZone, officer } = options;
  return { port: new AktaMatiSqlAdapter(client, { regencyCode, timeZone, officer }), client };
}
