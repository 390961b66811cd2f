import type { Knex } from 'knex';
import { AuditReader, AuditWriter, openAuditStore, type AuditStore } from '@core/audit';
import { createLogger } from '@core/log';
import { DEVELOPMENT_SEAL_KEY, EventSeal, locateEventsDatabase, openEventFlow, type EventFlow, type FlowEvent } from '@core/events';
import { openOutboxStore, OutboxDispatcher, type DispatcherSettings, type OutboxStore } from '@core/outbox';
import { dropAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { connectNotifikasi, type NotifikasiConnection, type NotifikasiPort } from '@adapters/notifikasi';
import { resilienceSettings } from '@adapters/base/resilience';
import { connectSiak, type SiakConnection } from '@adapters/siak';
import { setRate } from '@sim/notifikasi/back-office';
import { notifikasiEmulator } from '@sim/notifikasi/emulator';
import { PESAN_TABLE } from '@sim/notifikasi/schema';
import { startNotifikasi, type RunningNotifikasi } from '@sim/notifikasi/server';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../../tests/support/legacy-databases';
import { locateNotificationsDatabase, NOTIFICATIONS_SUBSCRIPTION, referenceOf, startNotifications, type RunningNotifications } from './index';

/**
 * The notifications end to end on one storage (SQLite or MariaDB): a real embedded event flow, a
 * real outbox and dispatcher, the real notifikasi emulator (throttling, delivery reports) and SIAK
 * emulator, each "process" of the notifier a set of its own connections. What goes out is counted
 * where the vendor counts it: rows of `tb_pesan` per reference.
 */
const API_KEY = 'kunci-uji-notifikasi';
const TENANT = 'tangsel';
const FAST: Partial<DispatcherSettings> = { leaseMs: 2_000, deliveryTimeoutMs: 1_500, pollIntervalMs: 50, backoff: { initialMs: 100, maxMs: 400 } };
const logger = createLogger('notifications-test', 'silent');

async function until(what: string, condition: () => Promise<boolean>, withinMs = 30_000): Promise<void> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > withinMs) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A notifikasi port that can "die": after kill(), nothing more is asked and answers in flight never
 * arrive. With `dieOnAnswer: n`, the process dies the moment the gateway's n-th acceptance comes
 * back, before anything is recorded on our side (the worst moment), and `died` resolves.
 */
function killable(port: NotifikasiPort, options: { dieOnAnswer?: number } = {}): NotifikasiPort & { kill(): void; sendsAnswered: number; died: Promise<void> } {
  let dead = false;
  let accepted = 0;
  let announce: () => void = () => undefined;
  const never = new Promise<never>(() => undefined);
  const wrapped = {
    sendsAnswered: 0,
    died: new Promise<void>((resolve) => (announce = resolve)),
    kill: () => {
      dead = true;
      announce();
    },
    send: async (...args: Parameters<NotifikasiPort['send']>) => {
      if (dead) return never;
      const answer = await port.send(...args);
      accepted += 1;
      if (accepted === options.dieOnAnswer) wrapped.kill();
      // Died between the gateway's acceptance and anything recorded on our side.
      if (dead) return never;
      wrapped.sendsAnswered += 1;
      return answer;
    },
    messagesById: (...args: Parameters<NotifikasiPort['messagesById']>) => (dead ? never : port.messagesById(...args)),
    messagesByReference: (...args: Parameters<NotifikasiPort['messagesByReference']>) => (dead ? never : port.messagesByReference(...args)),
    reportsSince: (...args: Parameters<NotifikasiPort['reportsSince']>) => (dead ? never : port.reportsSince(...args)),
    currentCursor: (...args: Parameters<NotifikasiPort['currentCursor']>) => (dead ? never : port.currentCursor(...args)),
    ping: (...args: Parameters<NotifikasiPort['ping']>) => (dead ? never : port.ping(...args)),
  };
  return wrapped;
}

