import { Cancelled, cancellationOf, type Deadline } from '@core/deadline';
import { GerbangError, deadlineExceeded, legacyTimeout, legacyUnavailable } from '@core/errors';

/**
 * Driver errors, translated. The driver's message (SQL, file paths, host names) stays in the
 * translated error's cause, for the logs, and never reaches a client.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE', 'PROTOCOL_CONNECTION_LOST',
  'ER_ACCESS_DENIED_ERROR', 'ER_BAD_DB_ERROR', 'ER_CON_COUNT_ERROR', 'ER_DBACCESS_DENIED_ERROR',
  // The server chose this statement as a deadlock's victim: nothing was written, a retry may pass.
  'ER_LOCK_DEADLOCK',
  // MariaDB could not read an auto-increment value under concurrent inserts (1467): nothing was written.
  'ER_AUTOINC_READ_FAILED',
  // Ours: a SQLite worker thread died under a statement.
  'WORKER_EXITED',
]);
const UNAVAILABLE_SQLITE = /^SQLITE_(CANTOPEN|CORRUPT|NOTADB|IOERR)/;
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT', 'ER_LOCK_WAIT_TIMEOUT', 'ER_QUERY_INTERRUPTED',
  // MySQL's max_execution_time: the server-side backstop (MariaDB's is errno 1969, below).
  'ER_QUERY_TIMEOUT',
]);
/** MariaDB's max_statement_time, which mysql2 knows only by number. */
const MARIADB_STATEMENT_TIMEOUT = 1969;
const TIMEOUT_SQLITE = /^SQLITE_(BUSY|LOCKED)/;

export function classify(app: string, error: unknown): Error {
  if (error instanceof GerbangError) return error;
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  if (errno === MARIADB_STATEMENT_TIMEOUT) return legacyTimeout(app, error);
  if (typeof code === 'string') {
    if (TIMEOUT_CODES.has(code) || TIMEOUT_SQLITE.test(code)) return legacyTimeout(app, error);
    if (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLITE.test(code)) return legacyUnavailable(app, error);
  }
  // Anything else is a bug on our side (bad SQL, wrong column): it surfaces as an internal error,
  // which the error masking turns into a bare INTERNAL_SERVER_ERROR for the client.
  return error instanceof Error ? error : new Error(String(error));
}

/** The answer for a statement cut short by its request's deadline (passed, or the caller left). */
export function deadlineError(app: string, deadline: Deadline): GerbangError {
  return deadlineExceeded(app, cancellationOf(deadline) ?? new Cancelled('DEADLINE_EXCEEDED'));
}

/** True when the request's caller hung up: nobody will read the error, so it is not an error metric. */
export function callerLeft(error: unknown): boolean {
  const cause = error instanceof GerbangError ? error.originalError : undefined;
  return cause instanceof Cancelled && cause.reason === 'CALLER_LEFT';
}
