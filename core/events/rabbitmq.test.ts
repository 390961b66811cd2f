import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { metricsRegistry } from '@core/metrics';
import { dropAppDatabase } from '@core/sql/app-database';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { serversRequired } from '../../tests/support/redis';
import { tcpProxy } from '../../tests/support/tcp-proxy';
import { locateEventsDatabase, openEventFlow, queueName, redactedAmqpUrl, RELAY_SUBSCRIPTION, type DeliveredEvent, type EventFlow, type FlowEvent, type Subscription } from './index';
import { amqpProblem, startConsumerChild, testAmqpUrl, type ConsumerChild } from './testing';

/**
 * The event flow on RabbitMQ (AMQP_URL, default amqp://guest:guest@127.0.0.1:5672): recorded in the
 * local log first, relayed with confirms, consumed from durable queues. Skipped with a message when
 * RabbitMQ cannot be reached, failed instead when GERBANG_REQUIRE_SERVERS=1. Every run has an
 * exchange and queues of its own, deleted at the end.
 */
const url = testAmqpUrl();
const shown = redactedAmqpUrl(url);
const problem = amqpProblem(url);
const TITLE = `event flow on RabbitMQ (log on ${testBackend()})`;
const FAST = { pollIntervalMs: 40, leaseMs: 1_500, backoff: { initialMs: 30, maxMs: 150 }, closeWaitMs: 5_000 };

async function until(condition: () => boolean | Promise<boolean>, withinMs = 20_000): Promise<void> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function event(key: string, n: number, overrides: Partial<FlowEvent> = {}): FlowEvent {
  return {
    id: `rq:${key}:status:${n}`,
    key,
    type: 'service-request.status-changed',
    tenant: 'tangsel',
    at: new Date(Date.UTC(2026, 10, 30, 1, 0, n)).toISOString(),
    payload: { status: `S${n}` },
    ...overrides,
  };
}

