import type { LegacyStorage } from '@core/config/shared';
import { startRestEmulator, type RunningRestEmulator } from '../base/rest';
import { startOverOwnDatabase, type WithOwnDatabase } from '../base/own-database-server';
import { pengaduanRoutes } from './api';

/**
 * The complaints desk: its REST API on its own port, over its own database (provisioned by
 * pengaduanEmulator, see ./emulator.ts). Used by tests and by scripts/start.ts.
 */
export interface PengaduanServerOptions {
  port: number;
  host?: string;
  apiKey: string;
  /** Added to every answer (fault tests slow the app with setLatency too). */
  latencyMs?: number;
  log?: (line: string) => void;
}

/** The running app: the REST base's runtime controls (calls, setLatency, stop, restart) and close. */
export type RunningPengaduan = WithOwnDatabase<RunningRestEmulator>;

export async function startPengaduan(storage: LegacyStorage, options: PengaduanServerOptions): Promise<RunningPengaduan> {
  return startOverOwnDatabase('pengaduan', storage, (db) =>
    startRestEmulator({ app: 'pengaduan', port: options.port, host: options.host, apiKey: options.apiKey, apiKeyHeader: 'X-API-Key', latencyMs: options.latencyMs, log: options.log }, pengaduanRoutes(db)),
  );
}
