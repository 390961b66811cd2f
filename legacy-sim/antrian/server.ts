import type { LegacyStorage } from '@core/config/shared';
import { startRestEmulator, type RunningRestEmulator } from '../base/rest';
import { startOverOwnDatabase, type WithOwnDatabase } from '../base/own-database-server';
import { antrianRoutes } from './api';

/**
 * The queue and appointment application: its REST API on its own port, over its own database
 * (provisioned by antrianEmulator, see ./emulator.ts). Used by tests and by scripts/start.ts.
 */
export interface AntrianServerOptions {
  port: number;
  host?: string;
  apiKey: string;
  /** Added to every answer (fault tests slow the app with setLatency too). */
  latencyMs?: number;
  /** How many days ahead bookings open (default 30). */
  windowDays?: number;
  /** How long the worklist takes (default 300 ms). */
  listSlowMs?: number;
  /** The application's clock (default the server's): tests pin it to a working day. */
  now?: () => Date;
  log?: (line: string) => void;
}

/** The running app: the REST base's runtime controls (calls, setLatency, stop, restart) and close. */
export type RunningAntrian = WithOwnDatabase<RunningRestEmulator>;

export async function startAntrian(storage: LegacyStorage, options: AntrianServerOptions): Promise<RunningAntrian> {
  return startOverOwnDatabase('antrian', storage, (db) =>
    startRestEmulator(
      { app: 'antrian', port: options.port, host: options.host, apiKey: options.apiKey, apiKeyHeader: 'X-API-Key', latencyMs: options.latencyMs, log: options.log },
      antrianRoutes(db, { rules: { windowDays: options.windowDays ?? 30 }, now: options.now ?? (() => new Date()), listSlowMs: options.listSlowMs ?? 300 }),
    ),
  );
}
