import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SqlStatement, StatementResult } from '../executor';

/**
 * The main thread's handle on one SQLite worker thread (sqlite-worker.js): posts one statement at a
 * time and turns the answer back into a result or an error. The pool decides when to use or stop it.
 */
const WORKER_FILE = join(__dirname, 'sqlite-worker.js');

interface Reply {
  ready?: boolean;
  rows?: Array<Record<string, unknown>>;
  changes?: number;
  lastInsertId?: number;
  blobs?: boolean;
  error?: { name?: string; code?: string; message?: string };
}

/** As knex's better-sqlite3 client binds them: better-sqlite3 takes neither booleans nor Dates. */
function toSqliteBinding(value: unknown): unknown {
  if (value instanceof Date) return value.valueOf();
  if (typeof value === 'boolean') return Number(value);
  return value;
}

/** Structured cloning delivers BLOBs as Uint8Array; callers expect Buffers, as from the driver. */
function withBuffers(rows: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (value instanceof Uint8Array && !Buffer.isBuffer(value)) row[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  }
  return rows;
}

/** The driver's error, rebuilt: its message may hold SQL or the file's path, so it is only ever a cause. */
function driverError(error: NonNullable<Reply['error']>): Error {
  return Object.assign(new Error(error.message ?? 'SQLite error'), { name: error.name ?? 'SqliteError', code: error.code });
}

function workerExited(): Error {
  return Object.assign(new Error('The SQLite worker thread stopped'), { code: 'WORKER_EXITED' });
}

export class SqliteWorkerThread {
  private readonly thread: Worker;
  private pending?: { resolve(result: StatementResult): void; reject(error: Error): void };
  /** stop() was called; the thread may still be inside SQLite until `exited`. */
  stopped = false;
  /** The thread has really ended. */
  dead = false;
  /** Resolves when the worker has loaded and can take statements; rejects if it dies first. */
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;

  constructor(file: string, pragmas: readonly string[]) {
    // execArgv: [] so that the parent's loaders (tsx under `npm start`) are not started in every
    // worker: the worker is plain JavaScript.
    this.thread = new Worker(WORKER_FILE, { workerData: { file, pragmas }, execArgv: [] });
    // An idle worker must not keep the process alive; a busy one does (see run).
    this.thread.unref();
    let started: () => void = () => undefined;
    let failStart: (error: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      started = resolve;
      failStart = reject;
    });
    // Nobody may be waiting for it (the pool stopped it first): a failed start is not unhandled.
    this.ready.catch(() => undefined);
    this.thread.on('message', (reply: Reply) => (reply.ready ? started() : this.answer(reply)));
    // An uncaught error in the worker ends it; 'exit' follows and fails the statement in flight.
    this.thread.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      this.thread.once('exit', () => {
        this.dead = true;
        failStart(workerExited());
        this.fail(workerExited());
        resolve();
      });
    });
  }

  run(statement: SqlStatement): Promise<StatementResult> {
    if (this.pending) return Promise.reject(new Error('A SQLite worker runs one statement at a time'));
    if (this.stopped || this.dead) return Promise.reject(workerExited());
    return new Promise<StatementResult>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.thread.ref();
      this.thread.postMessage({ sql: statement.sql, bindings: statement.bindings.map(toSqliteBinding) });
    });
  }

  /**
   * Ends the thread. better-sqlite3 cannot interrupt a statement, so the thread runs on until SQLite
   * returns (then `exited` resolves); the statement in flight, if any, fails at once.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.thread.unref();
    this.fail(workerExited());
    void this.thread.terminate();
  }

  private answer(reply: Reply): void {
    const pending = this.pending;
    this.pending = undefined;
    if (!this.stopped && !this.dead) this.thread.unref();
    if (!pending) return;
    if (reply.error) return pending.reject(driverError(reply.error));
    const rows = reply.rows ?? [];
    pending.resolve({ rows: reply.blobs ? withBuffers(rows) : rows, changes: reply.changes ?? 0, lastInsertId: reply.lastInsertId });
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }
}
