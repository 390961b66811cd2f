import type { Deadline } from '@core/deadline';
import { legacyTimeout, legacyUnavailable } from '@core/errors';
import { deadlineError } from '../errors';
import type { SqlExecutor, SqlStatement, StatementLimits, StatementResult } from '../executor';
import { whenExpired } from '../expiry';
import { WaitQueue } from '../wait-queue';
import { SqliteWorkerThread } from './sqlite-worker-thread';

/**
 * SQLite off the event loop: statements run in a few worker threads, each with its own connection
 * to the application's file (WAL lets them read side by side, and beside an officer's edits).
 *
 * A statement that outlives its statement timeout or its request's deadline is answered at once,
 * and its worker is stopped and replaced. better-sqlite3 has no interrupt, so a stopped thread runs
 * on ("stranded") until SQLite returns; at most `maxStranded` of them may exist before replacements
 * wait for one to end, so a storm of slow statements cannot start threads without bound. Meanwhile
 * new statements wait for a worker like any pool wait: within their deadline.
 */
export interface SqliteWorkerPoolOptions {
  /** Workers (connections) running statements at once; started when first needed. */
  size: number;
  /** Stopped workers that may still be inside SQLite before no replacement is started. */
  maxStranded: number;
  /** The longest a statement waits for a free worker before SQLite counts as unavailable. */
  maxWaitMs: number;
}

export class SqliteWorkerPool implements SqlExecutor {
  private readonly idle: SqliteWorkerThread[] = [];
  private readonly queue: WaitQueue<SqliteWorkerThread>;
  /** Started and not stopped: loading, idle or running a statement. */
  private live = 0;
  /** Of those, still loading. */
  private starting = 0;
  /** Stopped, but their threads have not ended yet. */
  private readonly stranded = new Set<SqliteWorkerThread>();
  /** Every thread not yet ended, whatever its state. */
  private readonly all = new Set<SqliteWorkerThread>();
  private closed = false;

  constructor(
    private readonly app: string,
    private readonly file: string,
    private readonly pragmas: readonly string[],
    private readonly options: SqliteWorkerPoolOptions,
  ) {
    this.queue = new WaitQueue(app, options.maxWaitMs);
  }

  /** Threads in use now, for tests and operators: `stranded` ones are stopped but still in SQLite. */
  get threads(): { live: number; stranded: number; waiting: number } {
    return { live: this.live, stranded: this.stranded.size, waiting: this.queue.length };
  }

  async run(statement: SqlStatement, { deadline, timeoutMs, sent }: StatementLimits): Promise<StatementResult> {
    const worker = await this.acquire(deadline);
    if (deadline.signal.aborted) {
      this.release(worker);
      throw deadlineError(this.app, deadline);
    }
    return await new Promise<StatementResult>((resolve, reject) => {
      let expired = false;
      const disarm = whenExpired(this.app, deadline, timeoutMs, () => legacyTimeout(this.app), (error) => {
        expired = true;
        this.discard(worker);
        reject(error);
      });
      sent();
      worker.run(statement).then(
        (result) => {
          if (expired) return;
          disarm();
          this.release(worker);
          resolve(result);
        },
        (error: unknown) => {
          if (expired) return;
          disarm();
          this.release(worker);
          reject(error);
        },
      );
    });
  }

  /**
   * Stops every worker. Resolves when all threads have ended: idle ones at once, busy ones when
   * their statements end (at the latest at their timeout), stranded ones when SQLite returns. Node
   * waits for those at process exit anyway; here the wait is visible.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.failAll(legacyUnavailable(this.app));
    for (const worker of this.idle.splice(0)) this.discard(worker);
    await Promise.all([...this.all].map((worker) => worker.exited));
  }

  /**
   * A free worker, or a wait for one: a new worker is handed out only once it has loaded (see
   * sqlite-worker.js), so its start-up is part of the wait, within the deadline.
   */
  private acquire(deadline: Deadline): Promise<SqliteWorkerThread> | SqliteWorkerThread {
    if (this.closed) throw legacyUnavailable(this.app);
    const worker = this.idle.pop();
    if (worker) return worker;
    if (this.canStart()) this.start();
    return this.queue.wait(deadline);
  }

  private release(worker: SqliteWorkerThread): void {
    if (worker.dead || worker.stopped) return;
    if (this.closed) return this.discard(worker);
    if (!this.queue.offer(worker)) this.idle.push(worker);
  }

  /** Stops a worker whose statement was abandoned, and lets a replacement start if the cap allows. */
  private discard(worker: SqliteWorkerThread): void {
    // A thread that already died is accounted for when its end is handled (ended).
    if (worker.dead || this.stranded.has(worker)) return;
    worker.stop();
    this.live -= 1;
    this.stranded.add(worker);
    // Replaced at once, not on the next statement: loading a worker takes tens of milliseconds,
    // which the next statement would otherwise spend waiting.
    this.refill(1);
  }

  private canStart(): boolean {
    const { size, maxStranded } = this.options;
    return !this.closed && this.live < size && this.live + this.stranded.size < size + maxStranded;
  }

  /** Starts a worker; it joins the pool once loaded. Throws LEGACY_UNAVAILABLE if no thread can start. */
  private start(): void {
    let worker: SqliteWorkerThread;
    try {
      worker = new SqliteWorkerThread(this.file, this.pragmas);
    } catch (error) {
      throw legacyUnavailable(this.app, error);
    }
    this.live += 1;
    this.starting += 1;
    this.all.add(worker);
    worker.ready.then(
      () => {
        this.starting -= 1;
        this.release(worker);
      },
      () => {
        this.starting -= 1;
      },
    );
    void worker.exited.then(() => this.ended(worker));
  }

  /** A thread has really ended: a stranded one returned from SQLite, or a live one died. */
  private ended(worker: SqliteWorkerThread): void {
    this.all.delete(worker);
    if (!this.stranded.delete(worker)) {
      this.live -= 1;
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
    }
    this.refill();
  }

  /**
   * Starts workers for the statements waiting (less those already loading), or at least `atLeast`
   * workers, as far as the caps allow.
   */
  private refill(atLeast = 0): void {
    try {
      for (let started = 0; (started < atLeast || this.queue.length > this.starting) && this.canStart(); started += 1) this.start();
    } catch {
      // No thread could start: those waiting meet their deadline, or the pool's wait limit.
    }
  }
}
