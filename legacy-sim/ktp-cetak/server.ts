import type { LegacyStorage } from '@core/config/shared';
import { startRestEmulator, type RunningRestEmulator } from '../base/rest';
import { startOverOwnDatabase, type WithOwnDatabase } from '../base/own-database-server';
import { ktpCetakRoutes } from './api';

/**
 * The KTP-el print queue application: its REST API on its own port, over its own database
 * (provisioned by ktpCetakEmulator, see ./emulator.ts). Used by tests and by scripts/start.ts.
 */
export interface KtpCetakServerOptions {
  port: number;
  host?: string;
  apiKey: string;
  /** Added to every answer (fault tests slow the app with setLatency too). */
  latencyMs?: number;
  /** The regency in job numbers, e.g. '36.74' (default) or '33.25'. */
  regencyCode?: string;
  /** How long the queue list takes (default 400 ms). */
  listSlowMs?: number;
  log?: (line: string) => void;
}

/** The running app: the REST base's runtime controls (calls, setLatency, stop, restart) and close. */
export type RunningKtpCetak = WithOwnDatabase<RunningRestEmulator>;

export async function startKtpCetak(storage: LegacyStorage, options: KtpCetakServerOptions): Promise<RunningKtpCetak> {
  return startOverOwnDatabase('ktp-cetak', storage, (db) =>
    startRestEmulator(
        { app: 'ktp-cetak', port: options.port, host: options.host, apiKey: options.apiKey, apiKeyHeader: 'X-API-Key', latencyMs: options.latencyMs, log: options.log },
        ktpCetakRoutes(db, { regency4: (options.regencyCode ?? '36.74').replace('.', ''), listSlowMs: options.listSlowMs ?? 400 }),
      ),
  );
}
