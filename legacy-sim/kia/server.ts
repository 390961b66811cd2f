import type { LegacyStorage } from '@core/config/shared';
import { startRestEmulator, type RunningRestEmulator } from '../base/rest';
import { startOverOwnDatabase, type WithOwnDatabase } from '../base/own-database-server';
import { kiaRoutes } from './api';

/**
 * The KIA application: its REST API on its own port, over its own database (provisioned by
 * kiaEmulator, see ./emulator.ts). Used by tests and by scripts/start.ts.
 */
export interface KiaServerOptions {
  port: number;
  host?: string;
  apiKey: string;
  /** Added to every answer (fault tests slow the app with setLatency too). */
  latencyMs?: number;
  /** The regency in card numbers, e.g. '36.74' (default) or '33.25'. */
  regencyCode?: string;
  /** How long the family lookup takes (default 150 ms). */
  familySlowMs?: number;
  log?: (line: string) => void;
}

/** The running app: the REST base's runtime controls (calls, setLatency, stop, restart) and close. */
export type RunningKia = WithOwnDatabase<RunningRestEmulator>;

export async function startKia(storage: LegacyStorage, options: KiaServerOptions): Promise<RunningKia> {
  return startOverOwnDatabase('kia', storage, (db) =>
    startRestEmulator(
        { app: 'kia', port: options.port, host: options.host, apiKey: options.apiKey, apiKeyHeader: 'X-API-Key', latencyMs: options.latencyMs, log: options.log },
        kiaRoutes(db, { regency4: (options.regencyCode ?? '36.74').replace('.', ''), familySlowMs: options.familySlowMs ?? 150 }),
      ),
  );
}
