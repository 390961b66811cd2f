import { GerbangError } from '@core/errors';
import { metricsRegistry } from '@core/metrics';
import { dropAppDatabase } from '@core/sql/app-database';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { locateEventsDatabase, openEventFlow, type DeliveredEvent, type EventFlow, type FlowEvent, type Subscription } from './index';
import { startConsumerChild, type ConsumerChild, type HandlerCall } from './testing';

/**
 * The embedded event flow (the subgraph's own database), on the backend of this run: order per
 * key, ids recorded once, acknowledgement and resumption, crashes (a throwing handler, a consumer
 * process killed mid-handler) and two consumer processes sharing one subscription.
 */
const FAST = { pollIntervalMs: 40, leaseMs: 1_500, backoff: { initialMs: 30, maxMs: 120 }, closeWaitMs: 5_000 };

async function until(condition: () => boolean | Promise<boolean>, withinMs = 20_000): Promise<void> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let counter = 0;
function event(key: string, n: number, overrides: Partial<FlowEvent> = {}): FlowEvent {
  counter += 1;
  return {
    id: `test:${key}:status:${n}`,
    key,
    type: 'service-request.status-changed',
    tenant: 'tangsel',
    at: new Date(Date.UTC(2026, 10, 30, 1, 0, counter)).toISOString(),
    payload: { status: `S${n}`, note: 'diproses' },
    ...overrides,
  };
}

