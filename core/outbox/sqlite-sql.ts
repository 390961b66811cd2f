import { createRequire } from 'node:module';
import { BUSY_ATTEMPTS, busyPause, sleep, type OutboxSql, type OutboxSqlSession, type Row } from './sql';
import { SQLITE_SCHEMA } from './schema';

/** The part of better-sqlite3 used here (the project has no @types for it; knex wraps it elsewhere). */
interface Statement {
  run(...params: unknown[]): { changes: number };
  all(...params: unknown[]): unknown[];
}
interface Database {
  prepare(sql: string): Statement;
  pragma(sql: string): unknown;
  exec(sql: string): void;
  readonly inTransaction: boolean;
  close(): void;
}
type DatabaseConstructor = new (file: string) => Database;
const BetterSqlite = createRequire(__filename)('better-sqlite3') as DatabaseConstructor;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * The outbox on SQLite: its own file, one better-sqlite3 connection on the main thread. Every
 * statement here is a short index lookup or a one-row write (well under a millisecond), so a
 * worker thread would cost more than it saves. busy_timeout is 0: when another process (a second
 * replica in tests, an operator's tool) holds the write lock, the event loop is not blocked waiting
 * for it; the statement or transaction is tried again after a short sleep instead.
 *
 * The one connection is shared by every caller of the process, so statements and transactions
 * take turns (`exclusive`): an awaited statement of one caller never lands inside another caller's
 * open transaction. synchronous=FULL: a mutation answered as recorded survives a power cut.
 */
/** What a store on this connection is: its name (in messages), its tables, how often to try again when busy. */
export interface SqlStoreShape {
  name: string;
  schema: string;
  busyAttempts?: number;
}

export async function openSqliteOutboxSql(file: string): Promise<OutboxSql> {
  return openSqliteStoreSql(file, { name: 'outbox', schema: SQLITE_SCHEMA });
}

/** The same connection discipline for another store of Gerbang's own (the event log, core/events). */
export async function openSqliteStoreSql(file: string, shape: SqlStoreShape): Promise<OutboxSql> {
  const busyAttempts = shape.busyAttempts ?? BUSY_ATTEMPTS;
  const db = new BetterSqlite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 0');
  let closed = false;
  let turn: Promise<unknown> = Promise.resolve();
  const statements = new Map<string, Statement>();

  function prepared(sql: string): Statement {
    if (closed) throw new Error(`the ${shape.name} store is closed`);
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  }

  const direct: OutboxSqlSession = {
    async select(sql, bindings) {
      return prepared(sql).all(...bindings) as Row[];
    },
    async run(sql, bindings) {
      return prepared(sql).run(...bindings).changes;
    },
  };

  /** Runs `work` when the connection is free, and again after a busy database. */
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const mine = turn.then(async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await work();
        } catch (error) {
          if (!isBusy(error) || attempt >= busyAttempts) throw error;
          await sleep(busyPause(attempt));
        }
      }
    });
    turn = mine.catch(() => undefined);
    return mine;
  }

  // Creating the tables is itself a write: it waits its turn like any other.
  const created = exclusive(async () => {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(shape.schema);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  });
  try {
    await created;
  } catch (error) {
    db.close();
    throw error;
  }

  return {
    dialect: 'sqlite',
    insertIgnore: 'INSERT OR IGNORE',
    select: (sql, bindings) => exclusive(() => direct.select(sql, bindings)),
    run: (sql, bindings) => exclusive(() => direct.run(sql, bindings)),
    transaction: (work) =>
      exclusive(async () => {
        // IMMEDIATE: take the write lock now, so two replicas never both read and then both write.
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(direct);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    async close() {
      if (closed) return;
      await turn;
      closed = true;
      db.close();
    },
  };
}
