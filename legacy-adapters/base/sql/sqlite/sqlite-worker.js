'use strict';
/**
 * One SQLite connection in its own thread (see worker-pool.ts). better-sqlite3 is synchronous: run
 * on the main thread, a slow statement would stop every other request and the health endpoints
 * until SQLite returns. Here it stops only this thread, which the pool can abandon.
 *
 * Plain CommonJS on purpose: a worker thread is started by Node itself, outside jest's TypeScript
 * transform and the tsx loader, so it must be runnable as it is.
 *
 * Protocol: the worker posts { ready: true } once loaded; then the pool posts { sql, bindings }
 * (one at a time) and the worker answers { rows, changes, lastInsertId, blobs } or
 * { error: { name, code, message } }.
 */
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');

const { file, pragmas } = workerData;
/** Prepared statements by SQL text, most recently used last; parsing is a large part of a short read. */
const CACHE_SIZE = 64;
const prepared = new Map();
let db;

/**
 * Opened on the first statement, and again on a later one if that failed: the file may appear
 * (seeding finished) or come back (disk remounted) while the process runs. fileMustExist: a missing
 * file is an unavailable application, never an empty database created by accident.
 */
function connection() {
  if (db) return db;
  let opened;
  try {
    opened = new Database(file, { fileMustExist: true });
    for (const pragma of pragmas) opened.pragma(pragma);
  } catch (error) {
    if (opened) opened.close();
    // better-sqlite3 reports a missing folder as a TypeError without a code.
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { code: error && error.code ? error.code : 'SQLITE_CANTOPEN' });
  }
  db = opened;
  return db;
}

function statement(sql) {
  let found = prepared.get(sql);
  if (found) {
    prepared.delete(sql);
  } else {
    found = connection().prepare(sql);
    if (prepared.size >= CACHE_SIZE) prepared.delete(prepared.keys().next().value);
  }
  prepared.set(sql, found);
  return found;
}

/** Structured cloning turns a Buffer into a plain Uint8Array: say so, and the pool turns it back. */
function hasBlobs(rows) {
  for (const row of rows) for (const key in row) if (row[key] instanceof Uint8Array) return true;
  return false;
}

/** After these the connection is not worth keeping: the next statement opens the file again. */
const BROKEN = /^SQLITE_(CANTOPEN|IOERR|NOTADB|CORRUPT)/;

function reset() {
  prepared.clear();
  if (db) db.close();
  db = undefined;
}

parentPort.on('message', ({ sql, bindings }) => {
  try {
    const stmt = statement(sql);
    if (stmt.reader) {
      const rows = stmt.all(bindings);
      parentPort.postMessage({ rows, changes: 0, blobs: hasBlobs(rows) });
    } else {
      const info = stmt.run(bindings);
      parentPort.postMessage({ rows: [], changes: info.changes, lastInsertId: Number(info.lastInsertRowid) });
    }
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    if (typeof e.code === 'string' && BROKEN.test(e.code)) {
      try {
        reset();
      } catch {
        db = undefined;
      }
    }
    parentPort.postMessage({ error: { name: e.name, code: e.code, message: e.message } });
  }
});

// Loading the native driver and opening the file take tens of milliseconds: the pool hands this
// worker a statement only after this, so that start-up is a wait for a worker (within the
// deadline), not statement time. A file that cannot be opened yet is tried again per statement.
try {
  connection();
} catch {
  // reported by the first statement, as LEGACY_UNAVAILABLE
}
parentPort.postMessage({ ready: true });
