import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { deadlineIn } from '@core/deadline';
import { ErrorCode, GerbangError } from '@core/errors';
import { metricsRegistry } from '@core/metrics';
import { dropAppDatabase } from '@core/sql/app-database';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { IdempotencyKeys, locateOutboxDatabase, openOutboxStore, OutboxDispatcher, OutboxMutations, requestHash, type DispatcherSettings, type OutboxStore } from './index';
import { registryHandler, TinyRegistry } from './testing';

/**
 * The outbox against real targets (TinyRegistry: own storage, own port, can go down), on the
 * backend of this run. A death is written to two applications, 'akta-mati' and 'siak', as
 * registerDeath will be.
 */
const FAST: Partial<DispatcherSettings> = { leaseMs: 2_000, deliveryTimeoutMs: 1_500, pollIntervalMs: 40, backoff: { initialMs: 50, maxMs: 200 } };
const NIK = '3674030403870001';

async function until(condition: () => Promise<boolean>, withinMs = 15_000): Promise<void> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe(`outbox and idempotency keys (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let aktaMati: TinyRegistry;
  let siak: TinyRegistry;
  const opened: OutboxStore[] = [];
  const dispatchers: OutboxDispatcher[] = [];
  const subgraphs = new Set<string>();

  async function outbox(subgraph: string, settings: Partial<DispatcherSettings> = FAST, options: { start?: boolean; waitForDeliveryMs?: number } = {}) {
    subgraphs.add(subgraph);
    const store = await openOutboxStore(subgraph, legacy.storage);
    opened.push(store);
    const dispatcher = new OutboxDispatcher(store, settings)
      .register('akta-mati', 'register', registryHandler('akta-mati', () => aktaMati.url))
      .register('siak', 'register', registryHandler('siak', () => siak.url));
    dispatchers.push(dispatcher);
    if (options.start) dispatcher.start();
    return { store, dispatcher, mutations: new OutboxMutations(store, dispatcher, { waitForDeliveryMs: options.waitForDeliveryMs ?? 3_000 }) };
  }

  /** registerDeath as a subgraph would write it: the result is decided at once, the writes go out. */
  function registerDeath(mutations: OutboxMutations, key: string, input: { nik: string; name?: string }, principalId = 'officer-1') {
    return mutations.run(
      { tenant: 'tangsel', principalId, key, operation: 'registerDeath', input },
      async () => ({
        result: { reference: `KM-${key}`, nik: input.nik },
        messages: [
          { target: 'akta-mati', operation: 'register', payload: { ref: `KM-${key}`, nik: input.nik } },
          { target: 'siak', operation: 'register', payload: { ref: `KM-${key}`, nik: input.nik } },
        ],
      }),
      deadlineIn(10_000),
    );
  }

  beforeAll(async () => {
    legacy = await seededStorage('outbox', []);
    aktaMati = await TinyRegistry.create('outbox-akta-mati', legacy.storage);
    siak = await TinyRegistry.create('outbox-siak', legacy.storage);
  });

  afterAll(async () => {
    for (const d of dispatchers) await d.stop({ waitMs: 2_000 });
    for (const s of opened) await s.close();
    for (const subgraph of subgraphs) await dropAppDatabase(locateOutboxDatabase(subgraph, legacy.storage));
    await aktaMati?.close();
    await siak?.close();
    await legacy?.cleanup();
  });

  test('a healthy estate: delivered to both apps within the request, answered with DELIVERED', async () => {
    const { mutations } = await outbox('healthy');
    const started = performance.now();
    const outcome = await registerDeath(mutations, 'h-1', { nik: NIK });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(outcome.replayed).toBe(false);
    expect(outcome.result).toEqual({ reference: 'KM-h-1', nik: NIK });
    expect(outcome.status).toMatchObject({ state: 'COMPLETED', delivery: 'DELIVERED', operation: 'registerDeath', principalId: 'officer-1' });
    expect(outcome.status.messages.map((m) => [m.target, m.state, m.attempts])).toEqual([['akta-mati', 'DELIVERED', 1], ['siak', 'DELIVERED', 1]]);
    // The application's answer is kept on the message (e.g. the deed number).
    expect(outcome.status.messages[0]!.result).toEqual({ number: (await aktaMati.records('KM-h-1'))[0]!.number });
    expect(await aktaMati.records('KM-h-1')).toHaveLength(1);
    expect(await siak.records('KM-h-1')).toHaveLength(1);
  });

  test('a repeat with the same key returns the first result and writes nothing', async () => {
    const { store, mutations } = await outbox('repeat');
    const first = await registerDeath(mutations, 'r-1', { nik: NIK, name: 'BUDI' });
    const posts = aktaMati.posts + siak.posts;
    const messages = (await store.messages()).length;
    // The same input with its keys in another order is the same request.
    const again = await mutations.run(
      { tenant: 'tangsel', principalId: 'officer-1', key: 'r-1', operation: 'registerDeath', input: { name: 'BUDI', nik: NIK } },
      async () => {
        throw new Error('a repeat must not plan again');
      },
      deadlineIn(5_000),
    );
    expect(again.replayed).toBe(true);
    expect(again.result).toEqual(first.result);
    expect(again.status.messages.map((m) => m.id)).toEqual(first.status.messages.map((m) => m.id));
    expect(aktaMati.posts + siak.posts).toBe(posts);
    expect((await store.messages()).length).toBe(messages);
    expect(await aktaMati.records('KM-r-1')).toHaveLength(1);
    // The same key in another tenant is another request.
    const elsewhere = await mutations.run({ tenant: 'other', principalId: 'officer-1', key: 'r-1', operation: 'registerDeath', input: {} }, async () => ({ result: 'other', messages: [] }), deadlineIn(5_000));
    expect(elsewhere).toMatchObject({ replayed: false, result: 'other' });
  });

  test('the same key with another input, operation or principal is refused (CONFLICT), and writes nothing', async () => {
    const { store, mutations } = await outbox('conflict');
    await registerDeath(mutations, 'c-1', { nik: NIK });
    const before = (await store.messages()).length;
    const refusals = [
      registerDeath(mutations, 'c-1', { nik: '3674030403870002' }),
      registerDeath(mutations, 'c-1', { nik: NIK }, 'officer-2'),
      mutations.run({ tenant: 'tangsel', principalId: 'officer-1', key: 'c-1', operation: 'registerBirth', input: { nik: NIK } }, async () => ({ result: 1, messages: [] }), deadlineIn(5_000)),
    ];
    for (const refusal of refusals) {
      const error = await refusal.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(GerbangError);
      expect((error as GerbangError).extensions).toMatchObject({ code: 'CONFLICT', argument: 'idempotencyKey', reason: 'IDEMPOTENCY_KEY_REUSED' });
    }
    expect((await store.messages()).length).toBe(before);
    await expect(registerDeath(mutations, 'not a key!', { nik: NIK })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_IDEMPOTENCY_KEY' } });
  });

  test('concurrent requests with one key: one records, the others replay or are told it is in progress', async () => {
    const { store, mutations } = await outbox('race');
    const settled = await Promise.allSettled(Array.from({ length: 6 }, () => registerDeath(mutations, 'race-1', { nik: NIK })));
    const recorded = settled.filter((s) => s.status === 'fulfilled' && !s.value.replayed);
    expect(recorded).toHaveLength(1);
    for (const s of settled) {
      if (s.status === 'rejected') expect((s.reason as GerbangError).extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_IN_PROGRESS' });
    }
    expect(await store.messages({ idempotencyKey: 'race-1' })).toHaveLength(2);
    expect(await aktaMati.records('KM-race-1')).toHaveLength(1);
  });

  test('a plan that fails records nothing and gives the key back; a crashed claim expires and is taken over', async () => {
    const { store } = await outbox('release');
    const keys = new IdempotencyKeys(store, { claimTtlMs: 300 });
    const mutations = new OutboxMutations(store, new OutboxDispatcher(store, FAST));
    const request = { tenant: 'tangsel', principalId: 'officer-1', key: 'x-1', operation: 'registerDeath', input: { nik: NIK } };
    await expect(mutations.run(request, async () => Promise.reject(new Error('SIAK says the person is unknown')), deadlineIn(5_000))).rejects.toThrow(/unknown/);
    expect(await store.status('tangsel', 'x-1')).toBeUndefined();
    // A request that dies after begin (no commit, no release) holds its key until the claim expires.
    const hash = requestHash('registerDeath', { nik: NIK });
    const crashed = await keys.begin({ ...request, requestHash: hash });
    expect(crashed.kind).toBe('new');
    expect((await keys.begin({ ...request, requestHash: hash })).kind).toBe('in-progress');
    await new Promise((r) => setTimeout(r, 400));
    const taken = await keys.begin({ ...request, requestHash: hash });
    expect(taken.kind).toBe('new');
    // The crashed request's late commit is refused: it no longer holds the key.
    if (crashed.kind === 'new') await expect(crashed.claim.commit('late', [])).rejects.toThrow(/taken over/);
    if (taken.kind === 'new') await taken.claim.commit({ ok: true }, []);
    expect((await keys.begin({ ...request, requestHash: hash })).kind).toBe('replay');
  });

  test('an application that is down: the write is kept, answered PENDING in time, and delivered once it is back', async () => {
    const { mutations } = await outbox('down', FAST, { start: true, waitForDeliveryMs: 1_000 });
    await siak.stop();
    try {
      const started = performance.now();
      const outcome = await registerDeath(mutations, 'd-1', { nik: NIK });
      expect(performance.now() - started).toBeLessThan(2_500);
      expect(outcome.status.delivery).toBe('PENDING');
      const [deed, siakMessage] = outcome.status.messages;
      // The healthy application got its record at once; the other is waiting, with the reason.
      expect(deed).toMatchObject({ target: 'akta-mati', state: 'DELIVERED' });
      expect(siakMessage).toMatchObject({ target: 'siak', state: 'PENDING', lastErrorCode: 'LEGACY_UNAVAILABLE' });
      expect(siakMessage!.lastErrorMessage).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|http/i);
      // Retried in the background while it stays down.
      await until(async () => ((await mutations.status('tangsel', 'd-1'))!.messages[1]!.attempts ?? 0) >= 3);
    } finally {
      await siak.start();
    }
    await until(async () => (await mutations.status('tangsel', 'd-1'))!.delivery === 'DELIVERED');
    expect(await siak.records('KM-d-1')).toHaveLength(1);
    expect(await aktaMati.records('KM-d-1')).toHaveLength(1);
    const metrics = await metricsRegistry.getSingleMetricAsString('gerbang_outbox_delivery_failures_total');
    const failures = /outbox="down",app="siak",code="LEGACY_UNAVAILABLE",permanent="false"} (\d+)/.exec(metrics)?.[1];
    // Three attempts were claimed while it was down; the third may have been under way when it
    // came back and succeeded: at least the first two failed and were counted.
    expect(Number(failures)).toBeGreaterThanOrEqual(2);
  });

  test('a throttled application\'s Retry-After is waited out, not the (shorter) backoff', async () => {
    const { store, dispatcher } = await outbox('throttled');
    const keys = new IdempotencyKeys(store);
    const begun = await keys.begin({ tenant: 'tangsel', principalId: null, key: 't-1', operation: 'notify', requestHash: requestHash('notify', {}) });
    if (begun.kind !== 'new') throw new Error('expected a new key');
    const [id] = await begun.claim.commit(null, [{ target: 'gateway', operation: 'send', payload: {} }]);
    let calls = 0;
    dispatcher.register('gateway', 'send', async () => {
      calls += 1;
      if (calls === 1) throw new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'throttled', { app: 'gateway', reason: 'RATE_LIMITED', retryable: true, retryAfterMs: 1_500 });
      return { sent: true };
    });
    const before = Date.now();
    expect((await dispatcher.deliver([id!])).get(id!)).toBe('retry');
    const [waiting] = await store.messages({ id: id! });
    // FAST's backoff would come back after at most 50 ms; the app asked for 1.5 s.
    expect(waiting!.nextAttemptAt.getTime() - before).toBeGreaterThanOrEqual(1_500);
    expect(waiting!.lastErrorCode).toBe('LEGACY_UNAVAILABLE');
    expect((await dispatcher.deliver([id!])).get(id!)).toBe('not-claimed');
  });

  test('a restart: a stopped dispatcher leaves its work pending, a new one on the same store completes it exactly once', async () => {
    const first = await outbox('restart', FAST, { start: true, waitForDeliveryMs: 200 });
    await aktaMati.stop();
    const keys = ['s-1', 's-2', 's-3'];
    try {
      for (const key of keys) expect((await registerDeath(first.mutations, key, { nik: NIK })).status.delivery).toBe('PENDING');
    } finally {
      await first.dispatcher.stop();
      await first.store.close();
      await aktaMati.start();
    }
    // The subgraph comes back: a new process opens the same outbox and resumes.
    const second = await outbox('restart', FAST, { start: true });
    for (const key of keys) await until(async () => (await second.mutations.status('tangsel', key))!.delivery === 'DELIVERED');
    for (const key of keys) {
      expect(await aktaMati.records(`KM-${key}`)).toHaveLength(1);
      expect(await siak.records(`KM-${key}`)).toHaveLength(1);
    }
    // Counted once its mark has committed: stopping waits for the deliveries under way.
    await second.dispatcher.stop();
    expect(second.dispatcher.stats.delivered).toBe(keys.length);
  });

  test('a replica killed between "written" and "marked delivered": the next one re-checks and records it once', async () => {
    const crash = await outbox('crash');
    const keys = new IdempotencyKeys(crash.store);
    const begun = await keys.begin({ tenant: 'tangsel', principalId: 'officer-1', key: 'k-1', operation: 'registerDeath', requestHash: requestHash('registerDeath', { nik: NIK }) });
    if (begun.kind !== 'new') throw new Error(begun.kind);
    const [id] = await begun.claim.commit({ reference: 'KM-k-1' }, [{ target: 'akta-mati', operation: 'register', payload: { ref: 'KM-k-1', nik: NIK } }]);
    const posts = aktaMati.posts;

    const leaseMs = 1_500;
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'crash-child.ts'), JSON.stringify({ subgraph: 'crash', storage: legacy.storage, app: 'akta-mati', registryUrl: aktaMati.url, leaseMs })], {
      cwd: resolve(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise((r) => child.on('exit', r));
    await new Promise<void>((resolveWrote, reject) => {
      child.stdout.on('data', (chunk) => {
        if (String(chunk).includes(`WROTE ${id}`)) resolveWrote();
      });
      child.on('exit', (code) => reject(new Error(`the child exited (${code}) before writing: ${stderr}`)));
    });
    child.kill('SIGKILL');
    await exited;
    // Written by the dead replica, and still PENDING (leased) in the outbox.
    expect(await aktaMati.records('KM-k-1')).toHaveLength(1);
    expect((await crash.store.messages({ id }))[0]).toMatchObject({ state: 'PENDING', attempts: 1 });
    // Its claim is still held: nobody delivers it until the lease expires, then the loop does.
    expect(await crash.dispatcher.tick()).toBe(0);
    crash.dispatcher.start();
    await until(async () => (await crash.store.messages({ id }))[0]!.state === 'DELIVERED');
    expect((await crash.store.messages({ id }))[0]).toMatchObject({ attempts: 2, result: { number: (await aktaMati.records('KM-k-1'))[0]!.number } });
    expect(await aktaMati.records('KM-k-1')).toHaveLength(1);
    // One write asked of the application in all: the second delivery found it by reference.
    expect(aktaMati.posts - posts).toBe(1);
  }, 60_000);

  test('two dispatchers on one store never deliver a message twice', async () => {
    const a = await outbox('replicas', { ...FAST, pollIntervalMs: 10, concurrency: 3 });
    const b = await outbox('replicas', { ...FAST, pollIntervalMs: 10, concurrency: 3 });
    const handled: string[] = [];
    for (const replica of [a, b]) {
      replica.dispatcher.register('akta-mati', 'register', async (message, deadline) => {
        handled.push(message.id);
        return registryHandler('akta-mati', () => aktaMati.url)(message, deadline);
      });
    }
    // Recorded without delivering, then both replicas race for the backlog.
    const keys = new IdempotencyKeys(a.store);
    const ids: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      const begun = await keys.begin({ tenant: 'tangsel', principalId: 'svc', key: `p-${i}`, operation: 'registerDeath', requestHash: requestHash('registerDeath', i) });
      if (begun.kind !== 'new') throw new Error(begun.kind);
      ids.push(...(await begun.claim.commit(i, [{ target: 'akta-mati', operation: 'register', payload: { ref: `KM-p-${i}`, nik: NIK } }])));
    }
    const posts = aktaMati.posts;
    a.dispatcher.start();
    b.dispatcher.start();
    // And the "right after commit" path racing the loops for the same messages.
    await Promise.all([a.dispatcher.deliver(ids.slice(0, 10)), b.dispatcher.deliver(ids.slice(0, 10))]);
    await until(async () => (await a.store.messages({ state: 'PENDING' })).length === 0);
    // The store shows DELIVERED once the mark has committed, a moment before the dispatcher that
    // wrote it counts it: stopping waits for the deliveries under way (a loaded CI saw 39 of 40).
    await Promise.all([a.dispatcher.stop(), b.dispatcher.stop()]);
    expect(handled).toHaveLength(40);
    expect(new Set(handled).size).toBe(40);
    expect(aktaMati.posts - posts).toBe(40);
    expect(a.dispatcher.stats.delivered + b.dispatcher.stats.delivered).toBe(40);
    expect((await aktaMati.records()).filter((r) => r.ref.startsWith('KM-p-'))).toHaveLength(40);
  });

  test('a permanent refusal is recorded and not tried again; an operator can retry it', async () => {
    const { store, mutations } = await outbox('refused', FAST, { start: true });
    const outcome = await registerDeath(mutations, 'f-1', { nik: '12345' });
    expect(outcome.status.delivery).toBe('FAILED');
    expect(outcome.status.messages.map((m) => [m.state, m.attempts, m.lastErrorCode])).toEqual([
      ['FAILED_PERMANENTLY', 1, 'BAD_USER_INPUT'],
      ['FAILED_PERMANENTLY', 1, 'BAD_USER_INPUT'],
    ]);
    const posts = aktaMati.posts;
    await new Promise((r) => setTimeout(r, 400));
    expect(aktaMati.posts).toBe(posts);
    expect((await store.messages({ state: 'FAILED_PERMANENTLY' })).length).toBe(2);
    expect(await store.counts()).toEqual(expect.arrayContaining([{ target: 'akta-mati', state: 'FAILED_PERMANENTLY', count: 1 }]));
    // The operator's "try again": back to PENDING, delivered (and refused) once more.
    expect(await store.retryNow({ tenant: 'tangsel', idempotencyKey: 'f-1', target: 'akta-mati' })).toBe(1);
    await until(async () => aktaMati.posts === posts + 1 && (await store.messages({ id: outcome.status.messages[0]!.id }))[0]!.state === 'FAILED_PERMANENTLY');
    expect(await metricsRegistry.getSingleMetricAsString('gerbang_outbox_messages')).toMatch(/outbox="refused",app="akta-mati",state="FAILED_PERMANENTLY"} 1/);
  });
});
