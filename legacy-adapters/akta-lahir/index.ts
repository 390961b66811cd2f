import type { LegacyStorage } from '@core/config/shared';
import { connectSqlApp, type SqlLegacyClient } from '../base/sql/sql-client';
import type { AktaLahirPort } from './port';
import { AktaLahirSqlAdapter, type AktaLahirSite } from './sql/akta-lahir-sql-adapter';

export type { AktaLahirPort, BirthDeed, BirthRegistration, Parent, RegisteredBirth } from './port';
export type { AktaLahirSite } from './sql/akta-lahir-sql-adapter';
export { createAktaLahirLoaders, type AktaLahirLoaders } from './loaders';

export interface AktaLahirConnection {
  port: AktaLahirPort;
  client: SqlLegacyClient;
}

export interface AktaLahirOptions extends AktaLahirSite {
  /** Per-statement timeout. */
  timeoutMs: number;
  /** MariaDB connections (default 10), or SQLite worker threads (default 2). */
  poolMax?: number;
}

/** The birth registry adapter for this process: one pool, shared by all requests. */
export function connectAktaLahir(storage: LegacyStorage, options: AktaLahirOptions): AktaLahirConnection {
  const client = connectSqlApp('akta-lahir', storage, options);
  const { regencyCode, timeZone, officer } = options;
  return { port: new AktaLahirSqlAdapter(client, { regencyCode, timeZone, officer }), client };
}
