import type { Knex } from 'knex';
import { markCallback, pendingCallbacks, sweep } from './messages';
import { laporanJson } from './records';

/**
 * The gateway's own background work, as its server runs it every `tickMs` whether or not anyone
 * calls: take in the operators' reports that are due, then post each new report to the callback
 * URL its message gave. A callback is tried once (2 s), and never again whether it was answered
 * or lost: clients that must know poll the report feed (the vendor's documentation says so).
 * Stops with the server (stop) and starts again with it (restart), as when its host goes down.
 */
const CALLBACK_TIMEOUT_MS = 2_000;
const CALLBACK_BATCH = 50;

export class BackgroundWork {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Knex,
    private readonly now: () => Date,
    private readonly tickMs: number,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    if (this.timer || this.tickMs <= 0) return;
    this.timer = setInterval(() => void this.tick().catch((error: unknown) => this.log(`notifikasi background work failed: ${error instanceof Error ? error.message : String(error)}`)), this.tickMs);
    // Must not keep a stopped emulator's process (or a test run) alive.
    this.timer.unref();
  }

  /** Stops the timer and waits for a round under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One round now (tests call it after moving the clock); a round already under way is joined. */
  tick(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(): Promise<void> {
    await sweep(this.db, this.now());
    for (const report of await pendingCallbacks(this.db, CALLBACK_BATCH)) {
      let outcome: 'Y' | 'E' = 'E';
      try {
        const response = await fetch(report.url_callback!, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(laporanJson(report)),
          signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
        });
        await response.body?.cancel();
        if (response.ok) outcome = 'Y';
      } catch {
        // Lost: the client polls.
      }
      await markCallback(this.db, Number(report.id_laporan), outcome);
    }
  }
}
