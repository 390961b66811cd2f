/**
 * One deadline per request, carried from the gateway to every subgraph call and from there to every
 * legacy call as the time remaining. Whatever waits on something below (a pooled connection, a
 * subgraph's answer, a SQL statement, a REST call) takes the request's `Deadline` and stops when its
 * signal aborts: when the time is up, or when the caller has hung up. Work that nobody will read is
 * never started and never left running.
 *
 * The signal's `reason` is always a `Cancelled`, so code below can tell the two apart: a deadline
 * that passed is answered with DEADLINE_EXCEEDED; a caller who left gets no answer at all.
 */
import { setMaxListeners } from 'node:events';
import { deadlineExceeded } from './errors';

export type CancelReason = 'DEADLINE_EXCEEDED' | 'CALLER_LEFT';

export class Cancelled extends Error {
  constructor(readonly reason: CancelReason) {
    super(reason === 'DEADLINE_EXCEEDED' ? 'the request deadline passed' : 'the caller hung up');
    this.name = 'Cancelled';
  }
}

export interface Deadline {
  /** When the request must be answered, on this process's monotonic clock (`performance.now()`). */
  readonly at: number;
  /**
   * Aborts, with a `Cancelled` as its reason, when the deadline passes or the caller leaves. Made on
   * first use: a request that never hands a signal to anything (the gateway's single-fetch path,
   * which waits through `onCancel`) costs no AbortController.
   */
  readonly signal: AbortSignal;
  /** Why the deadline ended (the time is up, or the caller left); undefined while it runs. */
  readonly cancelled: Cancelled | undefined;
  /**
   * Calls `listener` once when the deadline ends (at once, in a microtask, if it already has); the
   * returned function stops listening. A plain list, not an EventTarget: the gateway's subgraph
   * transport listens on every call, and this is its whole cost.
   */
  onCancel(listener: (reason: Cancelled) => void): () => void;
  /** Milliseconds left (0 when passed or cancelled). */
  remaining(): number;
  /**
   * Aborts the signal now if the time is up and its timer has not fired yet. A timer is a
   * macrotask: code that never yields to the event loop (graphql-js resolving thousands of cached
   * values in microtasks) would never see it fire, so checks before new work look at the clock.
   */
  checkTime(): void;
}

/** The Cancelled behind an aborted deadline, or undefined while it is still running. */
export function cancellationOf(deadline: Deadline): Cancelled | undefined {
  deadline.checkTime();
  return deadline.cancelled;
}

/**
 * The check before starting new work: throws DEADLINE_EXCEEDED (naming what would have been
 * called, with the Cancelled as its cause) once the deadline has aborted. A caller who left never
 * reads it; it only unwinds the work.
 */
export function throwIfCancelled(deadline: Deadline, what?: string): void {
  const cancelled = cancellationOf(deadline);
  if (cancelled) throw deadlineExceeded(what, cancelled);
}

/** The owner's side of a deadline: the request that created it ends it. */
export interface DeadlineController {
  readonly deadline: Deadline;
  /** The caller hung up: abort everything below with CALLER_LEFT. */
  callerLeft(): void;
  /**
   * Moves the deadline to `ms` after the request started (a per-operation deadline, known only once
   * the operation is parsed). Has no effect once the signal has aborted.
   */
  resetTo(ms: number): void;
  /** The request is answered: stop the timer (the signal stays as it is). */
  dispose(): void;
}

/**
 * One request's deadline, and its owner's side. A class, not closures over an object literal: a
 * deadline is made for every request, and its methods and getters are then shared, not allocated
 * each time (the gateway's hot path, docs/benchmarks.md).
 */
class RequestDeadline implements Deadline, DeadlineController {
  private readonly started: number;
  private atMs: number;
  private controller: AbortController | undefined;
  private reason: Cancelled | undefined;
  private listeners: Array<(reason: Cancelled) => void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(ms: number) {
    this.started = performance.now();
    this.atMs = this.started + ms;
    this.arm();
  }

  get deadline(): Deadline {
    return this;
  }

  get at(): number {
    return this.atMs;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      // Everything a request waits on listens here: hundreds of queued statements is normal, not a leak.
      setMaxListeners(0, this.controller.signal);
      if (this.reason) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  get cancelled(): Cancelled | undefined {
    return this.reason;
  }

  onCancel(listener: (reason: Cancelled) => void): () => void {
    const reason = this.reason;
    if (reason) {
      queueMicrotask(() => listener(reason));
      return () => undefined;
    }
    (this.listeners ??= []).push(listener);
    return () => {
      const index = this.listeners?.indexOf(listener) ?? -1;
      if (index >= 0) this.listeners!.splice(index, 1);
    };
  }

  remaining(): number {
    return this.reason ? 0 : Math.max(0, this.atMs - performance.now());
  }

  checkTime(): void {
    if (!this.reason && performance.now() >= this.atMs) this.abort('DEADLINE_EXCEEDED');
  }

  callerLeft(): void {
    this.abort('CALLER_LEFT');
  }

  timeUp(): void {
    this.abort('DEADLINE_EXCEEDED');
  }

  resetTo(total: number): void {
    if (this.reason) return;
    this.atMs = this.started + total;
    this.arm();
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private arm(): void {
    clearTimeout(this.timer);
    const left = this.atMs - performance.now();
    if (left <= 0) return this.abort('DEADLINE_EXCEEDED');
    this.timer = setTimeout(expire, Math.ceil(left), this);
    // A pending deadline must not keep a process alive on its own.
    this.timer.unref();
  }

  private abort(why: CancelReason): void {
    clearTimeout(this.timer);
    if (this.reason) return;
    const reason = (this.reason = new Cancelled(why));
    this.controller?.abort(reason);
    const waiting = this.listeners;
    this.listeners = undefined;
    if (waiting) for (const listener of waiting) listener(reason);
  }
}

/** The timer fired: the time is up (its clock, not performance.now(), decides when it fires). */
function expire(deadline: RequestDeadline): void {
  deadline.timeUp();
}

/** Starts a deadline `ms` from now. */
export function startDeadline(ms: number): DeadlineController {
  return new RequestDeadline(ms);
}

/**
 * A deadline for work that has no caller (readiness checks, seeding, tools, tests): `ms` from now,
 * never cancelled otherwise. Its timer is unref'd, so nothing needs to dispose it.
 */
export function deadlineIn(ms: number): Deadline {
  return startDeadline(ms).deadline;
}
