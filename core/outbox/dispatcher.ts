import { randomUUID } from 'node:crypto';
import { startDeadline, type Deadline } from '@core/deadline';
import { deadlineExceeded } from '@core/errors';
import type { Logger } from '@core/log';
import { retryDelay, type BackoffSettings } from './backoff';
import { classifyDeliveryFailure } from './errors';
import { outboxDeliveries, outboxFailures, outboxMessages } from './metrics';
import type { OutboxStore } from './store';
import type { OutboxMessage } from './types';

/**
 * Delivers a message to its application and returns what the application answered (JSON, kept
 * on the message: e.g. the deed number). It MUST be safe to call again for the same message: it
 * looks the write up by the message's client reference first and answers what is there, because
 * a dispatcher that crashed between "the application accepted it" and "marked delivered" delivers
 * it once more. Throw to fail: see classifyDeliveryFailure (errors.ts) for which failures are
 * retried. `deadline` bounds this one attempt (not the client's request: the work is durable and
 * goes on after the caller has left).
 */
export type DeliveryHandler = (message: OutboxMessage, deadline: Deadline) => Promise<unknown>;

export type DeliveryOutcome = 'delivered' | 'retry' | 'failed' | 'not-claimed';

export interface DispatcherSettings {
  /** How long a claim on a message lasts; longer than deliveryTimeoutMs. */
  leaseMs: number;
  /** The deadline of one delivery attempt. */
  deliveryTimeoutMs: number;
  /** How often the background loop looks for due messages. */
  pollIntervalMs: number;
  /** Most messages claimed per look. */
  batchSize: number;
  /** Most deliveries in flight at once (per dispatcher). */
  concurrency: number;
  backoff: BackoffSettings;
  /** Attempts after which a message failing transiently is given up (FAILED_PERMANENTLY, ATTEMPTS_EXHAUSTED); 0: never. */
  maxAttempts: number;
}

export const DEFAULT_DISPATCHER: DispatcherSettings = {
  leaseMs: 60_000,
  deliveryTimeoutMs: 20_000,
  pollIntervalMs: 1_000,
  batchSize: 20,
  concurrency: 4,
  backoff: { initialMs: 1_000, maxMs: 300_000 },
  maxAttempts: 0,
};

const SILENT: Pick<Logger, 'info' | 'warn' | 'error'> = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Delivers an outbox's messages until each is accepted or refused for good.
 * - `deliver(ids)`: right after a mutation commits, so a healthy estate answers at once;
 * - `start()`: the background loop, which first resumes whatever was left PENDING (by a restart,
 *   or by an application that was down) and then looks every pollIntervalMs for messages whose
 *   backoff has passed;
 * - several dispatchers (replicas of the subgraph) may share one store: each delivery starts with
 *   a claim (store.claimMessage, one conditional UPDATE), so a message is never delivered by two at
 *   once, and a claim abandoned by a crashed replica expires after leaseMs.
 */
export class OutboxDispatcher {
  readonly settings: DispatcherSettings;
  private readonly handlers = new Map<string, DeliveryHandler>();
  private readonly inFlight = new Map<string, Promise<DeliveryOutcome>>();
  private readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private running = false;
  private stopped = false;
  private readonly counters = { claimed: 0, delivered: 0, retried: 0, failed: 0 };
  private readonly gaugeSeries = new Set<string>();

  constructor(
    private readonly store: OutboxStore,
    settings: Partial<DispatcherSettings> = {},
    logger?: Logger,
  ) {
    this.settings = { ...DEFAULT_DISPATCHER, ...settings, backoff: { ...DEFAULT_DISPATCHER.backoff, ...settings.backoff } };
    if (this.settings.leaseMs <= this.settings.deliveryTimeoutMs) throw new Error('outbox leaseMs must be longer than deliveryTimeoutMs');
    this.log = logger ?? SILENT;
  }

  /** What this dispatcher did (tests and logs). */
  get stats(): Readonly<typeof this.counters> {
    return { ...this.counters };
  }

  /** The handler for messages to `target` doing `operation`. */
  register(target: string, operation: string, handler: DeliveryHandler): this {
    this.handlers.set(`${target}\n${operation}`, handler);
    return this;
  }

