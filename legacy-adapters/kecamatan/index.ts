import type { LegacyStorage } from '@core/config/shared';
import { connectSqlApp, type SqlLegacyClient } from '../base/sql/sql-client';
import type { KecamatanSettings } from './config';
import type { KecamatanPort } from './port';
import { KecamatanSqlAdapter } from './sql/kecamatan-sql-adapter';

export { COUNTER_SERVICES } from './port';
export type {
  ChangeBatch, CounterRequest, CounterService, CounterStatus, CounterStatusUpdate, CounterSubmission, KecamatanPort, RecordedChange,
  StatusCounts, SubmittedRequest, UpdatedRequest, WorklistFilter, WorklistPage, WorklistQuery,
} from './port';
export { kecamatanConfigSchema, kecamatanSettingsFrom, type KecamatanSettings } from './config';
export { createKecamatanLoaders, type KecamatanLoaders } from './loaders';

export interface KecamatanConnection {
  port: KecamatanPort;
  client: SqlLegacyClient;
}

export interface KecamatanOptions extends KecamatanSettings {
  /** The tenant's dotted regency code, e.g. '36.74'. */
  regencyCode: string;
  /** The office's clock, e.g. 'Asia/Jakarta'. */
  timeZone: string;
  /** MariaDB connections (default 10), or SQLite worker threads (default 2). */
  poolMax?: number;
}

/** The kecamatan counter adapter for this process: one pool, shared by all requests. */
export function connectKecamatan(storage: LegacyStorage, options: KecamatanOptions): KecamatanConnection {
  const client = connectSqlApp('kecamatan', storage, { timeoutMs: options.timeoutMs, poolMax: options.poolMax });
  const { regencyCode, timeZone, changeSettleMs } = options;
  return { port: new KecamatanSqlAdapter(client, { regencyCode, timeZone, changeSettleMs }), client };
}
