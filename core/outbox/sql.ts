/**
 * The little the outbox needs from a database, on either backend: reads, writes that report the
 * rows changed, and a transaction. Statements use `?` placeholders and SQL both backends accept;
 * the one dialect difference the store needs (insert-unless-present) is `insertIgnore`.
 */
export type Row = Record<string, unknown>;

export interface OutboxSqlSession {
  select(sql: string, bindings: readonly unknown[]): Promise<Row[]>;
  /** A write; resolves with the number of rows it changed. */
  run(sql: string, bindings: readonly unknown[]): Promise<number>;
}

export interface OutboxSql extends OutboxSqlSession {
  readonly dialect: 'sqlite' | 'mysql';
  /** `INSERT OR IGNORE` / `INSERT IGNORE`: skips a row whose key is already there. */
  readonly insertIgnore: string;
  /**
   * Runs `work` in one transaction (all or nothing). Tried again from the start when the database
   * was busy with another writer, so `work` must only run statements on `tx`.
   */
  transaction<T>(work: (tx: OutboxSqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How often a statement or transaction that met another writer's lock is tried again. */
export const BUSY_ATTEMPTS = 10;

/** The pause before try `attempt` (1-based) after a busy database: short, growing, jittered. */
export function busyPause(attempt: number): number {
  return Math.min(250, 2 ** attempt) + Math.random() * 10;
}
