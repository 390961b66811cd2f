import type { LegacyStorage } from '@core/config/shared';
import { connectSqlApp, type SqlLegacyClient } from '../base/sql/sql-client';
import type { OrangAsingPort } from './port';
import { OrangAsingSqlAdapter, type OrangAsingSite } from './sql/orang-asing-sql-adapter';

export type { ForeignResident, ForeignerPage, ForeignerRegistration, ForeignerSearch, OrangAsingPort, RegisteredForeigner, Sex, StayPermit, StayPermitType } from './port';
export type { OrangAsingSite } from './sql/orang-asing-sql-adapter';
export { createOrangAsingLoaders, type OrangAsingLoaders } from './loaders';

export interface OrangAsingConnection {
  port: OrangAsingPort;
  client: SqlLegacyClient;
}

export interface OrangAsingOptions extends OrangAsingSite {
  /** Per-statement timeout. */
  timeoutMs: number;
  /** MariaDB connections (default 10), or SQLite worker threads (default 2). */
  poolMax?: number;
}

/** The foreign residents' register adapter for this process: one pool, shared by all requests. */
export function connectOrangAsing(storage: LegacyStorage, options: OrangAsingOptions): OrangAsingConnection {
  const client = connectSqlApp('orang-asing', storage, { timeoutMs: options.timeoutMs, poolMax: options.poolMax });
  const { regencyCode, timeZone, officer } = options;
  return { port: new OrangAsingSqlAdapter(client, { regencyCode, timeZone, officer }), client };
}
