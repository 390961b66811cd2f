import { Cancelled, cancellationOf, type Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, deadlineExceeded, legacyUnavailable } from '@core/errors';

/** The answer for a call cut short by its request's deadline (passed, or the caller left). */
export function deadlineError(app: string, deadline: Deadline): GerbangError {
  return deadlineExceeded(app, cancellationOf(deadline) ?? new Cancelled('DEADLINE_EXCEEDED'));
}

/** True when the request's caller hung up: nobody will read the error, so it is not an error metric. */
export function callerLeft(error: unknown): boolean {
  const cause = error instanceof GerbangError ? error.originalError : undefined;
  return cause instanceof Cancelled && cause.reason === 'CALLER_LEFT';
}

/** LEGACY_UNAVAILABLE with a machine-readable reason (BREAKER_OPEN, RATE_LIMITED) next to the app. */
export function unavailableBecause(app: string, reason: string, cause?: unknown): GerbangError {
  const plain = legacyUnavailable(app, cause);
  return new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, plain.message, { app, retryable: true, reason }, { cause });
}
