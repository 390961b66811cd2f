import { BrokenCircuitError, CircuitBreakerPolicy, CircuitState, ConsecutiveBreaker, ExponentialBackoff, IsolatedCircuitError, circuitBreaker, handleWhen, type IBackoff } from 'cockatiel';
import { cancellationOf, type Deadline } from '@core/deadline';
import { GerbangError, legacyTimeout, legacyUnavailable } from '@core/errors';
import { legacyErrors, legacyLatency, legacyStatements } from '@core/metrics';
import type { ResilienceSettings } from './config';
import { callerLeft, deadlineError, unavailableBecause } from './errors';
import { LegacyFault, networkFault } from './fault';
import { legacyBreakerOpen } from './metrics';

/**
 * One policy per legacy application (per adapter instance), shared by every request of the process.
 * Every call a protocol base makes goes through `read` or `write`:
 * - it is never sent once the request's deadline has passed or its caller left, and each attempt is
 *   bounded by min(app timeout, time left): the attempt's AbortSignal aborts at whichever comes
 *   first, and the caller is answered at that moment even if the protocol code is slow to notice;
 * - a circuit breaker (cockatiel) counts consecutive failures of the application itself; once open,
 *   calls fail at once with LEGACY_UNAVAILABLE (reason BREAKER_OPEN) without touching the network,
 *   until `halfOpenAfterMs` has passed and one call is let through to probe (others still fail fast);
 * - reads that failed on the way (unreachable, timed out, rate-limited) are tried again with
 *   exponential backoff and jitter, or after the server's Retry-After, but only when what is left
 *   of the deadline still covers the pause and an attempt. Writes are never tried again: a write
 *   that timed out may have landed, and only the adapter can check (see docs/protocol-bases/rest.md);
 * - each real call is counted and timed (gerbang_legacy_statements_total, _call_seconds), each
 *   failure counted by the code clients see (gerbang_legacy_errors_total), the breaker's state is a
 *   gauge (gerbang_legacy_breaker_open).
 *
 * The retry loop is ours rather than cockatiel's RetryPolicy: cockatiel 3's retry sleeps through an
 * abort and knows neither the deadline nor Retry-After.
 */
export type LegacyHealth = 'up' | 'down' | 'breaker-open';

/** One attempt of a call: send it, and stop when `signal` aborts. */
export type LegacyAttempt<T> = (signal: AbortSignal) => Promise<T>;

export class ResiliencePolicy {
  private readonly breaker: CircuitBreakerPolicy;
  /** Errors that count against the application (its failures, not ours or the caller's). */
  private readonly tripping = new WeakSet<Error>();
  /** Errors after which a read may be tried again. */
  private readonly retryable = new WeakSet<Error>();
  private lastCallFailed = false;
  private sent = 0;
  private readonly subscription: { dispose(): void };

  constructor(
    readonly app: string,
    readonly settings: ResilienceSettings,
  ) {
    this.breaker = circuitBreaker(handleWhen((error) => this.tripping.has(error)), {
      halfOpenAfter: settings.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(settings.breakerThreshold),
    });
    legacyBreakerOpen.set({ app }, 0);
    this.subscription = this.breaker.onStateChange((state) => legacyBreakerOpen.set({ app }, state === CircuitState.Closed ? 0 : 1));
  }

  /** Calls really sent (attempts, retries included); tests take differences. */
  get callCount(): number {
    return this.sent;
  }

  /**
   * 'breaker-open' while calls are refused (or one probe is under way); 'down' when the breaker is
   * closed but the last call failed; 'up' otherwise. For /readyz, which names each app's state.
   */
  health(): LegacyHealth {
    if (this.breaker.state !== CircuitState.Closed) return 'breaker-open';
    return this.lastCallFailed ? 'down' : 'up';
  }

  /** A safe call (a lookup): tried again on the way failures, within the deadline. */
  async read<T>(deadline: Deadline, attempt: LegacyAttempt<T>): Promise<T> {
    let backoff: IBackoff<unknown> | undefined;
    for (let retry = 0; ; retry += 1) {
      try {
        return await this.once(deadline, attempt);
      } catch (error) {
        if (retry >= this.settings.retries || !(error instanceof Error) || !this.retryable.has(error)) throw error;
        backoff = backoff ? backoff.next(undefined) : this.backoffFactory().next();
        const retryAfter = (error as GerbangError).originalError instanceof LegacyFault ? ((error as GerbangError).originalError as LegacyFault).retryAfterMs : undefined;
        const pause = retryAfter ?? backoff.duration;
        // Not worth starting: the pause and a useful attempt no longer fit in what is left.
        if (deadline.remaining() - pause < this.settings.minAttemptMs) throw error;
        await this.pause(pause, deadline);
      }
    }
  }

