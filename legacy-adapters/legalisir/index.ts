import type { LegacyStorage } from '@core/config/shared';
import { connectSqlApp, type SqlLegacyClient } from '../base/sql/sql-client';
import type { LegalisirSettings } from './config';
import type { LegalisirPort } from './port';
import { LegalisirSqlAdapter } from './sql/legalisir-sql-adapter';

export { LEGALISED_DOCUMENTS, MAX_COPIES } from './port';
export type {
  ChangeBatch, DocumentCheck, DocumentReference, LegalisationRequest, LegalisationStatusUpdate, LegalisationSubmission, LegalisedDocument, LegalisirPort,
  RecordedChange, StatusCounts, SubmittedRequest, UpdatedRequest, WorklistFilter, WorklistPage, WorklistQuery,
} from './port';
export { legalisirConfigSchema, legalisirSettingsFrom, type LegalisirSettings } from './config';
export { createLegalisirLoaders, type LegalisirLoaders } from './loaders';

export interface LegalisirConnection {
  port: LegalisirPort;
  client: SqlLegacyClient;
}

export interface LegalisirOptions extends LegalisirSettings {
  /** The tenant's dotted regency code, e.g. '36.74'. */
  regencyCode: string;
  /** The office's clock, e.g. 'Asia/Jakarta'. */
  timeZone: string;
  /** MariaDB connections (default 10), or SQLite worker threads (default 2). */
  poolMax?: number;
}

/** The legalisation adapter for this process: one pool, shared by all requests. */
export function connectLegalisir(storage: LegacyStorage, options: LegalisirOptions): LegalisirConnection {
  const client = connectSqlApp('legalisir', storage, { timeoutMs: options.timeoutMs, poolMax: options.poolMax });
  const { regencyCode, timeZone, changeSettleMs } = options;
  return { port: new LegalisirSqlAdapter(client, { regencyCode, timeZone, changeSettleMs }), client };
}