  /** Starts the background loop (resuming pending messages at once). */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.schedule(0);
  }

  /**
   * Stops the loop and waits (at most `waitMs`) for deliveries in flight to record their outcome.
   * A delivery still running after that keeps its lease until it expires; another dispatcher then
   * resumes it.
   */
  async stop(options: { waitMs?: number } = {}): Promise<void> {
    this.stopped = true;
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    const waitMs = options.waitMs ?? this.settings.deliveryTimeoutMs + 1_000;
    const all = Promise.allSettled([this.ticking, ...this.inFlight.values()]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  /** Delivers these messages now (right after their mutation committed); resolves with each outcome. */
  async deliver(ids: readonly string[]): Promise<Map<string, DeliveryOutcome>> {
    const outcomes = await Promise.all(ids.map((id) => this.deliverOne(id)));
    return new Map(ids.map((id, i) => [id, outcomes[i]!]));
  }

  /** One look for due messages, delivering them; resolves with how many were claimed. */
  async tick(): Promise<number> {
    const ids = await this.store.dueMessages(Date.now(), this.settings.batchSize);
    let claimed = 0;
    let next = 0;
    const lane = async () => {
      while (next < ids.length && !this.stopped) {
        const id = ids[next++]!;
        if ((await this.deliverOne(id)) !== 'not-claimed') claimed += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.settings.concurrency, ids.length) }, lane));
    await this.refreshGauges();
    return claimed;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.ticking = this.tick().then(
        (claimed) => this.schedule(claimed >= this.settings.batchSize ? 0 : this.settings.pollIntervalMs),
        (error: unknown) => {
          // The outbox database itself failed: nothing is lost (the rows are there); look again later.
          this.log.error('outbox poll failed', { outbox: this.store.name, error });
          this.schedule(this.settings.pollIntervalMs);
        },
      );
    }, ms);
    // The loop must not keep a process alive on its own (the server does that).
    this.timer.unref();
  }

  private deliverOne(id: string): Promise<DeliveryOutcome> {
    // Asked twice in this process (the mutation's own delivery and the loop): one delivery.
    const running = this.inFlight.get(id);
    if (running) return running;
    const delivery = this.attempt(id)
      .catch((error: unknown): DeliveryOutcome => {
        // The outbox database failed under the claim or the mark: the row is still there, and the
        // lease (if taken) expires; the loop tries it again then.
        this.log.error('outbox delivery could not be recorded', { outbox: this.store.name, id, error });
        return 'retry';
      })
      .finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, delivery);
    return delivery;
  }

  private async attempt(id: string): Promise<DeliveryOutcome> {
    const token = randomUUID();
    const now = Date.now();
    const message = await this.store.claimMessage(id, token, now + this.settings.leaseMs, now);
    if (!message) return 'not-claimed';
    this.counters.claimed += 1;
    const labels = { outbox: this.store.name, app: message.target };
    const handler = this.handlers.get(`${message.target}\n${message.operation}`);
    const attempt = startDeadline(this.settings.deliveryTimeoutMs);
    try {
      if (!handler) throw new Error(`no outbox handler registered for ${message.target} ${message.operation}`);
      const result = await untilDeadline(handler(message, attempt.deadline), attempt.deadline, message.target);
      if (await this.store.markDelivered(id, token, result ?? null)) {
        this.counters.delivered += 1;
        outboxDeliveries.inc(labels);
      } else {
        // Our lease ran out meanwhile: another dispatcher owns the message and re-checks the target.
        this.log.warn('outbox delivery finished after its lease expired', { outbox: this.store.name, id, target: message.target });
      }
      return 'delivered';
    } catch (error) {
      const failure = classifyDeliveryFailure(error);
      const exhausted = !failure.permanent && this.settings.maxAttempts > 0 && message.attempts >= this.settings.maxAttempts;
      const permanent = failure.permanent || exhausted;
      outboxFailures.inc({ ...labels, code: failure.code, permanent: String(permanent) });
      const fields = { outbox: this.store.name, id, target: message.target, operation: message.operation, attempts: message.attempts, code: failure.code, error };
      if (permanent) {
        this.counters.failed += 1;
        this.log.error('outbox message refused for good', fields);
        const recorded = exhausted ? { code: 'ATTEMPTS_EXHAUSTED', message: `Gave up after ${message.attempts} attempts; last: ${failure.code}: ${failure.message}` } : failure;
        await this.store.markFailed(id, token, recorded);
        return 'failed';
      }
      this.counters.retried += 1;
      // Our own bug deserves an operator's eye; an application being down is routine.
      if (failure.code === 'INTERNAL_ERROR') this.log.error('outbox delivery failed; will retry', fields);
      else this.log.warn('outbox delivery failed; will retry', fields);
      await this.store.markRetry(id, token, Date.now() + nextDelay(failure, message.attempts, this.settings.backoff), failure);
      return 'retry';
    } finally {
      attempt.dispose();
    }
  }

  private async refreshGauges(): Promise<void> {
    const counts = await this.store.counts();
    const seen = new Set<string>();
    for (const { target, state, count } of counts) {
      outboxMessages.set({ outbox: this.store.name, app: target, state }, count);
      seen.add(`${target}\n${state}`);
    }
    // Series that drained since the last look go to 0 rather than keeping their old value.
    for (const series of this.gaugeSeries) {
      if (seen.has(series)) continue;
      const [app, state] = series.split('\n') as [string, string];
      outboxMessages.set({ outbox: this.store.name, app, state }, 0);
    }
    for (const series of seen) this.gaugeSeries.add(series);
  }
}

/**
 * The pause before the next attempt: the application's own Retry-After when it gave one (a
 * throttled gateway: coming back sooner only earns another refusal), with a little jitter on top
 * so that messages throttled together do not all return at the same instant; else the backoff.
 */
function nextDelay(failure: { retryAfterMs?: number }, attempts: number, backoff: BackoffSettings): number {
  if (failure.retryAfterMs === undefined) return retryDelay(attempts, backoff);
  return failure.retryAfterMs + Math.round(Math.random() * Math.min(failure.retryAfterMs, backoff.initialMs) / 2);
}

/** The handler's answer, or DEADLINE_EXCEEDED the moment its attempt's deadline passes. */
function untilDeadline<T>(work: Promise<T>, deadline: Deadline, target: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(deadlineExceeded(target, deadline.signal.reason));
    if (deadline.signal.aborted) return onAbort();
    deadline.signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        deadline.signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        deadline.signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
