/**
 * MariaDB/InnoDB takes a table lock on the auto-increment counter for an INSERT … SELECT. When two
 * such statements meet another lock on the table, one of them is a deadlock victim, but the server
 * reports it as "Failed to read auto-increment value from storage engine" (ER_AUTOINC_READ_FAILED,
 * 1467) instead of ER_LOCK_DEADLOCK, and nothing was written. `registerDeedOnce` retries it like a
 * deadlock; other writes to tables with auto-increment keys (kecamatan's, legalisir's) that are safe
 * to repeat once nothing was written go through `retryingAutoIncrementRace`.
 */
import { legacyUnavailable } from '@core/errors';

const ATTEMPTS = 5;
const AUTOINC_READ_FAILED = 1467;

export function isAutoIncrementRace(error: unknown): boolean {
  for (let e = error as { code?: unknown; errno?: unknown; cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 4; depth += 1) {
    if (e.code === 'ER_AUTOINC_READ_FAILED' || e.errno === AUTOINC_READ_FAILED) return true;
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return false;
}

/** Runs `work`, again after such a race; still losing after a few attempts, the app counts as unavailable. */
export async function retryingAutoIncrementRace<T>(app: string, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!isAutoIncrementRace(error)) throw error;
      if (attempt >= ATTEMPTS) throw legacyUnavailable(app, error);
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
  }
}
