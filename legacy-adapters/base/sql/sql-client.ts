import knex, { type Knex } from 'knex';
import type { LegacyStorage } from '@core/config/shared';
import { cancellationOf, type Deadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { legacyErrors, legacyLatency, legacyStatements } from '@core/metrics';
import { SQLITE_PRAGMAS, locateAppDatabase, mysqlConnection, type AppDatabaseLocation } from '@core/sql/app-database';
import { callerLeft, classify, deadlineError } from './errors';
import type { SqlExecutor, SqlStatement, StatementResult } from './executor';
import { MysqlExecutor } from './mysql/mysql-executor';
import { SqliteWorkerPool } from './sqlite/worker-pool';

/**
 * The shared base for every adapter that speaks SQL straight into a legacy application's tables.
 * Adapters build statements with knex (`db`, a query builder with no connection of its own: an
 * awaited builder fails instead of running outside this client) and run them here, within the
 * request's deadline:
 * - counted and timed where they are really sent (metrics, and tests that assert batching);
 * - never sent once the deadline has passed or the caller has left;
 * - answered at once when the statement timeout or the deadline ends them, and stopped below
 *   (a MariaDB statement is killed; a SQLite worker is abandoned and replaced);
 * - with driver errors turned into LEGACY_UNAVAILABLE / LEGACY_TIMEOUT. The driver's own message,
 *   which may contain SQL, file paths or host names, stays in the logs (as the error's cause).
 * SQLite runs in worker threads (./sqlite), so a slow statement never holds up the event loop;
 * MariaDB/MySQL through a mysql2 pool (./mysql).
 */
export interface SqlClientOptions {
  /** Per-statement timeout, from the moment a statement is sent. */
  timeoutMs: number;
  /** MariaDB connections (default 10), or SQLite worker threads (default 2). */
  poolMax?: number;
  /** SQLite: stopped workers that may still be inside a slow statement (default: as many as poolMax). */
  maxStrandedWorkers?: number;
  /** The longest a statement waits for a free connection or worker before the app counts as unavailable. */
  maxPoolWaitMs?: number;
}

export interface WriteResult {
  changes: number;
  /** The new row's id, for an insert into a table with an auto-increment key. */
  lastInsertId?: number;
}

const READS = new Set(['select', 'raw']);
const WRITES = new Set(['insert', 'update', 'del', 'counter', 'raw']);

export class SqlLegacyClient {
  private sent = 0;

  constructor(
    readonly app: string,
    /** Builds statements; run them with query/execute. */
    readonly db: Knex,
    private readonly executor: SqlExecutor,
    private readonly options: { timeoutMs: number },
  ) {}

  /** Statements sent since the client opened (tests take differences). */
  get statementCount(): number {
    return this.sent;
  }

  /** One read statement; its rows. */
  async query<Row>(builder: Knex.QueryBuilder | Knex.Raw, deadline: Deadline): Promise<Row[]> {
    const { result } = await this.run(builder, READS, deadline);
    return result.rows as Row[];
  }

  /** One write statement (insert, update, delete). */
  async execute(builder: Knex.QueryBuilder | Knex.Raw, deadline: Deadline): Promise<WriteResult> {
    const { result, method } = await this.run(builder, WRITES, deadline);
    return method === 'insert' ? { changes: result.changes, lastInsertId: result.lastInsertId } : { changes: result.changes };
  }

  /** Readiness: can we reach the application's database at all? */
  async ping(deadline: Deadline): Promise<void> {
    await this.query(this.db.raw('select 1 as ok'), deadline);
  }

  async close(): Promise<void> {
    await this.executor.close();
  }

  private async run(builder: Knex.QueryBuilder | Knex.Raw, allowed: Set<string>, deadline: Deadline): Promise<{ result: StatementResult; method: string }> {
    const { statement, method } = compile(builder, allowed);
    let stop: (() => void) | undefined;
    try {
      // Work nobody will read is never started.
      if (cancellationOf(deadline)) throw deadlineError(this.app, deadline);
      const result = await this.executor.run(statement, {
        deadline,
        timeoutMs: this.options.timeoutMs,
        sent: () => {
          this.sent += 1;
          legacyStatements.inc({ app: this.app });
          stop = legacyLatency.startTimer({ app: this.app });
        },
      });
      return { result, method };
    } catch (error) {
      const classified = classify(this.app, error);
      if (classified instanceof GerbangError && !callerLeft(classified)) legacyErrors.inc({ app: this.app, code: classified.code });
      throw classified;
    } finally {
      stop?.();
    }
  }
}

/**
 * The builder's SQL and bindings, in the backend's own form. Builders whose result knex would
 * reshape (`first`, `pluck`, …) are refused: here a read always returns rows, a write its counts.
 */
function compile(builder: Knex.QueryBuilder | Knex.Raw, allowed: Set<string>): { statement: SqlStatement; method: string } {
  const compiled = builder.toSQL() as Knex.Sql | Knex.Sql[];
  if (Array.isArray(compiled)) throw new Error('One statement per call: this builder compiles to several');
  const method = compiled.method ?? 'raw';
  if (!allowed.has(method)) throw new Error(`A "${method}" builder cannot run here: use ${allowed.has('select') ? 'execute' : 'query'}, and no first()/pluck()`);
  const { sql, bindings } = compiled.toNative();
  return { statement: { sql, bindings: bindings as readonly unknown[] }, method };
}

/** A knex that only builds SQL for the location's dialect; it has no connection. */
function queryBuilder(location: AppDatabaseLocation): Knex {
  return location.client === 'sqlite' ? knex({ client: 'better-sqlite3', useNullAsDefault: true }) : knex({ client: 'mysql2' });
}

/** The SQL client for one legacy application (one per process: it owns the pool). */
export function connectSqlApp(app: string, storage: LegacyStorage, options: SqlClientOptions): SqlLegacyClient {
  const location = locateAppDatabase(app, storage);
  const maxWaitMs = options.maxPoolWaitMs ?? 10_000;
  let executor: SqlExecutor;
  if (location.client === 'sqlite') {
    const size = options.poolMax ?? 2;
    executor = new SqliteWorkerPool(app, location.file, SQLITE_PRAGMAS, { size, maxStranded: options.maxStrandedWorkers ?? size, maxWaitMs });
  } else {
    const { host, port, user, password, database, charset, dateStrings, connectTimeout } = mysqlConnection(location.serverUrl, location.database);
    executor = new MysqlExecutor(app, { host, port, user, password, database, charset, dateStrings, connectTimeout }, {
      connections: options.poolMax ?? 10,
      maxWaitMs,
      serverTimeoutMs: options.timeoutMs + 1_000,
    });
  }
  return new SqlLegacyClient(app, queryBuilder(location), executor, { timeoutMs: options.timeoutMs });
}
