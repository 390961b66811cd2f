import type { LegacyStorage } from '@core/config/shared';
import { startRestEmulator, type RunningRestEmulator } from '../base/rest';
import { startOverOwnDatabase, type WithOwnDatabase } from '../base/own-database-server';
import { pindahDatangRoutes } from './api';

/**
 * The move-in (SKDWNI) application: its REST API on its own port, over its own database
 * (provisioned by pindahDatangEmulator, see ./emulator.ts). Used by tests and by scripts/start.ts.
 */
export interface PindahDatangServerOptions {
  port: number;
  host?: string;
  apiKey: string;
  /** Added to every answer (fault tests slow the app with setLatency too). */
  latencyMs?: number;
  /** The city residents arrive in, e.g. '36.74' (default). */
  regencyCode?: string;
  /** How long the register list takes (default 400 ms). */
  listSlowMs?: number;
  log?: (line: string) => void;
}

/** The running app: the REST base's runtime controls (calls, setLatency, stop, restart) and close. */
export type RunningPindahDatang = WithOwnDatabase<RunningRestEmulator>;

export async function startPindahDatang(storage: LegacyStorage, options: PindahDatangServerOptions): Promise<RunningPindahDatang> {
  return startOverOwnDatabase('pindah-datang', storage, (db) =>
    startRestEmulator(
        { app: 'pindah-datang', port: options.port, host: options.host, apiKey: options.apiKey, apiKeyHeader: 'X-API-Key', latencyMs: options.latencyMs, log: options.log },
        pindahDatangRoutes(db, { regencyCode: options.regencyCode ?? '36.74', listSlowMs: options.listSlowMs ?? 400 }),
      ),
  );
}
