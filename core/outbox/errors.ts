import { ErrorCode, GerbangError } from '@core/errors';

/**
 * Errors of the outbox, for clients (idempotency keys) and for handlers (how a failed delivery is
 * treated).
 */

/** A handler's way to say "the application refused this for good; do not try again". */
export class PermanentDeliveryError extends Error {
  constructor(
    /** A stable code for operators, e.g. 'DEATH_ALREADY_REGISTERED'. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PermanentDeliveryError';
  }
}

/**
 * A handler's way to say "not yet": something the write waits for has not happened (a KTP-el print
 * waits for the enrolment's biometric match). Tried again with backoff, its code kept on the
 * record so that the client sees what it waits for.
 */
export class NotYetDeliverableError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NotYetDeliverableError';
  }
}

/**
 * Codes that mean the application answered and said no: asking again changes nothing. Everything
 * else (unavailable, timed out, deadline, a bug of ours) is tried again with backoff: the write is
 * kept until accepted.
 */
const PERMANENT_CODES = new Set<string>([ErrorCode.BAD_USER_INPUT, ErrorCode.CONFLICT, ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN]);

export interface DeliveryFailure {
  permanent: boolean;
  code: string;
  /** Safe to show to operators and clients: never the legacy payload, host, path or SQL. */
  message: string;
  /**
   * When the application said how long to wait (a throttled gateway's Retry-After, carried as the
   * error's `retryAfterMs` extension): the next attempt waits at least that, instead of the backoff.
   */
  retryAfterMs?: number;
}

/** The application's own "come back in N ms" on a transient failure, if it gave one. */
function retryAfterOf(error: GerbangError): { retryAfterMs?: number } {
  const ms = error.extensions.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 && !PERMANENT_CODES.has(error.code) ? { retryAfterMs: ms } : {};
}

export function classifyDeliveryFailure(error: unknown): DeliveryFailure {
  if (error instanceof PermanentDeliveryError) return { permanent: true, code: error.code, message: error.message };
  if (error instanceof NotYetDeliverableError) return { permanent: false, code: error.code, message: error.message };
  if (error instanceof GerbangError) return { permanent: PERMANENT_CODES.has(error.code), code: error.code, message: error.message, ...retryAfterOf(error) };
  // Not ours to show (it may carry a driver's message): the logs have it, the record says what kind.
  return { permanent: false, code: 'INTERNAL_ERROR', message: 'The delivery failed unexpectedly; see the subgraph logs.' };
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/** The idempotency key a client sent, checked before anything is looked up. */
export function checkIdempotencyKey(key: string): void {
  if (!KEY.test(key)) {
    throw new GerbangError(ErrorCode.BAD_USER_INPUT, 'The idempotency key must be 1 to 200 letters, digits, ".", "_", ":" or "-" (a UUID is a good choice).', {
      argument: 'idempotencyKey',
      reason: 'INVALID_IDEMPOTENCY_KEY',
    });
  }
}

/** The key was used before for a different request (other input, operation or principal). */
export function idempotencyKeyReused(): GerbangError {
  return new GerbangError(ErrorCode.CONFLICT, 'This idempotency key was already used for a different request; use a new key for a new request.', {
    argument: 'idempotencyKey',
    reason: 'IDEMPOTENCY_KEY_REUSED',
  });
}

/** The first request with this key is still running: ask again shortly for its result. */
export function idempotencyKeyInProgress(): GerbangError {
  return new GerbangError(ErrorCode.CONFLICT, 'A request with this idempotency key is still being processed; ask again shortly for its result.', {
    argument: 'idempotencyKey',
    reason: 'IDEMPOTENCY_KEY_IN_PROGRESS',
    retryable: true,
  });
}
