import type { Deadline } from '@core/deadline';
import { legacyUnavailable } from '@core/errors';
import { whenExpired } from './expiry';

/**
 * Callers waiting for something a pool hands out (a free SQLite worker, a MariaDB connection slot),
 * first come first served. Each waits within its request's deadline and at most `maxWaitMs` (past
 * that the pool counts as exhausted: LEGACY_UNAVAILABLE). A waiter that gives up leaves the queue at
 * once, so what is handed out next goes to someone still waiting, never to a request that is gone.
 */
interface Waiter<T> {
  take(item: T): void;
  fail(error: Error): void;
}

export class WaitQueue<T> {
  private readonly waiters: Array<Waiter<T>> = [];

  constructor(
    private readonly app: string,
    private readonly maxWaitMs: number,
  ) {}

  get length(): number {
    return this.waiters.length;
  }

  wait(deadline: Deadline): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
      };
      const waiter: Waiter<T> = {
        take: (item) => {
          disarm();
          resolve(item);
        },
        fail: (error) => {
          disarm();
          reject(error);
        },
      };
      this.waiters.push(waiter);
      const disarm = whenExpired(this.app, deadline, this.maxWaitMs, () => legacyUnavailable(this.app), (error) => {
        leave();
        reject(error);
      });
    });
  }

  /** Hands `item` to the longest waiter; false when nobody is waiting (the caller keeps it). */
  offer(item: T): boolean {
    const waiter = this.waiters.shift();
    if (!waiter) return false;
    waiter.take(item);
    return true;
  }

  /** Ends every wait with `error` (the pool is closing). */
  failAll(error: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.fail(error);
  }
}
