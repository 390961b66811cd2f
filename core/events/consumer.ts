import { randomUUID } from 'node:crypto';
import type { Logger } from '@core/log';
import { retryDelay, type BackoffSettings } from '@core/outbox/backoff';
import { eventHandlerFailures } from './metrics';
import type { EventStore } from './store';
import type { DeliveredEvent } from './types';
import { onPublish } from './wakeups';

export interface ConsumerSettings {
  /** How often an idle consumer looks for new events (a publish in this process wakes it at once). */
  pollIntervalMs: number;
  /** How long a process's hold on a subscription lasts without renewal (renewed every third of it). */
  leaseMs: number;
  /** Most events read at once. */
  batchSize: number;
  /** Pauses after a failed handler, before the same event is tried again. */
  backoff: BackoffSettings;
  /** How long close() waits for a handler in progress. */
  closeWaitMs: number;
}

export const DEFAULT_CONSUMER: ConsumerSettings = {
  pollIntervalMs: 500,
  leaseMs: 30_000,
  batchSize: 100,
  backoff: { initialMs: 200, maxMs: 30_000 },
  closeWaitMs: 30_000,
};

/**
 * Handles `events` in order, calling `ack` after each one it has handled (or once for the last of
 * several handled together). Throwing stops the batch: the first unacknowledged event comes again.
 */
export type BatchHandler = (events: DeliveredEvent[], ack: (event: DeliveredEvent) => Promise<void>) => Promise<void>;

/** The subscription's lease was lost (this process stalled past it and another took over). */
export class LeaseLost extends Error {
  constructor(subscription: string) {
    super(`the lease on subscription ${subscription} was lost`);
    this.name = 'LeaseLost';
  }
}

const SILENT: Pick<Logger, 'info' | 'warn' | 'error'> = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * One subscription's consumer of the flow log (also the RabbitMQ relay's, under a name of its own).
 *
 * - Its cursor (EVENT_CURSOR) is the last sequence acknowledged; it moves only after the handler
 *   has handled an event, so a restarted or crashed consumer resumes with the first event not
 *   acknowledged, before any later one.
 * - Only the process holding the subscription's lease handles events: taken with one conditional
 *   UPDATE when there is something to do, renewed while handling, given back when caught up (so
 *   any replica may take the next events) or when a handler failed. A process killed mid-handler
 *   stops renewing: after leaseMs another takes over with that same event.
 * - A failed handler is tried again with backoff, without limit: later events wait (order).
 */
export class LogConsumer {
  readonly settings: ConsumerSettings;
  private readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
  private token: string | undefined;
  private position = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private woken = false;
  private interrupt: (() => void) | undefined;
  private sleepIsWakeable = false;
  private stopListening: (() => void) | undefined;
  private failures = 0;

  constructor(
    private readonly store: EventStore,
    readonly subscription: string,
    private readonly handler: BatchHandler,
    settings: Partial<ConsumerSettings> = {},
    private readonly options: { fromStart: boolean; wakeKey: string; logger?: Pick<Logger, 'info' | 'warn' | 'error'> },
  ) {
    this.settings = { ...DEFAULT_CONSUMER, ...settings, backoff: { ...DEFAULT_CONSUMER.backoff, ...settings.backoff } };
    this.log = options.logger ?? SILENT;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopListening = onPublish(this.options.wakeKey, () => this.nudge());
    this.loop = this.run();
  }

  /** Look for events now (a publish in this process). */
  nudge(): void {
    this.woken = true;
    if (this.sleepIsWakeable) this.interrupt?.();
  }

