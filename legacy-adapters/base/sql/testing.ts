import type { Knex } from 'knex';
import type { LegacyStorage } from '@core/config/shared';
import { dropAppDatabase, ensureAppDatabase, locateAppDatabase, openAppDatabase, type AppDatabaseLocation } from '@core/sql/app-database';
import { seededStorage, testBackend } from '../../../tests/support/legacy-databases';

/**
 * For the SQL base's own tests: an application with no tables, on the backend this jest run
 * targets (a SQLite file in a temporary folder, or a throw-away MariaDB database), and a statement
 * that keeps either backend busy for seconds without any table.
 */
export interface EmptyApp {
  app: string;
  storage: LegacyStorage;
  location: AppDatabaseLocation;
  /** Creates the storage (it does not exist until then). */
  create(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function emptyApp(suite: string, app = 'probe'): Promise<EmptyApp> {
  // Storage of this suite's own (temporary folder, or database prefix), with no emulator in it.
  const legacy = await seededStorage(suite, []);
  const location = locateAppDatabase(app, legacy.storage);
  return {
    app,
    storage: legacy.storage,
    location,
    async create() {
      await ensureAppDatabase(location);
      if (location.client === 'sqlite') {
        // Opening without mustExist creates the file; one statement makes SQLite write it.
        const db = openAppDatabase(location);
        await db.raw('select 1');
        await db.destroy();
      }
    },
    async cleanup() {
      await dropAppDatabase(location);
      await legacy.cleanup();
    },
  };
}

/**
 * Counts the rows of a large cross join of a recursive CTE: about ten seconds of work on either
 * backend on a development machine (MariaDB stops recursion at 1000 rows by default, so there the
 * join is deeper instead). `scale` shortens it (0.1: about a second). `tag` finds it in MariaDB's
 * PROCESSLIST.
 */
export function slowStatement(db: Knex, tag: string, scale = 1): Knex.Raw {
  const [length, depth] = testBackend() === 'mysql' ? [1000, 150] : [1100, 600];
  return db.raw('WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < ?) SELECT ? AS tag, count(*) AS n FROM c a, c b, c d WHERE d.n <= ?', [
    length,
    tag,
    Math.max(1, Math.round(depth * scale)),
  ]);
}

/** Largest gap between ticks of a 5 ms interval: how long the event loop was unable to answer. */
export function watchEventLoop(): { stop(): number } {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(worst, performance.now() - last);
    },
  };
}
