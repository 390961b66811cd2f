import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AppDatabaseLocation } from '@core/sql/app-database';
import type { AuditContent, AuditRecord } from './record';
import { RECORD_COLUMNS, SQLITE_SCHEMA } from './schema';
import { chainAfter, HEAD_SQL, INSERT_NIK_SQL, MAX_ATTEMPTS, recordValues, sleep, type AuditStore, type AuditStoreStats, type ChainHead } from './store';

/** The part of better-sqlite3 used here (the project has no @types for it; knex wraps it elsewhere). */
interface Statement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
}
interface Database {
  prepare(sql: string): Statement;
  pragma(sql: string): unknown;
  exec(sql: string): void;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): { immediate(...args: A): R };
  close(): void;
}
type DatabaseConstructor = new (file: string, options?: { fileMustExist?: boolean }) => Database;
const BetterSqlite = createRequire(__filename)('better-sqlite3') as DatabaseConstructor;

const INSERT_RECORD_SQL = `INSERT INTO AUDIT_RECORD (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map(() => '?').join(', ')})`;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === 'SQLITE_CONSTRAINT_UNIQUE');
}

/**
 * The SQLite audit store: its own file (var/legacy/audit.sqlite by default), one better-sqlite3
 * connection. A batch is one short synchronous `BEGIN IMMEDIATE` transaction (a few hundred
 * inserts: about a millisecond, plus the fsync). busy_timeout is 0, so when another process holds
 * the write lock the event loop is never blocked waiting for it: the batch is retried after a
 * short sleep instead. synchronous=FULL: a record reported written survives a power cut.
 *
 * Before each batch the file is checked to still be the one opened: an open connection would
 * otherwise keep writing into a file deleted (or replaced) under it, and those records would be
 * lost without anyone knowing. The store then fails closed until the operator acts.
 */
export function openSqliteAuditStore(location: Extract<AppDatabaseLocation, { client: 'sqlite' }>): AuditStore {
  const file = location.file;
  const db = new BetterSqlite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec(SQLITE_SCHEMA);
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    throw error;
  }
  const inode = statSync(file).ino;
  const head = db.prepare(HEAD_SQL);
  const insertRecord = db.prepare(INSERT_RECORD_SQL);
  const insertNik = db.prepare(INSERT_NIK_SQL);
  const statements = new Map<string, Statement>();
  const stats: AuditStoreStats = { transactions: 0, records: 0, retries: 0 };
  let closed = false;

  const write = db.transaction((contents: readonly AuditContent[]): AuditRecord[] => {
    const heads = new Map<string, ChainHead>();
    for (const tenant of new Set(contents.map((c) => c.tenant))) {
      const row = head.get(tenant) as { seq: number; hash: string } | undefined;
      if (row) heads.set(tenant, { seq: Number(row.seq), hash: row.hash });
    }
    return chainAfter(contents, heads).map((record) => {
      const id = Number(insertRecord.run(...recordValues(record)).lastInsertRowid);
      for (const nik of record.niks) insertNik.run(nik, id);
      return { id, ...record };
    });
  });

  function checkFile(): void {
    if (closed) throw new Error('the audit store is closed');
    if (!existsSync(file) || statSync(file).ino !== inode) {
      throw Object.assign(new Error(`the audit database ${file} was removed or replaced while open; refusing to write into a file nobody can read`), { code: 'AUDIT_STORAGE_GONE' });
    }
  }

  return {
    location,
    stats,
    async appendBatch(contents) {
      for (let attempt = 1; ; attempt += 1) {
        checkFile();
        try {
          const records = write.immediate(contents);
          stats.transactions += 1;
          stats.records += records.length;
          return records;
        } catch (error) {
          if (!isBusy(error) || attempt >= MAX_ATTEMPTS) throw error;
          stats.retries += 1;
          await sleep(Math.min(200, 2 ** attempt) + Math.random() * 5);
        }
      }
    },
    async select(sql, bindings) {
      if (closed) throw new Error('the audit store is closed');
      let statement = statements.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        statements.set(sql, statement);
      }
      return statement.all(...bindings) as Record<string, unknown>[];
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
