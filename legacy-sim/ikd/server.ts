import type { LegacyStorage } from '@core/config/shared';
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { startRestEmulator, type CallCounts } from '../base/rest';
import { ikdRoutes } from './api';

/**
 * The IKD application: its REST API on its own port, over its own database (provisioned by
 * ikdEmulator, see ./emulator.ts), behind a key and a rate limit per key. Used by tests and by
 * scripts/start.ts.
 */
export const IKD_KEY_HEADER = 'X-IKD-Key';

export interface IkdServerOptions {
  port: number;
  host?: string;
  apiKey: string;
  /** Calls allowed per key per window; beyond that HTTP 429, status 91, Retry-After (default 50 per second). */
  rateLimit?: { requests: number; windowMs: number };
  /** Added to every answer (fault tests slow the app with setLatency too). */
  latencyMs?: number;
  log?: (line: string) => void;
}

export interface RunningIkd {
  readonly url: string;
  readonly port: number;
  /** Calls received per route, e.g. calls.of('POST /api/ikd/cek-status'), refused ones included. */
  readonly calls: CallCounts;
  setLatency(ms: number, route?: string): void;
  /** Stops the server (open connections are cut); the database stays open for `restart`. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server for good and closes the database. */
  close(): Promise<void>;
}

export const DEFAULT_IKD_RATE_LIMIT = { requests: 50, windowMs: 1_000 };

export async function startIkd(storage: LegacyStorage, options: IkdServerOptions): Promise<RunningIkd> {
  const db = openAppDatabase(locateAppDatabase('ikd', storage), { mustExist: true, poolMax: 5 });
  try {
    const server = await startRestEmulator(
      {
        app: 'ikd',
        port: options.port,
        host: options.host,
        apiKey: options.apiKey,
        apiKeyHeader: IKD_KEY_HEADER,
        rateLimit: options.rateLimit ?? DEFAULT_IKD_RATE_LIMIT,
        latencyMs: options.latencyMs,
        log: options.log,
      },
      ikdRoutes(db),
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
