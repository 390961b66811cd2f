import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RECORD_COLUMNS, SQLITE_SCHEMA } from './schema';
import { HEAD_SQL, INSERT_NIK_SQL } from './store';

/**
 * The main thread's handle on the SQLite audit worker (sqlite-audit-worker.mjs): requests go out in
 * order, each answer settles its request. The thread keeps the process alive only while a request
 * is in flight; if it ever dies, every request waiting and every later one fails (fail closed).
 */
const WORKER_FILE = join(__dirname, 'sqlite-audit-worker.mjs');

const INSERT_RECORD_SQL = `INSERT INTO AUDIT_RECORD (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map(() => '?').join(', ')})`;

/** A chain head as the worker speaks it: seq 0 is an empty chain. */
export type WireHead = [tenant: string, seq: number, hash: string];

export type AppendReply = { ids: number[] } | { heads: WireHead[] };

interface ErrorReply {
  name?: string;
  code?: string;
  message?: string;
}

interface Reply {
  id?: number;
  ready?: boolean;
  error?: ErrorReply;
  ids?: number[];
  heads?: WireHead[];
  rows?: Record<string, unknown>[];
}

function rebuilt(error: ErrorReply): Error {
  return Object.assign(new Error(error.message ?? 'SQLite error'), { name: error.name ?? 'SqliteError', code: error.code });
}

function threadEnded(): Error {
  return Object.assign(new Error('the audit database thread stopped'), { code: 'WORKER_EXITED' });
}

export class SqliteAuditThread {
  private readonly pending = new Map<number, { resolve(reply: Reply): void; reject(error: Error): void }>();
  private nextId = 1;
  private ended = false;
  readonly exited: Promise<void>;

  private constructor(private readonly thread: Worker) {
    this.thread.on('message', (reply: Reply) => this.answer(reply));
    // An uncaught error ends the worker; 'exit' follows and fails what is waiting.
    this.thread.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      this.thread.once('exit', () => {
        this.ended = true;
        for (const waiting of this.pending.values()) waiting.reject(threadEnded());
        this.pending.clear();
        resolve();
      });
    });
  }

  /** Starts the worker; resolves once it has opened the file and created the tables if missing. */
  static async open(file: string): Promise<SqliteAuditThread> {
    // execArgv: [] so that the parent's loaders (tsx) are not started in the worker: it is plain JavaScript.
    const worker = new Worker(WORKER_FILE, {
      workerData: { file, schema: SQLITE_SCHEMA, headSql: HEAD_SQL, insertRecordSql: INSERT_RECORD_SQL, insertNikSql: INSERT_NIK_SQL },
      execArgv: [],
    });
    const listeners: { message?: (reply: Reply) => void; error?: (error: Error) => void; exit?: () => void } = {};
    const started = await new Promise<Reply>((resolve, reject) => {
      listeners.message = resolve;
      listeners.error = reject;
      listeners.exit = () => reject(threadEnded());
      worker.once('message', listeners.message).once('error', listeners.error).once('exit', listeners.exit);
    }).finally(() => {
      // Only these: the Worker's own internal listeners must stay.
      worker.off('message', listeners.message!).off('error', listeners.error!).off('exit', listeners.exit!);
    });
    if (!started.ready) {
      await worker.terminate();
      throw rebuilt(started.error ?? {});
    }
    const handle = new SqliteAuditThread(worker);
    worker.unref();
    return handle;
  }

  /** Inserts the rows if every expected head is still the head; else answers the heads found. */
  async append(expected: WireHead[], rows: unknown[][], niks: string[][]): Promise<AppendReply> {
    const reply = await this.request({ op: 'append', expected, rows, niks });
    return reply.ids ? { ids: reply.ids } : { heads: reply.heads ?? [] };
  }

  async select(sql: string, bindings: readonly unknown[]): Promise<Record<string, unknown>[]> {
    return (await this.request({ op: 'select', sql, bindings })).rows ?? [];
  }

  /** Closes the connection after the requests already sent, and ends the thread. */
  async close(): Promise<void> {
    if (!this.ended) await this.request({ op: 'close' }).catch(() => undefined);
    await this.thread.terminate();
    await this.exited;
  }

  private request(message: Record<string, unknown>): Promise<Reply> {
    if (this.ended) return Promise.reject(threadEnded());
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Busy only while something waits: an idle audit thread must not keep the process alive.
      if (this.pending.size === 1) this.thread.ref();
      this.thread.postMessage({ id, ...message });
    });
  }

  private answer(reply: Reply): void {
    const waiting = reply.id === undefined ? undefined : this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id!);
    if (this.pending.size === 0) this.thread.unref();
    if (reply.error) waiting.reject(rebuilt(reply.error));
    else waiting.resolve(reply);
  }
}
