import type { LegacyStorage } from '@core/config/shared';
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { startRestEmulator, type CallCounts } from '../base/rest';
import { tteRoutes } from './api';
import { DEFAULT_SIGNER, loadKeys, type Signer } from './signatures';

/**
 * The electronic signature application: its REST API on its own port, over its own database
 * (provisioned by tteEmulator, see ./emulator.ts), signing with the key kept there.
 */
export interface TteServerOptions {
  port: number;
  host?: string;
  apiKey: string;
  latencyMs?: number;
  /** The official the office signs as (default: the head of the office). */
  signer?: Signer;
  log?: (line: string) => void;
}

export interface RunningTte {
  readonly url: string;
  readonly port: number;
  /** Calls received per route, e.g. calls.of('POST /api/tte'). */
  readonly calls: CallCounts;
  setLatency(ms: number, route?: string): void;
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTte(storage: LegacyStorage, options: TteServerOptions): Promise<RunningTte> {
  const db = openAppDatabase(locateAppDatabase('tte', storage), { mustExist: true, poolMax: 5 });
  try {
    const keys = await loadKeys(db);
    const server = await startRestEmulator(
      { app: 'tte', port: options.port, host: options.host, apiKey: options.apiKey, apiKeyHeader: 'X-API-Key', latencyMs: options.latencyMs, log: options.log },
      tteRoutes(db, { signer: options.signer ?? DEFAULT_SIGNER, keys }),
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
