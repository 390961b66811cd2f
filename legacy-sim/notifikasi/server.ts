import type { LegacyStorage } from '@core/config/shared';
import { startRestEmulator, type RunningRestEmulator } from '../base/rest';
import { startOverOwnDatabase, type WithOwnDatabase } from '../base/own-database-server';
import { notifikasiRoutes } from './api';
import { BackgroundWork } from './background';
import { setRate } from './messages';
import type { DeliveryRules } from './plan';
import { SendThrottle } from './throttle';

/**
 * The SMS/WhatsApp gateway: its REST API on its own port, over its own database (provisioned by
 * notifikasiEmulator, see ./emulator.ts), with its background work (reports, callbacks). Used by
 * tests and by scripts/start.ts.
 */
export interface NotifikasiServerOptions {
  port: number;
  host?: string;
  apiKey: string;
  /** Added to every answer (fault tests slow the app with setLatency too). */
  latencyMs?: number;
  /** Messages per second; written to the gateway's settings at start (the operator may change it later). */
  rate?: number;
  /** Acceptance to handover (default 2 s). */
  sendDelayMs?: number;
  /** Handover to the last report (default 5 s). */
  reportDelayMs?: number;
  /** 0 to 1 (default 0.05). */
  failureRate?: number;
  /** Seed of the outcomes (default 1). */
  seed?: number;
  /** How often the background work runs (default 1000 ms; 0: only when called, or by `tick()`). */
  tickMs?: number;
  /** The application's clock (default the server's): tests move it on. */
  now?: () => Date;
  log?: (line: string) => void;
}

export const DEFAULT_RULES: DeliveryRules = { seed: 1, failureRate: 0.05, sendDelayMs: 2_000, reportDelayMs: 5_000 };

/** The REST base's runtime controls (calls, setLatency, stop, restart), close, and one round of background work. */
export type RunningNotifikasi = WithOwnDatabase<RunningRestEmulator> & {
  /** Takes in the reports due on the app's clock and sends pending callbacks, now. */
  tick(): Promise<void>;
};

export async function startNotifikasi(storage: LegacyStorage, options: NotifikasiServerOptions): Promise<RunningNotifikasi> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const rules: DeliveryRules = {
    seed: options.seed ?? DEFAULT_RULES.seed,
    failureRate: options.failureRate ?? DEFAULT_RULES.failureRate,
    sendDelayMs: options.sendDelayMs ?? DEFAULT_RULES.sendDelayMs,
    reportDelayMs: options.reportDelayMs ?? DEFAULT_RULES.reportDelayMs,
  };
  const apiKeyHeader = 'X-API-Key';
  let work: BackgroundWork | undefined;
  const running = await startOverOwnDatabase('notifikasi', storage, async (db) => {
    if (options.rate !== undefined) await setRate(db, options.rate);
    work = new BackgroundWork(db, now, options.tickMs ?? 1_000, log);
    const server = await startRestEmulator(
      { app: 'notifikasi', port: options.port, host: options.host, apiKey: options.apiKey, apiKeyHeader, latencyMs: options.latencyMs, log },
      notifikasiRoutes(db, { rules, now, throttle: new SendThrottle(), apiKeyHeader }),
    );
    const stopServer = server.stop;
    const restartServer = server.restart;
    // The background work lives and dies with the server, as on the vendor's host.
    return Object.assign(server, {
      stop: async () => {
        await work!.stop();
        await stopServer();
      },
      restart: async () => {
        await restartServer();
        work!.start();
      },
    });
  });
  work!.start();
  return Object.assign(running, { tick: () => work!.tick() });
}
