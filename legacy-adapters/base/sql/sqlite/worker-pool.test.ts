import knex from 'knex';
import { deadlineIn } from '@core/deadline';
import { SQLITE_PRAGMAS } from '@core/sql/app-database';
import { testBackend } from '../../../../tests/support/legacy-databases';
import type { SqlStatement, StatementLimits } from '../executor';
import { emptyApp, slowStatement, type EmptyApp } from '../testing';
import { SqliteWorkerPool } from './worker-pool';

/**
 * The SQLite worker pool's own promises: abandoned workers are replaced, but never more than
 * `maxStranded` of them may still be running inside SQLite; past that, statements wait (within
 * their deadline) instead of starting threads without bound. Values cross the thread boundary as
 * the driver gives them.
 */
const sqliteOnly = testBackend() === 'sqlite' ? describe : describe.skip;

sqliteOnly('SQLite worker pool', () => {
  const db = knex({ client: 'better-sqlite3', useNullAsDefault: true });
  let probe: EmptyApp;
  let file: string;

  beforeAll(async () => {
    probe = await emptyApp('sqlite-pool');
    await probe.create();
    file = (probe.location as { file: string }).file;
  });

  afterAll(async () => {
    await probe?.cleanup();
  });

  const compiled = (builder: { toSQL(): { toNative(): { sql: string; bindings: readonly unknown[] } } }): SqlStatement => builder.toSQL().toNative();

  function limits(timeoutMs: number, deadlineMs: number, sent: () => void = () => undefined): StatementLimits {
    return { deadline: deadlineIn(deadlineMs), timeoutMs, sent };
  }

  it('caps the threads stopped inside SQLite; statements then wait, within their deadline', async () => {
    const pool = new SqliteWorkerPool('probe', file, SQLITE_PRAGMAS, { size: 1, maxStranded: 1, maxWaitMs: 10_000 });
    const seen: Array<{ live: number; stranded: number }> = [];
    const watch = setInterval(() => seen.push(pool.threads), 5);
    try {
      // About a second of work each: two abandoned statements strand two threads, the cap is 1 + 1.
      const slow = compiled(slowStatement(db, 'storm', 0.1));
      for (let i = 0; i < 2; i += 1) await expect(pool.run(slow, limits(50, 10_000))).rejects.toMatchObject({ extensions: { code: 'LEGACY_TIMEOUT' } });
      expect(pool.threads).toMatchObject({ live: 0, stranded: 2 });

      let sent = 0;
      const started = performance.now();
      await expect(pool.run(compiled(db.raw('select 1 as ok')), limits(5_000, 300, () => (sent += 1)))).rejects.toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED' } });
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(sent).toBe(0);

      // Once SQLite returns in a stranded thread it ends, and a replacement serves again.
      await expect(pool.run(compiled(db.raw('select 1 as ok')), limits(5_000, 20_000))).resolves.toMatchObject({ rows: [{ ok: 1 }] });
      expect(Math.max(...seen.map((t) => t.live + t.stranded))).toBeLessThanOrEqual(2);
    } finally {
      clearInterval(watch);
      await pool.close();
    }
    expect(pool.threads).toMatchObject({ live: 0, stranded: 0 });
  });

  it('binds booleans and dates as knex does, and returns BLOBs as Buffers', async () => {
    const pool = new SqliteWorkerPool('probe', file, SQLITE_PRAGMAS, { size: 1, maxStranded: 1, maxWaitMs: 10_000 });
    try {
      const at = new Date('2026-11-29T08:00:00Z');
      const { rows } = await pool.run(compiled(db.raw('select ? as yes, ? as at, ? as data, ? as empty', [true, at, Buffer.from('abc'), null])), limits(5_000, 5_000));
      expect(rows).toEqual([{ yes: 1, at: at.valueOf(), data: Buffer.from('abc'), empty: null }]);
      expect(Buffer.isBuffer(rows[0]!.data)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('keeps serving after a statement fails as a bug (bad SQL), without leaking the SQL to the caller', async () => {
    const pool = new SqliteWorkerPool('probe', file, SQLITE_PRAGMAS, { size: 1, maxStranded: 1, maxWaitMs: 10_000 });
    try {
      await expect(pool.run(compiled(db.raw('select * from NO_SUCH_TABLE')), limits(5_000, 5_000))).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
      await expect(pool.run(compiled(db.raw('select 1 as ok')), limits(5_000, 5_000))).resolves.toMatchObject({ rows: [{ ok: 1 }] });
      expect(pool.threads.live).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
