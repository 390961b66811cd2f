import type { Deadline } from '@core/deadline';

/**
 * What the SQL client hands to the executor of its backend (a SQLite worker pool or a MariaDB
 * connection pool): one compiled statement, and the limits it must run within. Executors know
 * when a statement really leaves for the database, so they report that moment (`sent`), which is
 * where statements are counted and timed.
 */
export interface SqlStatement {
  sql: string;
  bindings: readonly unknown[];
}

export interface StatementResult {
  /** Rows of a read; empty for a write. */
  rows: Array<Record<string, unknown>>;
  /** Rows changed by a write; 0 for a read. */
  changes: number;
  lastInsertId?: number;
}

export interface StatementLimits {
  /** The request's deadline: waiting for a connection or worker counts against it. */
  deadline: Deadline;
  /** The application's own limit on one statement, from the moment it is sent. */
  timeoutMs: number;
  /** Called once, just before the statement is sent (never when it is not). */
  sent(): void;
}

export interface SqlExecutor {
  /**
   * Runs one statement. Rejects with a GerbangError when the statement timeout or the deadline
   * ends it (at once: the executor stops the statement in the background), and with the driver's
   * own error otherwise (the client classifies it).
   */
  run(statement: SqlStatement, limits: StatementLimits): Promise<StatementResult>;
  close(): Promise<void>;
}
