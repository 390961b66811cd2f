import type { LegacyStorage } from '@core/config/shared';
import { startRestEmulator, type RunningRestEmulator } from '../base/rest';
import { startOverOwnDatabase, type WithOwnDatabase } from '../base/own-database-server';
import { ojolRoutes } from './api';
import { CallbackDispatcher, writeQuirks, type CallbackQuirks } from './callbacks';
import { stampOf } from './orders';
import { startSimulation, type Simulation } from './simulate';

/**
 * The ojek-online partner: its REST API on its own port, over its own database (provisioned by
 * ojolEmulator, see ./emulator.ts), with its webhook worker and, when asked, couriers that move
 * orders on by themselves. Used by tests and by scripts/start.ts. Stopping it (a fault test, the
 * host going down) stops its callbacks too; restarting resumes them.
 */
export interface OjolServerOptions {
  port: number;
  host?: string;
  apiKey: string;
  /** Added to every answer (fault tests slow the app with setLatency too). */
  latencyMs?: number;
  /** How long a quote stays valid (default 10 minutes). */
  quoteMinutes?: number;
  callback?: {
    /** Where the partner POSTs status changes; none: they wait in its queue. */
    url?: string;
    secret: string;
    /** How often the webhook worker looks at its queue; 0 (tests): only on `callbacks.runOnce()`. Default 500 ms. */
    intervalMs?: number;
    timeoutMs?: number;
    /** Written to the partner's settings at start (otherwise what its operators last set stays). */
    quirks?: Partial<CallbackQuirks>;
  };
  /** Couriers move every open order one step this often (npm start); 0 or unset: off (tests drive them). */
  simulateEveryMs?: number;
  simulateSeed?: number;
  /** The application's clock (default the server's): tests move it on. */
  now?: () => Date;
  log?: (line: string) => void;
}

export type RunningOjol = WithOwnDatabase<RunningRestEmulator> & {
  /** The webhook worker: `runOnce()` sends what is due now (tests). */
  readonly callbacks: Pick<CallbackDispatcher, 'runOnce'>;
  /** The couriers' simulation: `step()` moves every open order once. */
  readonly simulation: Simulation;
};

export const OJOL_API_KEY_HEADER = 'X-Mitra-Key';

export async function startOjol(storage: LegacyStorage, options: OjolServerOptions): Promise<RunningOjol> {
  const now = options.now ?? (() => new Date());
  let dispatcher: CallbackDispatcher | undefined;
  let simulation: Simulation | undefined;
  const running = await startOverOwnDatabase('ojol', storage, async (db) => {
    if (options.callback?.quirks) await writeQuirks(db, options.callback.quirks);
    const server = await startRestEmulator(
      { app: 'ojol', port: options.port, host: options.host, apiKey: options.apiKey, apiKeyHeader: OJOL_API_KEY_HEADER, latencyMs: options.latencyMs, log: options.log },
      ojolRoutes(db, { now, quoteMinutes: options.quoteMinutes ?? 10 }),
    );
    dispatcher = new CallbackDispatcher(db, {
      url: options.callback?.url,
      secret: options.callback?.secret ?? '',
      now,
      intervalMs: options.callback?.intervalMs ?? 500,
      timeoutMs: options.callback?.timeoutMs,
      stamp: stampOf,
      log: options.log,
    });
    dispatcher.start();
    simulation = startSimulation(db, { everyMs: options.simulateEveryMs ?? 0, seed: options.simulateSeed ?? 22, now, log: options.log });
    const { stop, restart } = server;
    return Object.assign(server, {
      async stop() {
        await dispatcher!.stop();
        await stop();
      },
      async restart() {
        await restart();
        dispatcher!.start();
      },
    });
  });
  const close = running.close;
  return Object.assign(running, {
    callbacks: dispatcher!,
    simulation: simulation!,
    async close() {
      simulation!.stop();
      await close();
    },
  });
}
