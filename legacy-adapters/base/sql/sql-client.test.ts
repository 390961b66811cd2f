import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { Cancelled, deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { openAppDatabase } from '@core/sql/app-database';
import { testBackend } from '../../../tests/support/legacy-databases';
import { connectSqlApp, type SqlLegacyClient } from './sql-client';
import { emptyApp, slowStatement, watchEventLoop, type EmptyApp } from './testing';

/**
 * The request path under faults, on the backend of this run: statement timeouts and deadlines
 * end the call at once and stop the work below, pool waits count against the deadline, and (on
 * SQLite) a slow statement never freezes the event loop.
 */
const mysql = testBackend() === 'mysql';

async function failure(promise: Promise<unknown>): Promise<{ error: GerbangError; ms: number }> {
  const started = performance.now();
  const error = await promise.then(() => undefined, (e: unknown) => e);
  const ms = performance.now() - started;
  if (!(error instanceof GerbangError)) throw new Error(`expected a GerbangError, got ${String(error)}`);
  return { error, ms };
}

describe(`SQL client under faults (${testBackend()})`, () => {
  let probe: EmptyApp;
  let server: Knex | undefined;
  const clients: SqlLegacyClient[] = [];
  const connect = (options: Parameters<typeof connectSqlApp>[2]) => {
    const client = connectSqlApp(probe.app, probe.storage, options);
    clients.push(client);
    return client;
  };

  /** MariaDB only: the statements carrying `tag` that the server is still running. */
  async function running(tag: string): Promise<number> {
    const rows = (await server!.raw('SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND ID <> CONNECTION_ID()', [`%${tag}%`])) as [unknown[]];
    return rows[0].length;
  }

  async function until(condition: () => Promise<boolean>, withinMs: number): Promise<number> {
    const started = performance.now();
    while (!(await condition())) {
      if (performance.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return performance.now() - started;
  }

  beforeAll(async () => {
    probe = await emptyApp('sql-client');
    await probe.create();
    if (mysql) server = openAppDatabase(probe.location);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server?.destroy();
    await probe?.cleanup();
  });

  it('answers a statement past its timeout with LEGACY_TIMEOUT at once, while the event loop and the pool keep answering', async () => {
    const client = connect({ timeoutMs: 50, poolMax: 2 });
    // Both connections/workers up before timing anything (a first statement on a loaded machine may
    // itself miss 50 ms: try again until both answer).
    const warm = async () => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await client.ping(deadlineIn(5_000));
        } catch (error) {
          if ((error as GerbangError).code !== 'LEGACY_TIMEOUT' || attempt >= 20) throw error;
        }
      }
    };
    await Promise.all([warm(), warm()]);
    const tag = randomUUID();
    const loop = watchEventLoop();
    let done = false;
    const slow = failure(client.query(slowStatement(client.db, tag), deadlineIn(10_000))).finally(() => {
      done = true;
    });
    // Quick statements on the same client meanwhile. They share its 50 ms statement timeout, and
    // on a loaded 2-core machine (the abandoned worker still burns a core until SQLite returns) one
    // may miss it: what matters is that each is answered at once, one way or the other.
    // At least four, the later ones after the slow statement was answered (its abandoned worker may
    // still be burning a core): on a loaded machine the slow one can be answered before a fourth.
    const fast: number[] = [];
    let missed = 0;
    while (!done || fast.length < 4) {
      const started = performance.now();
      await client.query(client.db.raw('select 1 as ok'), deadlineIn(5_000)).catch((e: GerbangError) => {
        if (e.code !== 'LEGACY_TIMEOUT') throw e;
        missed += 1;
      });
      fast.push(performance.now() - started);
    }
    const { error, ms } = await slow;
    const worstGap = loop.stop();

    expect(error.extensions).toMatchObject({ code: 'LEGACY_TIMEOUT', app: 'probe' });
    expect(ms).toBeGreaterThanOrEqual(45);
    expect(ms).toBeLessThan(400);
    // A statement on the main thread would have stopped the loop for seconds.
    expect(worstGap).toBeLessThan(200);
    expect(missed).toBeLessThan(fast.length / 2);
    expect(Math.max(...fast)).toBeLessThan(200);
    // The pool still serves (on SQLite through a replacement worker).
    // (Same 50 ms timeout, while the abandoned worker may still burn a core: a miss is tried again.)
    const before = client.statementCount;
    let answer: unknown;
    let attempts = 0;
    while (answer === undefined && attempts < 5) {
      attempts += 1;
      answer = await client.query(client.db.raw('select 2 as ok'), deadlineIn(5_000)).catch((e: GerbangError) => {
        if (e.code !== 'LEGACY_TIMEOUT') throw e;
        return undefined;
      });
    }
    expect(answer).toEqual([{ ok: 2 }]);
    expect(client.statementCount - before).toBe(attempts);
    if (mysql) expect(await until(async () => (await running(tag)) === 0, 1_000)).toBeLessThan(1_000);
  });

  it('counts the wait for a connection against the deadline', async () => {
    const client = connect({ timeoutMs: 20_000, poolMax: 1 });
    await client.ping(deadlineIn(5_000));
    const before = client.statementCount;
    const holder = failure(client.query(slowStatement(client.db, randomUUID(), 0.3), deadlineIn(1_000)));
    const { error, ms } = await failure(client.query(client.db.raw('select 1 as ok'), deadlineIn(200)));

    expect(error.extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED', waitingFor: 'probe' });
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(ms).toBeLessThan(500);
    // The waiting statement was never sent; only the holder was.
    expect(client.statementCount - before).toBe(1);
    expect((await holder).error.extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    await expect(client.query(client.db.raw('select 1 as ok'), deadlineIn(5_000))).resolves.toEqual([{ ok: 1 }]);
  });

  it('ends the call at once when the caller hangs up, and stops the statement below', async () => {
    const client = connect({ timeoutMs: 20_000, poolMax: 2 });
    const tag = randomUUID();
    const request = startDeadline(20_000);
    const call = failure(client.query(slowStatement(client.db, tag, 0.1), request.deadline));
    if (mysql) await until(async () => (await running(tag)) === 1, 5_000);
    else await new Promise((resolve) => setTimeout(resolve, 300));
    const left = performance.now();
    request.callerLeft();
    const { error } = await call;

    expect(performance.now() - left).toBeLessThan(100);
    expect(error.extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(error.originalError).toBeInstanceOf(Cancelled);
    expect((error.originalError as Cancelled).reason).toBe('CALLER_LEFT');
    // MariaDB: the statement is killed on the server, not left running for nobody.
    if (mysql) expect(await until(async () => (await running(tag)) === 0, 1_000)).toBeLessThan(1_000);
  });

  it('never sends a statement whose deadline has already passed', async () => {
    const client = connect({ timeoutMs: 5_000 });
    const before = client.statementCount;
    const { error } = await failure(client.query(client.db.raw('select 1 as ok'), deadlineIn(0)));
    expect(error.extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(client.statementCount).toBe(before);
  });

  it('writes through execute, with the rows changed and the new id', async () => {
    const client = connect({ timeoutMs: 5_000 });
    const deadline = deadlineIn(5_000);
    await client.execute(client.db.raw(mysql ? 'CREATE TABLE T_WRITE (ID INT AUTO_INCREMENT PRIMARY KEY, NAMA VARCHAR(20))' : 'CREATE TABLE T_WRITE (ID INTEGER PRIMARY KEY AUTOINCREMENT, NAMA VARCHAR(20))'), deadline);
    expect(await client.execute(client.db('T_WRITE').insert({ NAMA: 'A' }), deadline)).toEqual({ changes: 1, lastInsertId: 1 });
    expect(await client.execute(client.db('T_WRITE').insert({ NAMA: 'B' }), deadline)).toEqual({ changes: 1, lastInsertId: 2 });
    expect(await client.execute(client.db('T_WRITE').update({ NAMA: 'C' }), deadline)).toEqual({ changes: 2 });
    expect(await client.query(client.db('T_WRITE').select('NAMA').orderBy('ID'), deadline)).toEqual([{ NAMA: 'C' }, { NAMA: 'C' }].map((r) => expect.objectContaining(r)));
    // A builder whose result knex would reshape is refused rather than answered differently.
    await expect(client.query(client.db('T_WRITE').first(), deadline)).rejects.toThrow(/first/);
  });
});

describe(`SQL client when the application's storage is missing (${testBackend()})`, () => {
  it('reports LEGACY_UNAVAILABLE without the path or host, and answers once the storage exists', async () => {
    const missing = await emptyApp('sql-missing', 'absent-app');
    const client = connectSqlApp(missing.app, missing.storage, { timeoutMs: 5_000 });
    try {
      const { error } = await failure(client.query(client.db.raw('select 1 as ok'), deadlineIn(5_000)));
      expect(error.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'absent-app' });
      expect(error.message).not.toMatch(/sqlite|\/tmp|gerbang-sql|127\.0\.0\.1|absent_app|unknown database|select/i);
      // Not an empty database created by accident: the storage is still missing.
      await expect(client.query(client.db.raw('select 1 as ok'), deadlineIn(5_000))).rejects.toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE' } });
      await missing.create();
      await expect(client.query(client.db.raw('select 1 as ok'), deadlineIn(5_000))).resolves.toEqual([{ ok: 1 }]);
    } finally {
      await client.close();
      await missing.cleanup();
    }
  });
});
