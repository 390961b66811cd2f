import type { Knex } from 'knex';
import { deadlineIn } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { markFailed, setRate } from '@sim/notifikasi/back-office';
import { notifikasiEmulator } from '@sim/notifikasi/emulator';
import { PESAN_TABLE } from '@sim/notifikasi/schema';
import { startNotifikasi, type RunningNotifikasi } from '@sim/notifikasi/server';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { resilienceSettings } from '../../base/resilience';
import { connectNotifikasi, createNotifikasiLoaders, notificationReference, retryAfterMsOf, type NotifikasiConnection, type OutgoingNotification } from '../index';

const API_KEY = 'kunci-adapter-notifikasi';
const START = Date.parse('2026-11-30T02:00:00Z');
/** Texts went to few families: a world of 2,000 gives a seeded history with references. */
const WORLD = { ...TEST_WORLD, scale: 2_000 };
const unhurried = () => deadlineIn(10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The notifications adapter against the running notifikasi emulator (its storage on SQLite or MariaDB), on a clock the test moves. */
describe(`notifikasi REST adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let gateway: Knex;
  let app: RunningNotifikasi;
  let notifikasi: NotifikasiConnection;
  let clock = START;
  const advance = async (ms: number) => {
    clock += ms;
    await app.tick();
  };
  const sms = (key: string, overrides: Partial<OutgoingNotification> = {}): OutgoingNotification => ({
    reference: notificationReference('UJI', key), channel: 'SMS', phone: '+6281234567890', text: 'Yth. Warga, KTP-el Anda sudah dapat diambil.', ...overrides,
  });
  /** Rows the gateway stored under a reference: what "exactly one notification" is counted by. */
  const stored = async (reference: string) => Number(((await gateway(PESAN_TABLE).where({ ref_klien: reference }).count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n);
  const sends = () => app.calls.of('POST /api/kirim');

  beforeAll(async () => {
    legacy = await seededStorage('notifikasi-adapter', [notifikasiEmulator], WORLD);
    gateway = legacy.open('notifikasi');
    app = await startNotifikasi(legacy.storage, { port: 0, apiKey: API_KEY, now: () => new Date(clock), tickMs: 0, rate: 1_000, failureRate: 0, seed: 3 });
    notifikasi = connectNotifikasi({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
  });

  afterEach(async () => {
    app.setLatency(0);
    await app.restart();
  });

  afterAll(async () => {
    notifikasi?.client.close();
    await app?.close();
    await legacy?.cleanup();
  });

  it('sends once per reference: asking again answers the same message without sending', async () => {
    const message = sms('once');
    const first = await notifikasi.port.send(message, unhurried());
    expect(first).toMatchObject({ reference: message.reference, channel: 'SMS', phone: '+6281234567890', status: 'QUEUED', failure: null, parts: 1, priceRupiah: 350, sentAt: null });
    expect(first.acceptedAt).toBe('2026-11-30T09:00:00+07:00');
    const before = sends();
    await expect(notifikasi.port.send(message, unhurried())).resolves.toMatchObject({ messageId: first.messageId });
    // Past the gateway's own 24-hour window too.
    await advance(25 * 3_600_000);
    await expect(notifikasi.port.send(message, unhurried())).resolves.toMatchObject({ messageId: first.messageId, status: 'DELIVERED' });
    expect(sends()).toBe(before);
    expect(await stored(message.reference)).toBe(1);
    await expect(notifikasi.port.send({ ...message, phone: '+6281311112222' }, unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'REFERENCE_IN_USE' } });
    await expect(notifikasi.port.send({ ...message, channel: 'WHATSAPP' }, unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(sends()).toBe(before);
  });

  it('makes one message of two sends racing with the same reference (the gateway\'s 51 carries the first)', async () => {
    const message = sms('race', { channel: 'WHATSAPP', text: 'Berkas Anda sudah diverifikasi 🙏' });
    // Both look the reference up before either sends.
    app.setLatency(300, 'GET /api/pesan');
    const before = sends();
    const [a, b] = await Promise.all([notifikasi.port.send(message, unhurried()), notifikasi.port.send(message, unhurried())]);
    expect(sends() - before).toBe(2);
    expect(a.messageId).toBe(b.messageId);
    expect(a.channel).toBe('WHATSAPP');
    expect(await stored(message.reference)).toBe(1);
  });

  it('finds a send whose answer was lost, in the same call when it landed meanwhile, or on the next', async () => {
    // The answer comes after the adapter's 2 s: the send lands at ~3.1 s, the look after it at ~3.6 s.
    app.setLatency(2_300, 'POST /api/kirim');
    app.setLatency(800, 'GET /api/pesan');
    const lost = sms('lost-1');
    const found = await notifikasi.port.send(lost, unhurried());
    expect(found.reference).toBe(lost.reference);
    expect(await stored(lost.reference)).toBe(1);

    // Landing after the look: the call fails, and the next one finds it instead of sending again.
    app.setLatency(0);
    app.setLatency(2_600, 'POST /api/kirim');
    const late = sms('lost-2');
    await expect(notifikasi.port.send(late, unhurried())).rejects.toMatchObject({ extensions: { code: 'LEGACY_TIMEOUT' } });
    await sleep(800);
    app.setLatency(0);
    const before = sends();
    const again = await notifikasi.port.send(late, unhurried());
    expect(sends()).toBe(before);
    expect(again.reference).toBe(late.reference);
    expect(await stored(late.reference)).toBe(1);
  }, 20_000);

  it('surfaces the gateway\'s throttle as RATE_LIMITED with retryAfterMs, without retrying the send or opening the breaker', async () => {
    await setRate(gateway, 1);
    try {
      await advance(1_000);
      await notifikasi.port.send(sms('rate-1'), unhurried());
      const before = sends();
      const error = await notifikasi.port.send(sms('rate-2'), unhurried()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GerbangError);
      expect((error as GerbangError).extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', reason: 'RATE_LIMITED', retryable: true, retryAfterMs: 1_000, app: 'notifikasi' });
      expect(retryAfterMsOf(error)).toBe(1_000);
      expect(sends() - before).toBe(1);
      expect(await stored(sms('rate-2').reference)).toBe(0);
      expect(notifikasi.client.health()).toBe('up');
      await advance(1_000);
      await expect(notifikasi.port.send(sms('rate-2'), unhurried())).resolves.toMatchObject({ status: 'QUEUED' });
    } finally {
      await setRate(gateway, 1_000);
      await advance(1_000);
    }
  });

  it('refuses what the gateway would refuse before calling it', async () => {
    const calls = app.calls.total;
    const bad: Array<[Partial<OutgoingNotification>, string]> = [
      [{ reference: 'x'.repeat(33) }, 'INVALID_REFERENCE'],
      [{ phone: '081234567890' }, 'INVALID_PHONE'],
      [{ phone: '+62212345678' }, 'INVALID_PHONE'],
      [{ text: '  ' }, 'EMPTY_TEXT'],
      [{ text: 'a'.repeat(919) }, 'TEXT_TOO_LONG'],
      [{ text: 'ā'.repeat(403) }, 'TEXT_TOO_LONG'],
      [{ channel: 'WHATSAPP', text: 'a'.repeat(4097) }, 'TEXT_TOO_LONG'],
      [{ channel: 'EMAIL' as 'SMS' }, 'INVALID_CHANNEL'],
    ];
    for (const [overrides, reason] of bad) {
      await expect(notifikasi.port.send(sms('bad', overrides), unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason } });
    }
    expect(app.calls.total).toBe(calls);
  });

  it('loads messages by id and by reference in one call per batch, keyed as asked', async () => {
    const sent = await Promise.all(['b1', 'b2', 'b3'].map((k) => notifikasi.port.send(sms(k), unhurried())));
    const seeded = ((await gateway(PESAN_TABLE).where('ref_klien', 'like', 'SIAK-%').limit(5).select('id_pesan', 'ref_klien')) as Array<{ id_pesan: number; ref_klien: string }>);
    const before = app.calls.of('GET /api/pesan');
    const byId = await notifikasi.port.messagesById([...sent.map((m) => m.messageId), String(seeded[0]!.id_pesan), '99999999', 'abc', '007'], unhurried());
    expect(app.calls.of('GET /api/pesan') - before).toBe(1);
    expect([...byId.keys()].sort()).toEqual([...sent.map((m) => m.messageId), String(seeded[0]!.id_pesan)].sort());
    expect(byId.get(String(seeded[0]!.id_pesan))).toMatchObject({ status: expect.stringMatching(/DELIVERED|FAILED/), finishedAt: expect.stringMatching(/\+07:00$/) });
    const upper = sent[1]!.reference!.toUpperCase();
    const byRef = await notifikasi.port.messagesByReference([sent[0]!.reference!, upper, seeded[1]!.ref_klien, 'none-such', 'bad ref'], unhurried());
    expect(app.calls.of('GET /api/pesan') - before).toBe(2);
    expect([...byRef.keys()]).toEqual([sent[0]!.reference, upper, seeded[1]!.ref_klien]);
    expect(byRef.get(upper)!.messageId).toBe(sent[1]!.messageId);
    const loaders = createNotifikasiLoaders(notifikasi.port, unhurried());
    const loaded = await Promise.all([...sent.map((m) => loaders.notificationById.load(m.messageId)), loaders.notificationById.load('99999999')]);
    expect(app.calls.of('GET /api/pesan') - before).toBe(3);
    expect(loaded.map((m) => m?.messageId ?? null)).toEqual([...sent.map((m) => m.messageId), null]);
    const calls = app.calls.total;
    expect((await notifikasi.port.messagesById([], unhurried())).size).toBe(0);
    expect(app.calls.total).toBe(calls);
  });

  it('follows delivery reports from a cursor, the gateway staff\'s settlements included', async () => {
    const cursor = await notifikasi.port.currentCursor(unhurried());
    const ok = await notifikasi.port.send(sms('feed-ok'), unhurried());
    const nowhere = await notifikasi.port.send(sms('feed-nowhere', { phone: '+6280012345678' }), unhurried());
    const byHand = await notifikasi.port.send(sms('feed-hand'), unhurried());
    await markFailed(gateway, Number(byHand.messageId), 'E02', new Date(clock));
    await advance(2_000);
    await advance(5_000);
    const page = await notifikasi.port.reportsSince(cursor, 500, unhurried());
    expect(page.hasMore).toBe(false);
    const mine = page.reports.filter((r) => [ok.messageId, nowhere.messageId, byHand.messageId].includes(r.messageId));
    expect(mine.map((r) => [r.messageId, r.status, r.failure, r.source])).toEqual([
      [byHand.messageId, 'FAILED', 'PHONE_UNREACHABLE', 'GATEWAY_STAFF'],
      [ok.messageId, 'SENT', null, 'OPERATOR'],
      [nowhere.messageId, 'FAILED', 'UNKNOWN_NUMBER', 'OPERATOR'],
      [ok.messageId, 'DELIVERED', null, 'OPERATOR'],
    ]);
    expect(mine.every((r) => r.at?.endsWith('+07:00'))).toBe(true);
    expect(page.cursor).toBe(page.reports.at(-1)!.cursor);
    const first = await notifikasi.port.reportsSince(cursor, 1, unhurried());
    expect(first).toMatchObject({ hasMore: true, reports: [page.reports[0]] });
    expect(await notifikasi.port.reportsSince(page.cursor, 10, unhurried())).toEqual({ reports: [], cursor: page.cursor, hasMore: false });
    await expect(notifikasi.port.reportsSince('pengaduan:1', 10, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' } });
    await expect(notifikasi.port.reportsSince(null, 501, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect((await notifikasi.port.messagesById([ok.messageId], unhurried())).get(ok.messageId)).toMatchObject({ status: 'DELIVERED', sentAt: '2026-12-01T10:00:05+07:00' });
  });

  it('answers LEGACY_UNAVAILABLE when the gateway is down, sending nothing, and works again when it is back', async () => {
    // At once: the pool still holds sockets the gateway just closed (the REST base tries past them).
    await app.stop();
    const message = sms('down');
    await expect(notifikasi.port.send(message, unhurried())).rejects.toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE' } });
    await expect(notifikasi.port.ping(unhurried())).rejects.toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE' } });
    await app.restart();
    await sleep(250);
    expect(await stored(message.reference)).toBe(0);
    await expect(notifikasi.port.send(message, unhurried())).resolves.toMatchObject({ status: 'QUEUED' });
    await expect(notifikasi.port.ping(unhurried())).resolves.toBeUndefined();
  });
});
