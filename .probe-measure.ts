import { randomUUID } from 'node:crypto';
import { deadlineIn, startDeadline } from '@core/deadline';
import { connectSqlApp } from './legacy-adapters/base/sql/sql-client';
import { emptyApp, slowStatement, watchEventLoop } from './legacy-adapters/base/sql/testing';
import { openAppDatabase } from '@core/sql/app-database';

async function fail(p: Promise<unknown>) { const t = performance.now(); const e = await p.then(() => undefined, (x: any) => x); return { code: e?.extensions?.code, ms: Math.round(performance.now() - t) }; }

(async () => {
  const probe = await emptyApp('measure');
  await probe.create();
  const mysql = probe.location.client === 'mysql';
  const server = mysql ? openAppDatabase(probe.location) : undefined;
  const client = connectSqlApp(probe.app, probe.storage, { timeoutMs: 50, poolMax: 2 });
  await Promise.all([client.ping(deadlineIn(5000)), client.ping(deadlineIn(5000))]);
  for (let i = 0; i < 3; i++) {
    const loop = watchEventLoop();
    let done = false; const fast: number[] = [];
    const slow = fail(client.query(slowStatement(client.db, randomUUID()), deadlineIn(10_000))).finally(() => { done = true; });
    while (!done) { const t = performance.now(); await client.query(client.db.raw('select 1 as ok'), deadlineIn(5000)); fast.push(performance.now() - t); }
    const r = await slow;
    console.log(probe.location.client, 'timeout run', i, r, 'loop worst gap ms', Math.round(loop.stop()), 'fast statements', fast.length, 'max ms', Math.max(...fast).toFixed(1));
  }
  if (mysql) {
    const ids = new Set<number>();
    for (let i = 0; i < 4; i++) { const rows: any = await server!.raw('select 1'); void rows; }
    const r: any = await client.query(client.db.raw('select CONNECTION_ID() as id'), deadlineIn(5000)); ids.add(r[0].id);
    const r2: any = await client.query(client.db.raw('select CONNECTION_ID() as id'), deadlineIn(5000)); ids.add(r2[0].id);
    console.log('connection ids after kills', [...ids]);
  }
  const c1 = connectSqlApp(probe.app, probe.storage, { timeoutMs: 20_000, poolMax: 1 });
  await c1.ping(deadlineIn(5000));
  const holder = fail(c1.query(slowStatement(c1.db, randomUUID(), 0.3), deadlineIn(1000)));
  console.log(probe.location.client, 'pool wait', await fail(c1.query(c1.db.raw('select 1'), deadlineIn(200))), 'holder', await holder);
  const tag = randomUUID();
  const req = startDeadline(20_000);
  const call = fail(c1.query(slowStatement(c1.db, tag, 0.1), req.deadline));
  await new Promise((r) => setTimeout(r, 300));
  const t = performance.now(); req.callerLeft(); const res = await call;
  console.log(probe.location.client, 'caller left', res, 'answered after', Math.round(performance.now() - t), 'ms');
  if (mysql) {
    const s = performance.now();
    for (;;) { const rows: any = await server!.raw('SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND ID <> CONNECTION_ID()', [`%${tag}%`]); if (rows[0].length === 0) break; await new Promise((r) => setTimeout(r, 5)); }
    console.log('gone from PROCESSLIST after', Math.round(performance.now() - s), 'ms');
  }
  const closing = performance.now();
  await Promise.all([client.close(), c1.close()]);
  console.log('close waited', Math.round(performance.now() - closing), 'ms');
  await server?.destroy();
  await probe.cleanup();
})();
