import { createRequire } from 'node:module';
import { busyPause, sleep, type OutboxSql as EventSql, type OutboxSqlSession as EventSqlSession, type Row } from '@core/outbox/sql';
import { SQLITE_SCHEMA } from './schema';

/** The part of better-sqlite3 used here (the project has no @types for it). */
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

/**
 * Several processes (replicas publishing, consumers of one subscription) share the file, and a
 * subscription's poll is a write (its lease), so a busy database is routine: tried again more often
 * than the outbox does before giving up (each pause is at most 250 ms).
 */
const BUSY_ATTEMPTS = 40;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * The event log on SQLite: one better-sqlite3 connection on the main thread, as the outbox's
 * (core/outbox/sqlite-sql.ts, whose reasoning holds here: one-row statements, busy_timeout 0 and
 * a retry after a short sleep rather than blocking the event loop, statements taking turns on the
 * one connection, synchronous=FULL so a published event survives a power cut).
 */
export async function openSqliteEventSql(file: string): Promise<EventSql> {
  const db = new BetterSqlite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 0');
  let closed = false;
  let turn: Promise<unknown> = Promise.resolve();
  const statements = new Map<string, Statement>();

  function prepared(sql: string): Statement {
    if (closed) throw new Error('the event store is closed');
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  }

  const direct: EventSqlSession = {
    async select(sql, bindings) {
      return prepared(sql).all(...bindings) as Row[];
    },
    async run(sql, bindings) {
      return prepared(sql).run(...bindings).changes;
    },
  };

  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const mine = turn.then(async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await work();
        } catch (error) {
          if (!isBusy(error) || attempt >= BUSY_ATTEMPTS) throw error;
          await sleep(busyPause(attempt));
        }
      }
    });
    turn = mine.catch(() => undefined);
    return mine;
  }

  const transaction = <T>(work: (tx: EventSqlSession) => Promise<T>) =>
    exclusive(async () => {
      // IMMEDIATE: the write lock now, so two appenders never both read the sequence and then write.
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(direct);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });

  try {
    await transaction(async () => db.exec(SQLITE_SCHEMA));
  } catch (error) {
    db.close();
    throw error;
  }

  return {
    dialect: 'sqlite',
    insertIgnore: 'INSERT OR IGNORE',
    select: (sql, bindings) => exclusive(() => direct.select(sql, bindings)),
    run: (sql, bindings) => exclusive(() => direct.run(sql, bindings)),
    transaction,
    async close() {
      if (closed) return;
      await turn;
      closed = true;
      db.close();
    },
  };
}
