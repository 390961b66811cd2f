import type { LegacyStorage } from '@core/config/shared';
import { startRestEmulator, type RunningRestEmulator } from '../base/rest';
import { startOverOwnDatabase, type WithOwnDatabase } from '../base/own-database-server';
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

/** The running app: the REST base's runtime controls (calls, setLatency, stop, restart) and close. */
export type RunningIkd = WithOwnDatabase<RunningRestEmulator>;

export const DEFAULT_IKD_RATE_LIMIT = { requests: 50, windowMs: 1_000 };

export async function startIkd(storage: LegacyStorage, options: IkdServerOptions): Promise<RunningIkd> {
  return startOverOwnDatabase('ikd', storage, (db) =>
    startRestEmulator(
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
      ),
  );
}