describe(`event flow, embedded (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  const flows: EventFlow[] = [];
  const subscriptions: Subscription[] = [];
  const children: ConsumerChild[] = [];
  const names = new Set<string>();

  async function flow(name: string): Promise<EventFlow> {
    names.add(name);
    const opened = await openEventFlow(name, { storage: legacy.storage, consumer: FAST });
    flows.push(opened);
    return opened;
  }

  function collect(opened: EventFlow, subscription: string, options: { fromStart?: boolean; onEvent?: (e: DeliveredEvent) => Promise<void> } = {}) {
    const received: DeliveredEvent[] = [];
    const sub = opened.subscribe(
      subscription,
      async (e) => {
        await options.onEvent?.(e);
        received.push(e);
      },
      { fromStart: options.fromStart ?? true },
    );
    subscriptions.push(sub);
    return { received, sub };
  }

  function child(name: string, subscription: string, extra: Record<string, unknown> = {}): ConsumerChild {
    const started = startConsumerChild({ flow: name, storage: legacy.storage, subscription, leaseMs: FAST.leaseMs, pollMs: 20, handleMs: 15, fromStart: true, ...extra });
    children.push(started);
    return started;
  }

  beforeAll(async () => {
    legacy = await seededStorage('events', []);
  });

  afterAll(async () => {
    for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL');
    for (const s of subscriptions) await s.close();
    for (const f of flows) await f.close();
    for (const name of names) await dropAppDatabase(locateEventsDatabase(name, legacy.storage));
    await legacy?.cleanup();
  });

  test('many keys interleaved, published by two replicas at once: every event once, in order per key, woken at once', async () => {
    const a = await flow('order');
    const b = await openEventFlow('order', { storage: legacy.storage, consumer: { ...FAST, pollIntervalMs: 10_000 } });
    flows.push(b);
    const { received } = collect(a, 'notifikasi');
    const keys = Array.from({ length: 12 }, (_, i) => `sr_${i}`);
    // Replica a publishes steps 0..9 of the even keys, replica b of the odd keys, both at once; each
    // publishes one step after the other (order per key is the order of a key's publishes).
    const replica = async (publisher: EventFlow, parity: number) => {
      for (let step = 0; step < 10; step++) await publisher.publish(keys.filter((_, i) => i % 2 === parity).map((k) => event(k, step)));
    };
    await Promise.all([replica(a, 0), replica(b, 1)]);
    await until(() => received.length >= 120);
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toHaveLength(120);
    expect(new Set(received.map((e) => e.id)).size).toBe(120);
    // The log's sequence is the order of delivery, with no gap.
    expect(received.map((e) => e.sequence)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    for (const key of keys) expect(received.filter((e) => e.key === key).map((e) => e.payload)).toEqual(Array.from({ length: 10 }, (_, n) => ({ status: `S${n}`, note: 'diproses' })));
    expect(received[0]).toMatchObject({ flow: 'order', type: 'service-request.status-changed', tenant: 'tangsel' });

    // A publish wakes a subscriber of this process at once: far sooner than b's 10-second poll.
    const { received: onB } = collect(b, 'live', { fromStart: false });
    await until(async () => (await b.store.cursor('live')) !== undefined);
    const started = performance.now();
    await a.publish([event('sr_wake', 0)]);
    await until(() => onB.length === 1, 5_000);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  test('an event id published twice (in one call or two) is recorded and delivered once', async () => {
    const f = await flow('dupes');
    const { received } = collect(f, 'notifikasi');
    const first = await f.publish([event('sr_d', 1), event('sr_d', 1), event('sr_d', 2)]);
    expect(first).toEqual({ recorded: 2, duplicates: ['test:sr_d:status:1'] });
    const again = await f.publish([event('sr_d', 2, { payload: { status: 'changed?' } }), event('sr_d', 3)]);
    expect(again).toEqual({ recorded: 1, duplicates: ['test:sr_d:status:2'] });
    await until(() => received.length >= 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(received.map((e) => [e.id, e.payload])).toEqual([
      ['test:sr_d:status:1', { status: 'S1', note: 'diproses' }],
      ['test:sr_d:status:2', { status: 'S2', note: 'diproses' }],
      ['test:sr_d:status:3', { status: 'S3', note: 'diproses' }],
    ]);
    expect(await f.store.eventsOf('sr_d')).toHaveLength(3);
  });

  test('a new subscription starts after the end unless fromStart; a restarted one resumes where it acknowledged', async () => {
    const f = await flow('resume');
    await f.publish([event('sr_r', 1), event('sr_r', 2)]);
    const late = collect(f, 'late', { fromStart: false });
    const all = collect(f, 'all', { fromStart: true });
    await until(async () => (await f.store.cursor('late')) !== undefined && all.received.length === 2);
    await f.publish([event('sr_r', 3)]);
    await until(() => late.received.length === 1 && all.received.length === 3);
    expect(late.received.map((e) => e.id)).toEqual(['test:sr_r:status:3']);
    await all.sub.close();
    await f.publish([event('sr_r', 4), event('sr_r', 5)]);
    // The same name again (a restarted process): only what it had not acknowledged, fromStart or not.
    const restarted = collect(f, 'all', { fromStart: true });
    await until(() => restarted.received.length === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(restarted.received.map((e) => e.id)).toEqual(['test:sr_r:status:4', 'test:sr_r:status:5']);
  });

  test('a handler that throws gets the same event again, and no later one first', async () => {
    const f = await flow('throws');
    const seen: string[] = [];
    let failuresLeft = 2;
    const { received } = collect(f, 'notifikasi', {
      onEvent: async (e) => {
        seen.push(e.id);
        if (e.id === 'test:sr_t:status:2' && failuresLeft-- > 0) throw new Error('notifikasi is down');
      },
    });
    await f.publish([1, 2, 3, 4].map((n) => event('sr_t', n)));
    await until(() => received.length === 4);
    expect(seen).toEqual(['test:sr_t:status:1', 'test:sr_t:status:2', 'test:sr_t:status:2', 'test:sr_t:status:2', 'test:sr_t:status:3', 'test:sr_t:status:4']);
    const metrics = await metricsRegistry.getSingleMetricAsString('gerbang_events_handler_failures_total');
    expect(metrics).toMatch(/gerbang_events_handler_failures_total\{flow="throws",subscription="notifikasi"\} 2/);
  });

  test('bad events are refused whole with a stable reason, and nothing is recorded', async () => {
    const f = await flow('invalid');
    const cases: Array<[Partial<FlowEvent>, string]> = [
      [{ id: '' }, 'INVALID_EVENT_ID'],
      [{ id: 'has space' }, 'INVALID_EVENT_ID'],
      [{ type: 'Status Changed' }, 'INVALID_EVENT_TYPE'],
      [{ at: '2026-11-30 08:00' }, 'INVALID_EVENT_TIME'],
      [{ tenant: 'Tangsel!' }, 'INVALID_TENANT'],
      [{ key: '' }, 'INVALID_EVENT_KEY'],
    ];
    for (const [overrides, reason] of cases) {
      const error = await f.publish([event('sr_ok', 1, { id: 'ok:1' }), event('sr_bad', 1, overrides)]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(GerbangError);
      expect((error as GerbangError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason, argument: 'events[1]' });
    }
    expect(() => f.subscribe('Bad Name', async () => undefined)).toThrow(/subscription name/);
    expect(await f.store.head()).toBe(0);
    // A time with an offset is kept as the same instant, in UTC.
    await f.publish([event('sr_tz', 1, { at: '2026-11-30T15:00:00+07:00' })]);
    expect((await f.store.eventsOf('sr_tz'))[0]!.at).toBe('2026-11-30T08:00:00.000Z');
  });

  test('a consumer process killed mid-handler: the next consumer gets that event again, and no later one first', async () => {
    const f = await flow('killed');
    await f.publish([1, 2, 3, 4, 5].map((n) => event('sr_k', n)));
    const doomed = child('killed', 'notifikasi', { hangOn: 'test:sr_k:status:3' });
    await doomed.started('test:sr_k:status:3');
    doomed.process.kill('SIGKILL');
    await doomed.exited;
    const killedAt = performance.now();
    expect(doomed.calls.map((c) => [c.id, c.end !== undefined])).toEqual([
      ['test:sr_k:status:1', true],
      ['test:sr_k:status:2', true],
      ['test:sr_k:status:3', false],
    ]);
    const { received } = collect(f, 'notifikasi');
    await until(() => received.length === 3);
    // It waited for the killed process's lease to run out (1.5 s), not for ever.
    expect(performance.now() - killedAt).toBeGreaterThan(500);
    expect(received.map((e) => e.id)).toEqual(['test:sr_k:status:3', 'test:sr_k:status:4', 'test:sr_k:status:5']);
  });

  test('two consumer processes on one subscription: every event handled once, one at a time, in order', async () => {
    const f = await flow('shared');
    const a = child('shared', 'notifikasi');
    const b = child('shared', 'notifikasi');
    await Promise.all([a.ready, b.ready]);
    const ids: string[] = [];
    // Bursts with pauses between: the subscription is given back when caught up, and either process may take the next burst.
    for (let burst = 0; burst < 8; burst++) {
      const batch = [0, 1, 2, 3, 4].map((n) => event(`sr_s${n % 2}`, burst * 5 + n));
      ids.push(...batch.map((e) => e.id));
      await f.publish(batch);
      await new Promise((r) => setTimeout(r, 150));
    }
    const calls = (): HandlerCall[] => [...a.calls, ...b.calls];
    await until(() => calls().filter((c) => c.end !== undefined).length >= ids.length, 30_000);
    await new Promise((r) => setTimeout(r, 300));
    const all = calls().sort((x, y) => x.start - y.start);
    expect(all.map((c) => c.id)).toEqual(ids);
    // Never two at once: each handler starts after the previous one (whichever process) ended.
    for (let i = 1; i < all.length; i++) expect(all[i]!.start).toBeGreaterThanOrEqual(all[i - 1]!.end!);
    expect(a.calls.length + b.calls.length).toBe(ids.length);
    // Both took part (the subscription moved between them).
    expect(a.calls.length).toBeGreaterThan(0);
    expect(b.calls.length).toBeGreaterThan(0);
  });

  test('metrics: events published and each subscription\'s lag', async () => {
    const f = await flow('metered');
    await f.publish([event('sr_m', 1), event('sr_m', 2), event('sr_m', 1)]);
    const sub = f.subscribe('slow', async () => new Promise(() => undefined), { fromStart: true });
    await until(async () => (await f.store.cursor('slow')) !== undefined);
    const text = await metricsRegistry.metrics();
    expect(text).toMatch(/gerbang_events_published_total\{flow="metered"\} 2/);
    expect(text).toMatch(/gerbang_events_consumer_lag\{flow="metered",subscription="slow"\} 2/);
    expect(text).not.toMatch(/gerbang_events_pending_relay\{flow="metered"\}/);
    void sub;
  });
});
