import type { LegacyStorage } from '@core/config/shared';
import { connectSqlApp, type SqlLegacyClient } from '../base/sql/sql-client';
import type { SirenaPort } from './port';
import { SirenaSqlAdapter, type SirenaSite } from './sql/sirena-sql-adapter';

export type {
  BatchFiling, BatchItem, ChangeFeedPage, FiledBatch, ItemOutcome, ItemRejectionReason, KelurahanBatch, KelurahanRequest, NewbornDetails, RequestFilter, RequestPage,
  RequestStatusChange, SirenaPort, StatusCount, WorklistQuery,
} from './port';
export type { SirenaSite } from './sql/sirena-sql-adapter';
/** Whether a note with a newborn's details fits Sirena's column: for the subgraph's check at the edge. */
export { NOTE_WIDTH, noteWithNewborn } from './sql/newborn';
export { createSirenaLoaders, type SirenaLoaders } from './loaders';
export { sirenaConfigSchema, sirenaSettingsFrom, type SirenaSettings } from './config';

export interface SirenaConnection {
  port: SirenaPort;
  client: SqlLegacyClient;
}

export interface SirenaOptions extends SirenaSite {
  timeoutMs: number;
  poolMax?: number;
}

/** Sirena's adapter for this process: one pool, shared by all requests. */
export function connectSirena(storage: LegacyStorage, options: SirenaOptions): SirenaConnection {
  const client = connectSqlApp('sirena', storage, { timeoutMs: options.timeoutMs, poolMax: options.poolMax });
  return { port: new SirenaSqlAdapter(client, { timeZone: options.timeZone }), client };
}
