import type { LegacyStorage } from '@core/config/shared';
import { startRestEmulator, type RunningRestEmulator } from '../base/rest';
import { startOverOwnDatabase, type WithOwnDatabase } from '../base/own-database-server';
import { admKioskRoutes } from './api';
import { PIN_MINUTES, PRINT_SECONDS } from './rows';

/**
 * The self-service kiosk application: its REST API on its own port, over its own database
 * (provisioned by admKioskEmulator, see ./emulator.ts). Used by tests and by scripts/start.ts.
 */
export interface AdmKioskServerOptions {
  port: number;
  host?: string;
  apiKey: string;
  latencyMs?: number;
  /** How long a PIN can be used (default 15 minutes). */
  pinMinutes?: number;
  /** How long a print takes (default 120 s; tests shorten it). */
  printSeconds?: number;
  /** How long the PIN list takes (default 300 ms). */
  listSlowMs?: number;
  /** The application's clock (default the server's): tests move it on. */
  now?: () => Date;
  log?: (line: string) => void;
}

export type RunningAdmKiosk = WithOwnDatabase<RunningRestEmulator>;

export async function startAdmKiosk(storage: LegacyStorage, options: AdmKioskServerOptions): Promise<RunningAdmKiosk> {
  return startOverOwnDatabase('adm-kiosk', storage, (db) =>
    startRestEmulator(
      { app: 'adm-kiosk', port: options.port, host: options.host, apiKey: options.apiKey, apiKeyHeader: 'X-API-Key', latencyMs: options.latencyMs, log: options.log },
      admKioskRoutes(db, {
        rules: { pinMinutes: options.pinMinutes ?? PIN_MINUTES, printSeconds: options.printSeconds ?? PRINT_SECONDS },
        now: options.now ?? (() => new Date()),
        listSlowMs: options.listSlowMs ?? 300,
      }),
    ),
  );
}
