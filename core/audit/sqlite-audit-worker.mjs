/**
 * The SQLite audit database's one connection, in its own thread (see sqlite-audit-thread.ts):
 * better-sqlite3 is synchronous, and a batch's commit is an fsync (synchronous=FULL), which on the
 * main thread would stop every request for its duration. Here it stops only this thread.
 *
 * Plain JavaScript on purpose: a worker thread is started by Node itself, outside jest's TypeScript
 * transform and the tsx loader. It holds no audit logic: the SQL and schema come from the main
 * thread (schema.ts, store.ts), and so do the rows, already chained and hashed there (chainAfter,
 * auditHash). This thread only checks, inside the write transaction, that the chain heads those rows
 * were placed after are still the heads, and inserts them; if another writer moved a head, it
 * inserts nothing and answers the heads it found, and the main thread places the batch again.
 *
 * Protocol: the worker posts { ready: true } once the database is open and its tables exist (or
 * { ready: false, error }); then each request { id, op, ... } gets one answer { id, ... } or
 * { id, error: { name, code, message } }, in the order sent.
 *  - { op: 'append', expected: [[tenant, seq, hash]] (seq 0: empty chain), rows: [[...RECORD_COLUMNS]],
 *    niks: [[nik]] } → { ids } once committed, or { heads: [[tenant, seq, hash]] } when a head moved;
 *  - { op: 'select', sql, bindings } → { rows };
 *  - { op: 'close' } → {} once the connection is closed.
 */
import { existsSync, statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, schema, headSql, insertRecordSql, insertNikSql } = workerData;

let db;
let inode;
let head;
let insertRecord;
let insertNik;
const selects = new Map();

function open() {
  db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Never wait inside SQLite for another process's write lock: the main thread retries after a
    // short sleep instead (busy errors go back to it), as the store always did.
    db.pragma('busy_timeout = 0');
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(schema);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    inode = statSync(file).ino;
    head = db.prepare(headSql);
    insertRecord = db.prepare(insertRecordSql);
    insertNik = db.prepare(insertNikSql);
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * An open connection would otherwise keep writing into a file deleted (or replaced) under it, and
 * those records would be lost without anyone knowing: the store fails closed until the operator acts.
 */
function checkFile() {
  if (!existsSync(file) || statSync(file).ino !== inode) {
    throw Object.assign(new Error(`the audit database ${file} was removed or replaced while open; refusing to write into a file nobody can read`), { code: 'AUDIT_STORAGE_GONE' });
  }
}

function currentHead(tenant) {
  const row = head.get(tenant);
  return row ? [tenant, Number(row.seq), String(row.hash)] : [tenant, 0, ''];
}

/** One IMMEDIATE transaction: the heads are read under the write lock, so no other writer can move them before COMMIT. */
function append({ expected, rows, niks }) {
  const write = db.transaction(() => {
    const found = expected.map(([tenant]) => currentHead(tenant));
    const moved = found.some(([, seq, hash], i) => seq !== expected[i][1] || (seq > 0 && hash !== expected[i][2]));
    // Nothing written yet: committing this read-only transaction costs no fsync.
    if (moved) return { heads: found };
    const ids = rows.map((values, i) => {
      const id = Number(insertRecord.run(values).lastInsertRowid);
      for (const nik of niks[i]) insertNik.run(nik, id);
      return id;
    });
    return { ids };
  });
  checkFile();
  return write.immediate();
}

function select({ sql, bindings }) {
  let statement = selects.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    selects.set(sql, statement);
  }
  return { rows: statement.all(...bindings) };
}

function errorReply(error) {
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, code: typeof e.code === 'string' ? e.code : undefined, message: e.message };
}

/**
 * Opens, waiting out another process that holds the write lock meanwhile (subgraphs started at
 * the same moment all create the schema on first open): busy_timeout is 0 on purpose, so the wait
 * is here, a few seconds at most, sleeping this worker thread only.
 */
function openWhenFree() {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return open();
    } catch (error) {
      const busy = error && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED' || /database is locked/.test(String(error.message)));
      if (!busy || attempt >= 60) throw error;
      Atomics.wait(pause, 0, 0, Math.min(10 * attempt, 200));
    }
  }
}

try {
  openWhenFree();
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, error: errorReply(error) });
}

parentPort.on('message', (request) => {
  try {
    if (request.op === 'append') parentPort.postMessage({ id: request.id, ...append(request) });
    else if (request.op === 'select') parentPort.postMessage({ id: request.id, ...select(request) });
    else if (request.op === 'close') {
      if (db.open) db.close();
      parentPort.postMessage({ id: request.id });
      parentPort.close();
    } else throw new Error(`unknown audit worker request ${String(request.op)}`);
  } catch (error) {
    parentPort.postMessage({ id: request.id, error: errorReply(error) });
  }
});