interface Notifier {
  flow: EventFlow;
  outbox: OutboxStore;
  dispatcher: OutboxDispatcher;
  port: ReturnType<typeof killable>;
  running: RunningNotifications;
  /** A crash: connections dropped, nothing awaited, nothing recorded any more. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** The key the services subgraph seals the applicant with (development mode's). */
const SEAL = new EventSeal(DEVELOPMENT_SEAL_KEY);

describe(`notifications at each status change (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let siakDb: Knex;
  let gatewayDb: Knex;
  let app: RunningNotifikasi;
  let notifikasi: NotifikasiConnection;
  let siak: SiakConnection;
  let auditStore: AuditStore;
  let audit: AuditWriter;
  let publisher: EventFlow;
  const notifiers: Notifier[] = [];
  /** Residents with a family card each: a WhatsApp number, another, a number no operator serves, a landline. */
  const people: Record<'wa' | 'wa2' | 'unserved' | 'landline', string> = { wa: '', wa2: '', unserved: '', landline: '' };
  let sequence = 0;

  async function startNotifier(options: { dieOnAnswer?: number } = {}): Promise<Notifier> {
    const flow = await openEventFlow('services', { storage: legacy.storage, logger, consumer: { pollIntervalMs: 50, leaseMs: 2_000, backoff: { initialMs: 50, maxMs: 300 }, closeWaitMs: 2_000 } });
    const outbox = await openOutboxStore('delivery', legacy.storage);
    const dispatcher = new OutboxDispatcher(outbox, FAST, logger);
    const port = killable(notifikasi.port, options);
    const running = await startNotifications({ tenant: TENANT, sender: 'Disdukcapil Tangsel', flow, outbox, dispatcher, notifikasi: port, siak: siak.port, audit, storage: legacy.storage, logger, reportIntervalMs: 100, fromStart: true, seal: SEAL });
    dispatcher.start();
    const notifier: Notifier = {
      flow, outbox, dispatcher, port, running,
      async kill() {
        port.kill();
        // The process is gone: its loops stop and nothing of it is awaited (its calls in flight never
        // answer); its outbox connection closes, so not even a late failure is recorded by it.
        void running.close().catch(() => undefined);
        await dispatcher.stop({ waitMs: 0 });
        await outbox.close();
      },
      async stop() {
        await dispatcher.stop({ waitMs: 3_000 });
        await running.close();
        await outbox.close();
        await flow.close();
      },
    };
    notifiers.push(notifier);
    return notifier;
  }

  function change(requestId: string, status: string, nik: string | null, extra: Partial<{ note: string; service: string; id: string }> = {}): FlowEvent {
    sequence += 1;
    return {
      id: extra.id ?? `portal-online:${requestId}:${sequence}`,
      key: requestId,
      type: 'service-request.status-changed',
      tenant: TENANT,
      at: new Date().toISOString(),
      payload: { requestId, application: 'portal-online', service: extra.service ?? 'FIRST_ID_CARD', status, at: '2026-11-30T09:00:00', note: extra.note ?? null, by: null, ...(nik ? { applicant: SEAL.seal(nik) } : {}) },
    };
  }

  /** Messages the gateway stored under a reference: "exactly one notification per change" is counted here. */
  const stored = async (reference: string) => Number(((await gatewayDb(PESAN_TABLE).where({ ref_klien: reference }).count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n);
  const ours = async () => Number(((await gatewayDb(PESAN_TABLE).where('ref_klien', 'like', 'ntf-%').count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n);
  const whatsapp = (event: FlowEvent) => referenceOf(event.id, 'WHATSAPP');

  beforeAll(async () => {
    legacy = await seededStorage('delivery-notifications', [siakEmulator, notifikasiEmulator]);
    siakDb = legacy.open('siak');
    gatewayDb = legacy.open('notifikasi');
    const families = (await siakDb('DATA_KELUARGA').select('NO_KK').orderBy('NO_KK').limit(4)) as Array<{ NO_KK: string }>;
    const phones = ['0812-1111-2222', '081322223333', '080133334444', '021 7654321'];
    const keys = Object.keys(people) as Array<keyof typeof people>;
    for (const [i, family] of families.entries()) {
      await siakDb('DATA_KELUARGA').where('NO_KK', family.NO_KK).update({ TELP: phones[i] });
      const member = (await siakDb('BIODATA_WNI').select('NIK').where('NO_KK', family.NO_KK).orderBy('NIK').first()) as { NIK: string };
      people[keys[i]!] = member.NIK;
    }
    app = await startNotifikasi(legacy.storage, { port: 0, apiKey: API_KEY, tickMs: 0, rate: 1_000, failureRate: 0, seed: 5, sendDelayMs: 100, reportDelayMs: 200, log: () => undefined });
    notifikasi = connectNotifikasi({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
    siak = connectSiak(legacy.storage, { timeoutMs: 5_000 });
    auditStore = await openAuditStore(legacy.storage);
    audit = new AuditWriter(auditStore);
    publisher = await openEventFlow('services', { storage: legacy.storage, logger });
  }, 60_000);

  afterAll(async () => {
    for (const notifier of notifiers) await notifier.stop().catch(() => undefined);
    await publisher?.close();
    await audit?.close();
    await auditStore?.close();
    notifikasi?.client.close();
    await siak?.client.close();
    await app?.close();
    if (legacy) {
      await dropAppDatabase(locateNotificationsDatabase(legacy.storage));
      await legacy.cleanup();
    }
  });

  // A notifier a failed test left running would take the next test's events.
  afterEach(async () => {
    for (const notifier of notifiers.splice(0)) await notifier.stop().catch(() => undefined);
  });

  test('one message per real change, whatever is published twice or delivered again; reports recorded; SMS when WhatsApp is not there', async () => {
    const notifier = await startNotifier();
    const a = ['SUBMITTED', 'VERIFYING', 'IN_PROCESS', 'READY'].map((status) => change('sr_a', status, people.wa));
    const rejected = change('sr_b', 'REJECTED', people.wa2, { service: 'BIRTH_REGISTRATION', note: `NIK ${people.wa2} tidak sesuai dengan KK` });
    const unserved = change('sr_c', 'SUBMITTED', people.unserved);
    const landline = change('sr_d', 'SUBMITTED', people.landline);
    // Not told: a draft, a request naming no applicant, another event type, and a payload nobody can use
    // (skipped, not retried: it must not hold up the changes after it).
    const silent = [change('sr_a', 'DRAFT', people.wa), change('sr_e', 'SUBMITTED', null), { ...change('sr_a', 'SUBMITTED', people.wa), type: 'service-request.viewed' }, change('sr_f', 'LOST_IN_SPACE', people.wa)];
    const real = [...a, rejected, unserved];
    await publisher.publish([...a.slice(0, 2), ...silent, rejected]);
    // Published again (a poller that crashed before storing its cursor): recorded once by the flow.
    await publisher.publish([...a, rejected, unserved, landline]);

    await until('every change sent', async () => (await Promise.all(real.map(async (e) => (await stored(whatsapp(e))) === 1))).every(Boolean));
    // Delivered AGAIN to the notifier (at least once): its cursor rewound to the start of the log.
    await notifier.stop();
    const events = openAppDatabase(locateEventsDatabase('services', legacy.storage));
    try {
      await events('EVENT_CURSOR').where({ subscription: NOTIFICATIONS_SUBSCRIPTION }).update({ position: 0, lease_token: null, lease_until: null });
    } finally {
      await events.destroy();
    }
    const again = await startNotifier();

    // The WhatsApp-less number is told by SMS, once; its SMS fails (no operator serves the prefix) and nothing more goes.
    const sms = referenceOf(unserved.id, 'SMS');
    await until('the SMS fallback sent and reported', async () => (await again.running.store.notification(sms))?.state === 'FAILED');
    await until('all delivery reports in', async () => {
      const records = await Promise.all(real.map((e) => again.running.store.notification(whatsapp(e))));
      return records.every((r) => r?.state === 'DELIVERED' || r?.state === 'FAILED');
    });
    await new Promise((r) => setTimeout(r, 500));
    for (const event of real) expect(await stored(whatsapp(event))).toBe(1);
    expect(await stored(sms)).toBe(1);
    for (const event of [...silent, landline]) expect(await stored(whatsapp(event))).toBe(0);
    expect(await ours()).toBe(real.length + 1);
    // One outbox order per real change (the landline's too, settled as NO_PHONE; and the one SMS),
    // however often the events came: the gateway's own 24-hour dedupe is not what keeps this at one.
    // (An order the stopped notifier had claimed is finished by the new one once its lease runs out.)
    const orders = async () => again.outbox.messages({ tenant: TENANT, target: 'notifikasi', limit: 500 });
    await until('every order marked delivered in the outbox', async () => (await orders()).every((m) => m.state === 'DELIVERED'));
    expect(await orders()).toHaveLength(real.length + 2);
    for (const event of real) expect(await stored(whatsapp(event))).toBe(1);
    expect(await stored(sms)).toBe(1);

    // What was said: Indonesian, the reason without the NIK, to the family card's number.
    const [rejectedRow] = (await gatewayDb(PESAN_TABLE).where({ ref_klien: whatsapp(rejected) })) as Array<{ isi_pesan: string; no_tujuan: string; kanal: string }>;
    expect(rejectedRow).toMatchObject({ kanal: 'WA', no_tujuan: '6281322223333' });
    expect(rejectedRow!.isi_pesan).toBe('Disdukcapil Tangsel: Permohonan akta kelahiran Anda ditolak. Alasan: NIK (disamarkan) tidak sesuai dengan KK');

    // Delivery reports recorded, once each; the statuses follow them.
    const delivered = await again.running.store.notification(whatsapp(a[3]!));
    expect(delivered).toMatchObject({ channel: 'WHATSAPP', state: 'DELIVERED', requestId: 'sr_a', requestStatus: 'READY' });
    const reports = await again.running.store.reportsOf(whatsapp(a[3]!));
    expect(reports.length).toBeGreaterThanOrEqual(1);
    expect(new Set(reports.map((r) => r.cursor)).size).toBe(reports.length);
    expect(await again.running.store.notification(whatsapp(unserved))).toMatchObject({ state: 'FAILED', failure: 'NOT_ON_WHATSAPP' });
    expect(await again.running.store.notification(sms)).toMatchObject({ channel: 'SMS', state: 'FAILED', failure: 'UNKNOWN_NUMBER' });
    expect(await again.running.store.notification(whatsapp(landline))).toMatchObject({ state: 'NOT_SENT', failure: 'NO_PHONE' });

    // Every phone lookup is on the trail, as the notifier's own reads.
    await audit.flush();
    const trail = (await new AuditReader(auditStore).search({ principalId: 'delivery-notifications' })).records;
    expect(trail.some((r) => r.operation === 'delivery.notifyStatusChange' && r.access === 'read' && r.niks.includes(people.wa2))).toBe(true);
    expect(trail.some((r) => r.niks.includes(people.landline))).toBe(true);
    await again.stop();
  }, 90_000);

  test('a throttled gateway (429): every change delivered after its Retry-After, none doubled', async () => {
    await setRate(gatewayDb, 2);
    try {
      const notifier = await startNotifier();
      const postsBefore = app.calls.of('POST /api/kirim');
      const burst = Array.from({ length: 8 }, (_, i) => change(`sr_t${i}`, 'IN_PROCESS', i % 2 ? people.wa : people.wa2, { service: 'MOVE_OUT' }));
      await publisher.publish(burst);
      await until('the whole burst sent', async () => (await Promise.all(burst.map(async (e) => (await stored(whatsapp(e))) === 1))).every(Boolean), 40_000);
      // Asked more often than it accepted: the gateway refused some with 429, and they came back later.
      expect(app.calls.of('POST /api/kirim') - postsBefore).toBeGreaterThan(burst.length);
      const throttled = await notifier.outbox.messages({ tenant: TENANT, target: 'notifikasi', limit: 500 });
      expect(throttled.some((m) => m.attempts > 1)).toBe(true);
      await until('all marked delivered in the outbox', async () => {
        const messages = await notifier.outbox.messages({ tenant: TENANT, target: 'notifikasi', limit: 500 });
        return burst.every((e) => messages.some((m) => (m.payload as { eventId: string }).eventId === e.id && m.state === 'DELIVERED'));
      });
      for (const event of burst) expect(await stored(whatsapp(event))).toBe(1);
      await notifier.stop();
    } finally {
      await setRate(gatewayDb, 1_000);
    }
  }, 90_000);

  test('the notifier killed mid-send and started again: nothing lost, nothing doubled', async () => {
    const before = await ours();
    // Dies as the gateway's second acceptance comes back: that one unrecorded, others still in flight.
    const first = await startNotifier({ dieOnAnswer: 2 });
    app.setLatency(300, 'POST /api/kirim');
    const burst = Array.from({ length: 6 }, (_, i) => change(`sr_k${i}`, i % 2 ? 'READY' : 'COMPLETED', i % 2 ? people.wa : people.wa2, { service: 'FAMILY_CARD_CHANGE' }));
    await publisher.publish(burst);
    await Promise.race([first.port.died, new Promise((_, reject) => setTimeout(() => reject(new Error('the notifier never had two sends accepted')), 30_000))]);
    await first.kill();
    expect(first.port.sendsAnswered).toBe(1);
    // What the gateway took from the dead notifier lands there (the sends in flight too), unknown to us.
    await new Promise((r) => setTimeout(r, 600));
    const acceptedAtDeath = (await Promise.all(burst.map((e) => stored(whatsapp(e))))).filter((n) => n > 0).length;
    expect(acceptedAtDeath).toBeGreaterThanOrEqual(2);
    app.setLatency(0, 'POST /api/kirim');

    const second = await startNotifier();
    await until('every change sent once the new notifier took over (after the dead one\'s leases ran out)', async () => (await Promise.all(burst.map(async (e) => (await stored(whatsapp(e))) === 1))).every(Boolean), 40_000);
    await until('all marked delivered in the outbox', async () => {
      const messages = await second.outbox.messages({ tenant: TENANT, target: 'notifikasi', limit: 500 });
      return burst.every((e) => messages.some((m) => (m.payload as { eventId: string }).eventId === e.id && m.state === 'DELIVERED'));
    });
    await new Promise((r) => setTimeout(r, 500));
    for (const event of burst) expect(await stored(whatsapp(event))).toBe(1);
    expect((await ours()) - before).toBe(burst.length);
    await second.stop();
  }, 90_000);
});