  /**
   * Stops; waits at most closeWaitMs for the handler in progress. The lease is given back only
   * when nothing of ours runs any more; otherwise it expires on its own (no renewal), so another
   * process never handles an event while this one still is.
   */
  async close(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopListening?.();
    this.interrupt?.();
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      (this.loop ?? Promise.resolve()).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.settings.closeWaitMs))),
    ]);
    clearTimeout(timer);
    this.stopHeartbeat();
    if (finished) await this.letGo().catch(() => undefined);
    else this.log.warn('event handler still running at close; its lease will expire', { flow: this.store.flow, subscription: this.subscription });
  }

  private async run(): Promise<void> {
    let ready = false;
    let storeFailures = 0;
    while (this.running) {
      let pause = this.settings.pollIntervalMs;
      // A publish cuts a poll's wait short, never a backoff after a failure.
      let wakeable = true;
      try {
        if (!ready) {
          await this.store.ensureCursor(this.subscription, this.options.fromStart);
          ready = true;
        }
        const outcome = await this.round();
        storeFailures = 0;
        if (outcome === 'more') pause = 0;
        else if (outcome === 'failed') {
          pause = retryDelay(this.failures, this.settings.backoff);
          wakeable = false;
        }
      } catch (error) {
        // The event database itself failed: nothing is lost (the log and cursor are there).
        storeFailures += 1;
        this.dropLease();
        this.log.error('event consumer could not reach its database; will retry', { flow: this.store.flow, subscription: this.subscription, error });
        pause = retryDelay(storeFailures, this.settings.backoff);
        wakeable = false;
      }
      if (pause > 0 && this.running) await this.sleep(pause, wakeable);
    }
  }

  private async round(): Promise<'idle' | 'more' | 'failed'> {
    if (!this.token) {
      const cursor = await this.store.cursor(this.subscription);
      if (!cursor) throw new Error(`subscription ${this.subscription} has no cursor`);
      // Reads first: an idle subscription costs no write per poll.
      if ((await this.store.head()) <= cursor.position) return 'idle';
      if (cursor.leaseToken && cursor.leaseUntil !== null && cursor.leaseUntil >= Date.now()) return 'idle';
      const token = randomUUID();
      const position = await this.store.claim(this.subscription, token, Date.now() + this.settings.leaseMs);
      if (position === undefined) return 'idle';
      this.hold(token, position);
    }
    const events = await this.store.read(this.position, this.settings.batchSize);
    if (events.length === 0 || !this.running) {
      await this.letGo();
      return 'idle';
    }
    const token = this.token!;
    try {
      await this.handler(events, async (event) => {
        if (this.token !== token || !(await this.store.advance(this.subscription, token, event.sequence, Date.now() + this.settings.leaseMs))) throw new LeaseLost(this.subscription);
        this.position = event.sequence;
      });
      this.failures = 0;
      return 'more';
    } catch (error) {
      if (error instanceof LeaseLost) {
        this.log.warn('event subscription lease lost; another process continues', { flow: this.store.flow, subscription: this.subscription });
        this.dropLease();
        return 'idle';
      }
      this.failures += 1;
      eventHandlerFailures.inc({ flow: this.store.flow, subscription: this.subscription });
      this.log.warn('event handler failed; the event will be tried again', { flow: this.store.flow, subscription: this.subscription, after: this.position, attempts: this.failures, error });
      // Given back: any replica (this one after its pause, or another) retries that same event first.
      await this.letGo();
      return 'failed';
    }
  }

  private hold(token: string, position: number): void {
    this.token = token;
    this.position = position;
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => {
      void this.store.renew(this.subscription, token, Date.now() + this.settings.leaseMs).then(
        (held) => {
          if (!held && this.token === token) this.dropLease();
        },
        (error: unknown) => this.log.warn('event subscription lease could not be renewed', { flow: this.store.flow, subscription: this.subscription, error }),
      );
    }, Math.max(50, Math.floor(this.settings.leaseMs / 3)));
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private dropLease(): void {
    this.stopHeartbeat();
    this.token = undefined;
  }

  private async letGo(): Promise<void> {
    const token = this.token;
    this.dropLease();
    if (token) await this.store.release(this.subscription, token);
  }

  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (wakeable && this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interrupt = undefined;
        this.sleepIsWakeable = false;
        if (wakeable) this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.interrupt = done;
      this.sleepIsWakeable = wakeable;
    });
  }
}
