import mysql, { type Pool, type PoolConnection, type PoolOptions, type QueryError } from 'mysql2';
import type { Deadline } from '@core/deadline';
import { legacyTimeout, legacyUnavailable } from '@core/errors';
import { deadlineError } from '../errors';
import type { SqlExecutor, SqlStatement, StatementLimits, StatementResult } from '../executor';
import { whenExpired } from '../expiry';
import { WaitQueue } from '../wait-queue';
import { QueryKiller } from './query-killer';

/**
 * MariaDB/MySQL through a mysql2 pool. Getting a connection happens within the request's deadline
 * (a connection that arrives after it is given back unused); a statement that outlives its timeout
 * or its deadline is answered at once and killed on the server (KILL QUERY over a separate
 * connection), so no abandoned statement keeps a server thread busy.
 */
export interface MysqlExecutorOptions {
  /** Connections to the application's database. */
  connections: number;
  /** The longest a statement waits for a free connection before the app counts as unavailable. */
  maxWaitMs: number;
  /**
   * Server-side backstop (MariaDB max_statement_time, MySQL max_execution_time) for statements the
   * kill cannot reach, e.g. when this process dies mid-statement. Longer than the statement timeout,
   * so that in normal operation our own timer answers first.
   */
  serverTimeoutMs: number;
}

/** After a kill, how long the statement may take to report back before its connection is closed. */
const KILLED_GRACE_MS = 2_000;
const ER_UNKNOWN_SYSTEM_VARIABLE = 1193;

/** The statement ended because our KILL QUERY (or the server's backstop) reached it. */
function interrupted(error: QueryError | null): boolean {
  return error?.code === 'ER_QUERY_INTERRUPTED' || error?.errno === 1969 || error?.code === 'ER_QUERY_TIMEOUT';
}

function toResult(result: unknown): StatementResult {
  if (Array.isArray(result)) return { rows: result as Array<Record<string, unknown>>, changes: 0 };
  const header = result as { affectedRows?: number; insertId?: number };
  return { rows: [], changes: header.affectedRows ?? 0, lastInsertId: header.insertId };
}

export class MysqlExecutor implements SqlExecutor {
  private readonly pool: Pool;
  private readonly killer: QueryKiller;
  private readonly queue: WaitQueue<void>;
  /** Connection slots nobody holds; a slot is held from the wait for a connection to its release. */
  private free: number;
  private closed = false;

  constructor(
    private readonly app: string,
    connection: PoolOptions,
    options: MysqlExecutorOptions,
  ) {
    this.pool = mysql.createPool({ ...connection, connectionLimit: options.connections, maxIdle: options.connections, waitForConnections: true });
    this.pool.on('connection', (c) => setServerTimeout(c, options.serverTimeoutMs));
    // Kills go to the server, not to the application's database (which may be what is missing).
    this.killer = new QueryKiller({ ...connection, database: undefined, connectTimeout: 2_000 });
    this.queue = new WaitQueue(app, options.maxWaitMs);
    this.free = options.connections;
  }

  async run(statement: SqlStatement, { deadline, timeoutMs, sent }: StatementLimits): Promise<StatementResult> {
    const connection = await this.acquire(deadline);
    if (deadline.signal.aborted) {
      this.giveBack(connection, 'release');
      throw deadlineError(this.app, deadline);
    }
    return await new Promise<StatementResult>((resolve, reject) => {
      let killed: Promise<boolean> | undefined;
      let answered: { error: QueryError | null } | undefined;
      let done = false;
      const finish = (how: 'release' | 'destroy') => {
        if (done) return;
        done = true;
        this.giveBack(connection, how);
      };
      // Released only once both the statement and its kill have ended: a KILL QUERY that arrived
      // after the connection went back to the pool could stop another request's statement.
      const afterKill = () => {
        if (!killed || !answered) return;
        const { error } = answered;
        void killed.then((reached) => finish(reached && interrupted(error) ? 'release' : 'destroy'));
      };
      const disarm = whenExpired(this.app, deadline, timeoutMs, () => legacyTimeout(this.app), (error) => {
        reject(error);
        killed = this.killer.kill(connection.threadId).then(() => true, () => false);
        void killed.then(() => {
          if (!done) setTimeout(() => finish('destroy'), KILLED_GRACE_MS).unref();
        });
        afterKill();
      });
      sent();
      connection.query({ sql: statement.sql, values: [...statement.bindings] }, (error, result) => {
        answered = { error };
        if (killed) return afterKill();
        disarm();
        finish(error?.fatal ? 'destroy' : 'release');
        if (error) reject(error);
        else resolve(toResult(result));
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.failAll(legacyUnavailable(this.app));
    await new Promise<void>((resolve) => this.pool.end(() => resolve()));
  }

  /** A connection within the deadline; holds one slot from the start of the wait. */
  private async acquire(deadline: Deadline): Promise<PoolConnection> {
    if (this.closed) throw legacyUnavailable(this.app);
    if (this.free > 0) this.free -= 1;
    else await this.queue.wait(deadline);
    try {
      return await this.connect(deadline);
    } catch (error) {
      this.freeSlot();
      throw error;
    }
  }

  private connect(deadline: Deadline): Promise<PoolConnection> {
    return new Promise((resolve, reject) => {
      let late = false;
      const disarm = whenExpired(this.app, deadline, Infinity, () => legacyUnavailable(this.app), (error) => {
        late = true;
        reject(error);
      });
      this.pool.getConnection((error, connection) => {
        if (late) {
          // Arrived after the deadline: back to the pool, unused.
          if (!error) connection.release();
          return;
        }
        disarm();
        if (error) reject(error);
        else resolve(connection);
      });
    });
  }

  private giveBack(connection: PoolConnection, how: 'release' | 'destroy'): void {
    if (how === 'destroy') connection.destroy();
    else connection.release();
    this.freeSlot();
  }

  private freeSlot(): void {
    if (!this.queue.offer(undefined)) this.free += 1;
  }
}

/** The backstop, per connection: MariaDB's variable first, MySQL's if the server does not know it. */
function setServerTimeout(connection: PoolConnection, ms: number): void {
  connection.query('SET SESSION max_statement_time = ?', [ms / 1000], (error) => {
    if (error?.errno === ER_UNKNOWN_SYSTEM_VARIABLE) connection.query('SET SESSION max_execution_time = ?', [Math.ceil(ms)], () => undefined);
  });
}
