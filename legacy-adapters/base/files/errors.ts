import { Cancelled, cancellationOf, type Deadline } from '@core/deadline';
import { GerbangError, deadlineExceeded, legacyTimeout, legacyUnavailable } from '@core/errors';

/**
 * File-system errors, translated. The system message names paths (of the share, of the app's
 * folders): it stays in the translated error's cause, for the logs, and never reaches a client.
 */
const UNAVAILABLE_CODES = new Set([
  'ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'EIO', 'ENOSPC', 'EDQUOT', 'EMFILE', 'ENFILE',
  'EISDIR', 'EBUSY', 'ESTALE', 'EHOSTDOWN', 'EHOSTUNREACH', 'ENOTCONN', 'ECONNREFUSED', 'ECONNRESET',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT']);

/** Ours: the app wrote something we cannot read as its format (a cut-short export, a broken line). */
export class UnreadableLegacyFile extends Error {
  readonly code = 'UNREADABLE_LEGACY_FILE';
}

/** Ours: a single file-system operation took longer than the app's timeout (a hung share). */
export class FileOperationTimeout extends Error {
  readonly code = 'ETIMEDOUT';
}

export function classifyFileError(app: string, error: unknown): Error {
  if (error instanceof GerbangError) return error;
  if (error instanceof UnreadableLegacyFile) return legacyUnavailable(app, error);
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') {
    if (TIMEOUT_CODES.has(code)) return legacyTimeout(app, error);
    if (UNAVAILABLE_CODES.has(code)) return legacyUnavailable(app, error);
  }
  // Anything else is a bug on our side; error masking turns it into INTERNAL_SERVER_ERROR.
  return error instanceof Error ? error : new Error(String(error));
}

export function deadlineError(app: string, deadline: Deadline): GerbangError {
  return deadlineExceeded(app, cancellationOf(deadline) ?? new Cancelled('DEADLINE_EXCEEDED'));
}

/** True when the request's caller hung up: nobody reads the error, so it is not an error metric. */
export function callerLeft(error: unknown): boolean {
  const cause = error instanceof GerbangError ? error.originalError : undefined;
  return cause instanceof Cancelled && cause.reason === 'CALLER_LEFT';
}
