import type { Knex } from 'knex';
import { GerbangError, legacyTimeout, legacyUnavailable } from '@core/errors';
import { legacyErrors, legacyLatency, legacyStatements } from '@core/metrics';

/**
 * The shared base for every adapter that speaks SQL straight into a legacy application's tables.
 * It owns the process-wide connection pool and gives adapters one way to run a statement: with a
 * timeout, counted (per app, for metrics and for tests that assert batching), and with driver
 * errors turned into LEGACY_UNAVAILABLE / LEGACY_TIMEOUT. The driver's own message, which may
 * contain SQL or host names, stays in the logs (as the error's cause) and never reaches a client.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE', 'PROTOCOL_CONNECTION_LOST',
  'ER_ACCESS_DENIED_ERROR', 'ER_BAD_DB_ERROR', 'ER_CON_COUNT_ERROR', 'SQLITE_CANTOPEN', 'SQLITE_CORRUPT',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'ER_LOCK_WAIT_TIMEOUT', 'ER_QUERY_INTERRUPTED']);

function classify(app: string, error: unknown): Error {
  if (error instanceof GerbangError) return error;
  const e = error as { name?: string; code?: string; message?: string };
  if (e.name === 'KnexTimeoutError') {
    // Either the statement ran past its timeout or no pooled connection came free in time.
    return /acquiring a connection/i.test(e.message ?? '') ? legacyUnavailable(app, error) : legacyTimeout(app, error);
  }
  if (e.code && TIMEOUT_CODES.has(e.code)) return legacyTimeout(app, error);
  if (e.code && UNAVAILABLE_CODES.has(e.code)) return legacyUnavailable(app, error);
  // Anything else is a bug on our side (bad SQL, wrong column): let it surface as an internal error.
  return error instanceof Error ? error : new Error(String(error));
}

export interface SqlClientOptions {
  /** Per-statement timeout. */
  timeoutMs: number;
}

export class SqlLegacyClient {
  private executed = 0;

  constructor(
    readonly app: string,
    readonly db: Knex,
    private readonly options: SqlClientOptions,
  ) {
    // Counted where the driver actually sends SQL, so a statement run twice is counted twice.
    db.on('query', () => {
      this.executed += 1;
      legacyStatements.inc({ app });
    });
  }

  /** Statements sent since the process started (tests take differences). */
  get statementCount(): number {
    return this.executed;
  }

  /** Runs one statement. Always awaited here: a returned builder would run again if awaited twice. */
  async run<T>(query: Knex.QueryBuilder | Knex.Raw): Promise<T> {
    const stop = legacyLatency.startTimer({ app: this.app });
    try {
      return (await query.timeout(this.options.timeoutMs, { cancel: this.db.client.config.client === 'mysql2' })) as T;
    } catch (error) {
      const classified = classify(this.app, error);
      if (classified instanceof GerbangError) legacyErrors.inc({ app: this.app, code: classified.code });
      throw classified;
    } finally {
      stop();
    }
  }

  /** Readiness: can we reach the application's database at all? */
  async ping(): Promise<void> {
    await this.run(this.db.raw('select 1 as ok'));
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