if (problem && serversRequired()) {
  describe(TITLE, () => {
    it(`reaches RabbitMQ at ${shown}`, () => {
      throw new Error(`RabbitMQ at ${shown} cannot be reached (${problem}); GERBANG_REQUIRE_SERVERS=1 makes this a failure, not a skip.`);
    });
  });
} else if (problem) {
  const message = `SKIPPED: RabbitMQ at ${shown} cannot be reached (${problem}); start it or set AMQP_URL`;
  // jest lists no test names for a file where everything is skipped: say it where it shows.
  console.warn(`${TITLE} — ${message}`);
  describe(TITLE, () => {
    it.skip(message, () => undefined);
  });
} else {
  describe(TITLE, () => {
    const run = randomUUID().slice(0, 6);
    const exchange = `gerbang.events.test-${run}`;
    let legacy: TestLegacyStorage;
    let admin: ChannelModel;
    const flows: EventFlow[] = [];
    const subscriptions: Subscription[] = [];
    const children: ConsumerChild[] = [];
    const queues = new Set<string>();
    const names = new Set<string>();

    async function flow(suffix: string, options: { amqpUrl?: string; subscriptions?: string[]; relay?: boolean } = {}) {
      const name = `rq${run}-${suffix}`;
      names.add(name);
      for (const s of options.subscriptions ?? []) queues.add(queueName(name, s));
      const opened = await openEventFlow(name, { storage: legacy.storage, amqpUrl: options.amqpUrl ?? url, exchange, consumer: FAST, subscriptions: options.subscriptions, relay: options.relay });
      flows.push(opened);
      return opened;
    }

    async function adminChannel() {
      const channel = await admin.createChannel();
      channel.on('error', () => undefined);
      return channel;
    }

    function collect(opened: EventFlow, subscription: string, onEvent?: (e: DeliveredEvent) => Promise<void>) {
      queues.add(queueName(opened.name, subscription));
      const received: DeliveredEvent[] = [];
      const sub = opened.subscribe(subscription, async (e) => {
        await onEvent?.(e);
        received.push(e);
      });
      subscriptions.push(sub);
      return { received, sub };
    }

    beforeAll(async () => {
      legacy = await seededStorage('events-amqp', []);
      admin = await connect(url);
      admin.on('error', () => undefined);
    });

    afterAll(async () => {
      for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL');
      // Each step on its own: a failed test must not leave this run's queues behind.
      for (const s of subscriptions) await s.close().catch(() => undefined);
      for (const f of flows) await f.close().catch(() => undefined);
      if (admin) {
        const channel = await adminChannel();
        for (const queue of queues) await channel.deleteQueue(queue).catch(() => undefined);
        await channel.deleteExchange(exchange).catch(() => undefined);
        await admin.close().catch(() => undefined);
      }
      for (const name of names) await dropAppDatabase(locateEventsDatabase(name, legacy.storage));
      await legacy?.cleanup();
    });

    test('relayed in log order, persistent, message id = event id; many keys interleaved; a repeated id once', async () => {
      const f = await flow('order', { subscriptions: ['notifikasi'] });
      // A raw queue to look at the messages themselves.
      const channel = await adminChannel();
      await channel.assertExchange(exchange, 'topic', { durable: true });
      const raw = (await channel.assertQueue('', { exclusive: true })).queue;
      await channel.bindQueue(raw, exchange, 'service-request.*');
      const keys = ['sr_a', 'sr_b', 'sr_c', 'sr_d'];
      for (let step = 0; step < 8; step++) await f.publish(keys.map((k) => event(k, step)));
      expect(await f.publish([event('sr_a', 3), event('sr_a', 8)])).toEqual({ recorded: 1, duplicates: ['rq:sr_a:status:3'] });
      // The subscriber starts after the publishes: its queue was declared by the relay, nothing is missed.
      const { received } = collect(f, 'notifikasi');
      await until(() => received.length >= 33);
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toHaveLength(33);
      expect(received.map((e) => e.sequence)).toEqual(Array.from({ length: 33 }, (_, i) => i + 1));
      for (const key of keys) expect(received.filter((e) => e.key === key).map((e) => e.id)).toEqual(Array.from({ length: key === 'sr_a' ? 9 : 8 }, (_, n) => `rq:${key}:status:${n}`));
      expect(received[0]).toMatchObject({ flow: f.name, tenant: 'tangsel', type: 'service-request.status-changed', payload: { status: 'S0' } });

      const message = await channel.get(raw, { noAck: true });
      expect(message).not.toBe(false);
      if (message) {
        expect(message.fields.routingKey).toBe('service-request.status-changed');
        expect(message.properties).toMatchObject({ messageId: 'rq:sr_a:status:0', deliveryMode: 2, contentType: 'application/json', headers: { 'x-gerbang-flow': f.name, 'x-gerbang-sequence': 1 } });
      }
      await channel.close();
      const metrics = await metricsRegistry.metrics();
      expect(metrics).toMatch(new RegExp(`gerbang_events_relayed_total\\{flow="${f.name}"\\} 33`));
      expect(metrics).toMatch(new RegExp(`gerbang_events_pending_relay\\{flow="${f.name}"\\} 0`));
    });

    test('a redelivered event id is acknowledged without handling it again; a handler that throws gets the same event again first', async () => {
      const f = await flow('redeliver');
      const seen: string[] = [];
      let failuresLeft = 2;
      const { received } = collect(f, 'notifikasi', async (e) => {
        seen.push(e.id);
        if (e.id === 'rq:sr_r:status:2' && failuresLeft-- > 0) throw new Error('notifikasi is down');
      });
      // Its queue exists and is consumed before anything is published (it was declared by no one earlier).
      await until(async () => {
        const c = await adminChannel();
        const found = await c.checkQueue(queueName(f.name, 'notifikasi')).then((q) => q.consumerCount > 0, () => false);
        await c.close().catch(() => undefined);
        return found;
      });
      await f.publish([1, 2, 3].map((n) => event('sr_r', n)));
      await until(() => received.length === 3);
      expect(seen).toEqual(['rq:sr_r:status:1', 'rq:sr_r:status:2', 'rq:sr_r:status:2', 'rq:sr_r:status:2', 'rq:sr_r:status:3']);
      // The relay crashed after RabbitMQ confirmed and before it recorded so: the same events again.
      const [again] = await f.store.read(0, 1);
      const channel = await admin.createConfirmChannel();
      channel.on('error', () => undefined);
      channel.publish(exchange, again!.type, Buffer.from(JSON.stringify(again)), { persistent: true, messageId: again!.id, headers: { 'x-gerbang-flow': f.name } });
      await channel.waitForConfirms();
      await channel.close();
      await f.publish([event('sr_r', 4)]);
      await until(() => received.length === 4);
      await new Promise((r) => setTimeout(r, 300));
      expect(received.map((e) => e.id)).toEqual(['rq:sr_r:status:1', 'rq:sr_r:status:2', 'rq:sr_r:status:3', 'rq:sr_r:status:4']);
    });

    test('RabbitMQ cut while publishing: publishes still succeed, and everything arrives once, in order, when it is back', async () => {
      const target = new URL(url);
      const proxy = await tcpProxy(target.hostname, Number(target.port || 5672));
      const viaProxy = new URL(url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      try {
        const f = await flow('outage', { amqpUrl: viaProxy.toString(), subscriptions: ['notifikasi'] });
        const { received } = collect(f, 'notifikasi');
        await f.publish([0, 1, 2, 3, 4].map((n) => event('sr_o', n)));
        await until(() => received.length === 5);

        await proxy.stop();
        const started = performance.now();
        for (let n = 5; n < 25; n++) await f.publish([event(`sr_o${n % 3}`, n)]);
        // Nothing waits for RabbitMQ: the events are in the log.
        expect(performance.now() - started).toBeLessThan(5_000);
        await new Promise((r) => setTimeout(r, 500));
        expect(received).toHaveLength(5);
        expect((await f.store.lag()).get(RELAY_SUBSCRIPTION)).toBe(20);
        expect(await metricsRegistry.getSingleMetricAsString('gerbang_events_pending_relay')).toMatch(new RegExp(`flow="${f.name}"\\} 20`));

        await proxy.start();
        await until(() => received.length >= 25, 30_000);
        await new Promise((r) => setTimeout(r, 500));
        expect(received.map((e) => e.sequence)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
        expect(new Set(received.map((e) => e.id)).size).toBe(25);
        expect((await f.store.lag()).get(RELAY_SUBSCRIPTION)).toBe(0);
      } finally {
        await proxy.stop();
      }
    });

    test('two consumer processes on one subscription: every event once, one at a time, in order', async () => {
      const f = await flow('shared', { subscriptions: ['notifikasi'] });
      const start = () => {
        const c = startConsumerChild({ flow: f.name, storage: legacy.storage, subscription: 'notifikasi', amqpUrl: url, exchange, leaseMs: FAST.leaseMs, pollMs: 40, handleMs: 15 });
        children.push(c);
        return c;
      };
      const a = start();
      const b = start();
      await Promise.all([a.ready, b.ready]);
      const ids: string[] = [];
      for (let n = 0; n < 20; n++) {
        ids.push(`rq:sr_s${n % 3}:status:${n}`);
        await f.publish([event(`sr_s${n % 3}`, n)]);
      }
      await until(() => [...a.calls, ...b.calls].filter((c) => c.end !== undefined).length >= ids.length);
      // The active one goes away mid-stream (graceful stop): the other takes over where it acknowledged.
      const active = a.calls.length > 0 ? a : b;
      active.process.kill('SIGTERM');
      await active.exited;
      for (let n = 20; n < 30; n++) {
        ids.push(`rq:sr_s${n % 3}:status:${n}`);
        await f.publish([event(`sr_s${n % 3}`, n)]);
      }
      await until(() => [...a.calls, ...b.calls].filter((c) => c.end !== undefined).length >= ids.length);
      await new Promise((r) => setTimeout(r, 300));
      const all = [...a.calls, ...b.calls].sort((x, y) => x.start - y.start);
      expect(all.map((c) => c.id)).toEqual(ids);
      for (let i = 1; i < all.length; i++) expect(all[i]!.start).toBeGreaterThanOrEqual(all[i - 1]!.end!);
      expect((active === a ? b : a).calls.length).toBeGreaterThan(0);
    });

    test('a consumer process killed mid-handler: the event comes again, to the next consumer, before any later one', async () => {
      const f = await flow('killed', { subscriptions: ['notifikasi'] });
      await f.publish([1, 2, 3, 4, 5].map((n) => event('sr_k', n)));
      const doomed = startConsumerChild({ flow: f.name, storage: legacy.storage, subscription: 'notifikasi', amqpUrl: url, exchange, leaseMs: FAST.leaseMs, pollMs: 40, handleMs: 10, hangOn: 'rq:sr_k:status:3' });
      children.push(doomed);
      await doomed.started('rq:sr_k:status:3');
      doomed.process.kill('SIGKILL');
      await doomed.exited;
      expect(doomed.calls.map((c) => [c.id, c.end !== undefined])).toEqual([
        ['rq:sr_k:status:1', true],
        ['rq:sr_k:status:2', true],
        ['rq:sr_k:status:3', false],
      ]);
      const { received } = collect(f, 'notifikasi');
      await until(() => received.length >= 3);
      await new Promise((r) => setTimeout(r, 300));
      expect(received.map((e) => e.id)).toEqual(['rq:sr_k:status:3', 'rq:sr_k:status:4', 'rq:sr_k:status:5']);
    });
  });
}
