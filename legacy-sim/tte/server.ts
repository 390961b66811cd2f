import type { LegacyStorage } from '@core/config/shared';
import { startRestEmulator, type RunningRestEmulator } from '../base/rest';
import { startOverOwnDatabase, type WithOwnDatabase } from '../base/own-database-server';
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

/** The running app: the REST base's runtime controls (calls, setLatency, stop, restart) and close. */
export type RunningTte = WithOwnDatabase<RunningRestEmulator>;

export async function startTte(storage: LegacyStorage, options: TteServerOptions): Promise<RunningTte> {
  return startOverOwnDatabase('tte', storage, async (db) => {
    const keys = await loadKeys(db);
    return startRestEmulator(
      { app: 'tte', port: options.port, host: options.host, apiKey: options.apiKey, apiKeyHeader: 'X-API-Key', latencyMs: options.latencyMs, log: options.log },
      tteRoutes(db, { signer: options.signer ?? DEFAULT_SIGNER, keys }),
    );
  });
}
