import type { LegacyStorage } from '@core/config/shared';
import { connectSqlApp, type SqlLegacyClient } from '../base/sql/sql-client';
import type { SiakBirthRecorder, SiakContactReader, SiakDeathRecorder, SiakMoveRecorder, SiakPort } from './port';
import { SiakSqlAdapter } from './sql/siak-sql-adapter';

export type { Family, Parent, RecordedBirth, RecordedDeath, RecordedMove, Resident, ResidentSearch, SiakBirth, SiakBirthRecorder, SiakContactReader, SiakDeath, SiakDeathRecorder, SiakMove, SiakMoveDestination, SiakMoveRecorder, SiakPort } from './port';
export { createSiakLoaders, type SiakLoaders } from './loaders';

export interface SiakConnection {
  port: SiakPort & SiakDeathRecorder & SiakMoveRecorder & SiakBirthRecorder & SiakContactReader;
  client: SqlLegacyClient;
}

export interface SiakOptions {
  /** Per-statement timeout. */
  timeoutMs: number;
  /** MariaDB connections (default 10), or SQLite worker threads (default 2). */
  poolMax?: number;
  /** The office's clock, for the change time SIAK stamps (TGL_UBAH) on a write; default Asia/Jakarta. */
  timeZone?: string;
}

/** The SIAK adapter for this process: one pool (connections or SQLite workers), shared by all requests. */
export function connectSiak(storage: LegacyStorage, options: SiakOptions): SiakConnection {
  const client = connectSqlApp('siak', storage, options);
  return { port: new SiakSqlAdapter(client, options.timeZone), client };
}
