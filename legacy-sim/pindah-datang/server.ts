import type { LegacyStorage } from '@core/config/shared';
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { startRestEmulator, type CallCounts } from '../base/rest';
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

export interface RunningPindahDatang {
  readonly url: string;
  readonly port: number;
  /** Calls received per route, e.g. calls.of('GET /api/datang'). */
  readonly calls: CallCounts;
  /** Every route, or one ('POST /api/datang'); see RunningRestEmulator.setLatency. */
  setLatency(ms: number, route?: string): void;
  /** Stops the server (open connections are cut); the database stays open for `restart`. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server for good and closes the database. */
  close(): Promise<void>;
}

export async function startPindahDatang(storage: LegacyStorage, options: PindahDatangServerOptions): Promise<RunningPindahDatang> {
  const db = openAppDatabase(locateAppDatabase('pindah-datang', storage), { mustExist: true, poolMax: 5 });
  try {
    const server = await startRestEmulator(
      { app: 'pindah-datang', port: options.port, host: options.host, apiKey: options.apiKey, apiKeyHeader: 'X-API-Key', latencyMs: options.latencyMs, log: options.log },
      pindahDatangRoutes(db, { regencyCode: options.regencyCode ?? '36.74', listSlowMs: options.listSlowMs ?? 400 }),
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
