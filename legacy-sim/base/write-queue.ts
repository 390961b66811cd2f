import type { Knex } from 'knex';

/**
 * One write at a time per database handle in this process. The emulators whose feeds hand out ids
 * (ojol's change log, notifikasi's reports, pengaduan's history) take a lock row at the start of
 * each write transaction, so that on MariaDB ids are committed in the order they are given and a
 * feed reader never sees id 12 before id 11. SQLite cannot wait for a lock held by another
 * transaction of the same single-threaded process, so the process's own writes queue here first.
 * A failed write does not stop the ones after it.
 */
const queues = new WeakMap<Knex, Promise<unknown>>();

export function oneWriteAtATime<T>(db: Knex, work: () => Promise<T>): Promise<T> {
  const before = queues.get(db) ?? Promise.resolve();
  const mine = before.then(work, work);
  queues.set(db, mine.catch(() => undefined));
  return mine;
}