  /** A call that changes something: sent at most once. */
  async write<T>(deadline: Deadline, attempt: LegacyAttempt<T>): Promise<T> {
    return this.once(deadline, attempt);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private backoffFactory(): ExponentialBackoff<unknown> {
    return new ExponentialBackoff({ initialDelay: this.settings.backoffInitialMs, maxDelay: this.settings.backoffMaxMs });
  }

  /** One attempt through the breaker. */
  private async once<T>(deadline: Deadline, attempt: LegacyAttempt<T>): Promise<T> {
    // Work nobody will read is never started.
    if (cancellationOf(deadline)) throw deadlineError(this.app, deadline);
    // While one call probes the application, the others fail fast instead of queueing behind it.
    if (this.breaker.state === CircuitState.HalfOpen) throw this.refused();
    try {
      return await this.breaker.execute(() => this.send(deadline, attempt));
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) throw this.refused();
      throw error;
    }
  }

  private refused(): GerbangError {
    legacyErrors.inc({ app: this.app, code: 'LEGACY_UNAVAILABLE' });
    return unavailableBecause(this.app, 'BREAKER_OPEN');
  }

  /** Sends one call, bounded by the app's timeout and the deadline, counted and timed. */
  private async send<T>(deadline: Deadline, attempt: LegacyAttempt<T>): Promise<T> {
    if (cancellationOf(deadline)) throw deadlineError(this.app, deadline);
    const controller = new AbortController();
    let timedOut = false;
    // The app's timeout only when it ends sooner than the deadline: otherwise the deadline's own
    // abort ends the call, and the answer says DEADLINE_EXCEEDED rather than blaming the app.
    const timer = this.settings.timeoutMs < deadline.remaining()
      ? setTimeout(() => {
        timedOut = true;
        controller.abort(new LegacyFault('timeout', `no answer within ${this.settings.timeoutMs} ms`));
      }, this.settings.timeoutMs)
      : undefined;
    const onDeadline = () => controller.abort(deadline.signal.reason);
    deadline.signal.addEventListener('abort', onDeadline, { once: true });
    this.sent += 1;
    legacyStatements.inc({ app: this.app });
    const stop = legacyLatency.startTimer({ app: this.app });
    try {
      const value = await untilAborted(attempt(controller.signal), controller.signal);
      this.lastCallFailed = false;
      return value;
    } catch (error) {
      throw this.classify(error, deadline, timedOut);
    } finally {
      clearTimeout(timer);
      deadline.signal.removeEventListener('abort', onDeadline);
      stop();
    }
  }

  private classify(error: unknown, deadline: Deadline, timedOut: boolean): Error {
    let result: Error;
    if (cancellationOf(deadline)) {
      result = deadlineError(this.app, deadline);
    } else if (timedOut) {
      result = this.mark(legacyTimeout(this.app, error), true, true);
    } else {
      const fault = networkFault(error);
      if (fault) {
        result = this.fromFault(fault);
      } else {
        // Our own errors (a GerbangError from the base, a bug in mapping) pass as they are.
        result = error instanceof Error ? error : new Error(String(error));
      }
    }
    if (result instanceof GerbangError && !callerLeft(result)) legacyErrors.inc({ app: this.app, code: result.code });
    return result;
  }

  private fromFault(fault: LegacyFault): GerbangError {
    switch (fault.kind) {
      case 'timeout':
        return this.mark(legacyTimeout(this.app, fault), true, true);
      case 'unavailable':
        return this.mark(legacyUnavailable(this.app, fault), true, true);
      case 'rate-limited':
        // The application is up and answering: pressing it is not a failure of it.
        return this.mark(unavailableBecause(this.app, 'RATE_LIMITED', fault), false, true);
      case 'rejected':
        return this.mark(legacyUnavailable(this.app, fault), false, false);
    }
  }

  private mark(error: GerbangError, trips: boolean, retryable: boolean): GerbangError {
    if (trips) {
      this.tripping.add(error);
      this.lastCallFailed = true;
    }
    if (retryable) this.retryable.add(error);
    return error;
  }

  /** Waits `ms` before a retry, or until the deadline aborts (then DEADLINE_EXCEEDED). */
  private pause(ms: number, deadline: Deadline): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(deadlineError(this.app, deadline));
      };
      const timer = setTimeout(() => {
        deadline.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      if (deadline.signal.aborted) return onAbort();
      deadline.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/**
 * The attempt's outcome, or its signal's reason the moment it aborts: the caller is answered at
 * once even when the protocol code takes its time to notice (its late outcome is dropped).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
