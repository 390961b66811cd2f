import type { LegacyStorage } from '@core/config/shared';
import { startRestEmulator, type RunningRestEmulator } from '../base/rest';
import { startOverOwnDatabase, type WithOwnDatabase } from '../base/own-database-server';
import { pindahKeluarRoutes } from './api';

/**
 * The move-out (SKPWNI) application: its REST API on its own port, over its own database
 * (provisioned by pindahKeluarEmulator, see ./emulator.ts). Used by tests and by scripts/start.ts.
 */
export interface PindahKeluarServerOptions {
  port: number;
  host?: string;
  apiKey: string;
  /** Added to every answer (fault tests slow the app with setLatency too). */
  latencyMs?: number;
  /** The city whose residents move out, e.g. '36.74' (default). */
  regencyCode?: string;
  /** How long the register list takes (default 400 ms). */
  listSlowMs?: number;
  log?: (line: string) => void;
}

/** The running app: the REST base's runtime controls (calls, setLatency, stop, restart) and close. */
export type RunningPindahKeluar = WithOwnDatabase<RunningRestEmulator>;

export async function startPindahKeluar(storage: LegacyStorage, options: PindahKeluarServerOptions): Promise<RunningPindahKeluar> {
  return startOverOwnDatabase('pindah-keluar', storage, (db) =>
    startRestEmulator(
        { app: 'pindah-keluar', port: options.port, host: options.host, apiKey: options.apiKey, apiKeyHeader: 'X-API-Key', latencyMs: options.latencyMs, log: options.log },
        pindahKeluarRoutes(db, { regencyCode: options.regencyCode ?? '36.74', listSlowMs: options.listSlowMs ?? 400 }),
      ),
  );
}
