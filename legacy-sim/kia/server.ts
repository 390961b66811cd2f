import type { LegacyStorage } from '@core/config/shared';
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { startRestEmulator, type CallCounts } from '../base/rest';
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

export interface RunningKia {
  readonly url: string;
  readonly port: number;
  /** Calls received per route, e.g. calls.of('GET /api/kia'). */
  readonly calls: CallCounts;
  /** Every route, or one ('POST /api/kia'); see RunningRestEmulator.setLatency. */
  setLatency(ms: number, route?: string): void;
  /** Stops the server (open connections are cut); the database stays open for `restart`. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server for good and closes the database. */
  close(): Promise<void>;
}

export async function startKia(storage: LegacyStorage, options: KiaServerOptions): Promise<RunningKia> {
  const db = openAppDatabase(locateAppDatabase('kia', storage), { mustExist: true, poolMax: 5 });
  try {
    const server = await startRestEmulator(
      { app: 'kia', port: options.port, host: options.host, apiKey: options.apiKey, apiKeyHeader: 'X-API-Key', latencyMs: options.latencyMs, log: options.log },
      kiaRoutes(db, { regency4: (options.regencyCode ?? '36.74').replace('.', ''), familySlowMs: options.familySlowMs ?? 150 }),
    );
    return {
      get url() {
        return server.url;
      },
      get port() {
        return server.port;
      },
      calls: server.calls,
      setLatency: (ms, route) => server.setLatency(ms, route),
      stop: () => server.stop(),
      restart: () => server.restart(),
      async close() {
        await server.stop();
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
