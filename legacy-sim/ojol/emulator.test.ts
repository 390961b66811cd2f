import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { generateWorld } from '../world/generator';
import { assignCourier, callbackQueue, cancelByPartner, deliver, fail, pickUp, setCallbackQuirks } from './back-office';
import { drawQuirks } from './callbacks';
import { ojolEmulator } from './emulator';
import { KANTOR_DINAS } from './geo';
import { OrderHistory } from './rows';
import { ORDER_TABLE, RIWAYAT_TABLE } from './schema';
import { startOjol, type RunningOjol } from './server';

/** Orders are rare (one family in thirty over three months): a world of 2,000 gives a partner worth testing. */
const WORLD = { ...TEST_WORLD, scale: 2_000 };
const SECRET = 'rahasia-callback-uji-123';
const KEY = 'kunci-ojol-uji';

interface Received {
  body: string;
  json: Record<string, any>;
  headers: Record<string, string | string[] | undefined>;
}

/** The caller's webhook endpoint: records what arrives, answers what the test says. */
async function receiver(): Promise<{ url: string; received: Received[]; answer: { status: number }; close(): Promise<void> }> {
  const received: Received[] = [];
  const answer = { status: 200 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ body, json: JSON.parse(body) as Record<string, any>, headers: request.headers });
      response.writeHead(answer.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhook/ojol`, received, answer, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The ojek-online partner: its seeded tables, its REST API and its webhooks (SQLite or MariaDB). */
describe(`ojol emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  let app: RunningOjol;
  let hook: Awaited<ReturnType<typeof receiver>>;
  // The application's clock: tests let minutes pass at once.
  let now = new Date('2026-12-07T03:00:00Z');
  const pass = (ms: number) => (now = new Date(now.getTime() + ms));
  const headers = { 'X-Mitra-Key': KEY, 'content-type': 'application/json' };
  const get = async (path: string) => (await (await fetch(`${app.url}${path}`, { headers })).json()) as { status: string; pesan: string; data: any };
  const post = async (path: string, body: unknown) => (await (await fetch(`${app.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as { status: string; pesan: string; data: any };
  const world = generateWorld(WORLD);
  const family = world[3]!;
  const home = { alamat: `${family.street}, Pondok Aren`, lat: -6.2705, lon: 106.7012, nama: family.members[0]!.name, telp: '0812-3456-7890' };
  const office = { alamat: KANTOR_DINAS.alamat, lat: KANTOR_DINAS.lat, lon: KANTOR_DINAS.lon, nama: KANTOR_DINAS.nama, telp: KANTOR_DINAS.telp };
  const quote = async () => (await post('/api/v1/tarif', { jenis: 'ANTAR', asal_lat: office.lat, asal_lon: office.lon, tujuan_lat: String(home.lat), tujuan_lon: String(home.lon) })).data;
  const order = async (ref: string, idTarif?: string) => post('/api/v1/order', { ref_mitra: ref, id_tarif: idTarif ?? (await quote()).id_tarif, jenis: 'ANTAR', asal: office, tujuan: home, barang: 'KTP-EL', catatan: '' });
  /** Lets the partner's webhook worker send everything due, as often as needed. */
  const flush = async () => {
    while ((await app.callbacks.runOnce()) > 0);
  };

  beforeAll(async () => {
    legacy = await seededStorage('ojol-emulator', [ojolEmulator], WORLD);
    db = legacy.open('ojol');
    hook = await receiver();
    app = await startOjol(legacy.storage, {
      port: 0, apiKey: KEY, now: () => now,
      callback: { url: hook.url, secret: SECRET, intervalMs: 0, quirks: { duplicateChance: 0, delayChance: 0, maxAttempts: 3, retryMs: 1_000, seed: 7 } },
    });
  });

  beforeEach(async () => {
    await flush();
    hook.received.length = 0;
    hook.answer.status = 200;
    await setCallbackQuirks(db, { duplicateChance: 0, delayChance: 0 });
  });

  afterAll(async () => {
    await app?.close();
    await hook?.close();
    await legacy?.cleanup();
  });

  it('seeds finished orders from the world\'s families, with a log in time order', async () => {
    const rows = (await db(ORDER_TABLE).select()) as Array<Record<string, any>>;
    const log = (await db(RIWAYAT_TABLE).orderBy('id_riwayat')) as Array<Record<string, any>>;
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) {
      expect(r.no_order).toMatch(/^OJL-\d{6}-\d{6}$/);
      expect([40, 90, 99]).toContain(Number(r.kode_status));
      expect(String(r.asal_telp)).toMatch(/^62\d+$/);
      const own = log.filter((h) => Number(h.id_order) === Number(r.id_order));
      expect(Number(own[0]!.kode_status)).toBe(10);
      expect(Number(own.at(-1)!.kode_status)).toBe(Number(r.kode_status));
      if (Number(r.kode_status) === 40) expect(r.penerima_nama).toBeTruthy();
    }
    expect(rows.some((r) => r.jenis === 'JEMPUT') && rows.some((r) => r.jenis === 'ANTAR')).toBe(true);
    // Some delivered, so that the receiver check above ran.
    expect(rows.some((r) => Number(r.kode_status) === 40)).toBe(true);
    const stamps = log.map((h) => String(h.waktu));
    expect([...stamps].sort()).toEqual(stamps);
  });

  it('is deterministic from the seed', () => {
    const run = () => {
      const history = new OrderHistory(WORLD);
      return world.map((f) => history.ordersFor(f));
    };
    expect(run()).toEqual(run());
  });

  it('quotes a distance-based fee, valid for minutes, with its quirky numbers', async () => {
    const q = await quote();
    expect(q).toMatchObject({ jenis: 'ANTAR' });
    expect(q.id_tarif).toMatch(/^TRF[0-9A-F]{16}$/);
    expect(q.biaya).toMatch(/^\d{1,3}(\.\d{3})*$/);
    expect(Number(q.biaya.replace(/\./g, '')) % 500).toBe(0);
    expect(q.jarak).toMatch(/^\d+,\d$/);
    expect(q.berlaku_sampai).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await post('/api/v1/tarif', { jenis: 'ANTAR', asal_lat: office.lat, asal_lon: office.lon, tujuan_lat: -7.8, tujuan_lon: 110.4 })).toMatchObject({ status: '65' });
    expect(await post('/api/v1/tarif', { jenis: 'KIRIM', asal_lat: 1, asal_lon: 1, tujuan_lat: 1, tujuan_lon: 1 })).toMatchObject({ status: '05' });
    expect(await post('/api/v1/tarif', { jenis: 'ANTAR', asal_lat: 'x', asal_lon: 1, tujuan_lat: 1, tujuan_lon: 1 })).toMatchObject({ status: '05' });
  });

  it('orders on a quote once per reference; refuses unknown, used, expired and mismatched quotes', async () => {
    const q = await quote();
    const placed = await order('ANT-UJI-0001', q.id_tarif);
    expect(placed).toMatchObject({ status: '00', data: { ref_mitra: 'ANT-UJI-0001', status: 10, status_ket: 'MENCARI DRIVER', biaya: q.biaya, driver_nama: '', riwayat: [{ status: 10 }] } });
    expect(placed.data.tujuan.telp).toBe('6281234567890');
    expect(placed.data.no_order).toMatch(/^OJL-\d{6}-\d{6}$/);
    const again = await order('ANT-UJI-0001', 'TRF0000000000000000');
    expect(again).toMatchObject({ status: '00', pesan: 'ORDER SUDAH ADA', data: { no_order: placed.data.no_order } });
    expect(await order('ANT-UJI-0002', q.id_tarif)).toMatchObject({ status: '63', data: null });
    expect(await order('ANT-UJI-0003', 'TRF0000000000000000')).toMatchObject({ status: '61' });
    const stale = await quote();
    pass(11 * 60_000);
    expect(await order('ANT-UJI-0004', stale.id_tarif)).toMatchObject({ status: '62' });
    const other = await quote();
    expect(await post('/api/v1/order', { ref_mitra: 'ANT-UJI-0005', id_tarif: other.id_tarif, jenis: 'JEMPUT', asal: office, tujuan: home, barang: 'KTP' })).toMatchObject({ status: '05' });
    expect(await post('/api/v1/order', { ref_mitra: 'ANT-UJI-0005', id_tarif: other.id_tarif, jenis: 'ANTAR', asal: office, tujuan: { ...home, telp: 'abc' }, barang: 'KTP' })).toMatchObject({ status: '05' });
    expect(await get('/api/v1/order?ref_mitra=ANT-UJI-0005')).toMatchObject({ status: '14', data: null });
  });

  it('answers many orders by number or reference in one call, 14 when none', async () => {
    const numbers = ((await db(ORDER_TABLE).orderBy('id_order').limit(8)) as Array<{ no_order: string; ref_mitra: string }>);
    const before = app.calls.of('GET /api/v1/order');
    const answer = await get(`/api/v1/order?no_order=${numbers.map((n) => n.no_order).join(',')},OJL-990101-000001`);
    expect(app.calls.of('GET /api/v1/order') - before).toBe(1);
    expect(answer.data.map((o: any) => o.no_order).sort()).toEqual(numbers.map((n) => n.no_order).sort());
    expect(answer.data[0].dibuat).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect((await get(`/api/v1/order?ref_mitra=${numbers.map((n) => n.ref_mitra).join(',')}`)).data).toHaveLength(8);
    expect(await get('/api/v1/order?no_order=OJL-990101-000001')).toMatchObject({ status: '14' });
    expect(await get('/api/v1/order')).toMatchObject({ status: '05' });
    expect(await get('/api/v1/order?no_order=x')).toMatchObject({ status: '05' });
  });

  it('moves an order through the couriers\' app, and lets the caller cancel only before pickup', async () => {
    const { data } = await order('ANT-UJI-0010');
    const assigned = await assignCourier(db, data.no_order, { nama: 'Agus Saputra', plat: 'B 1234 XYZ', telp: '081299990000' }, now);
    expect(assigned.row).toMatchObject({ kode_status: 20, driver_plat: 'B 1234 XYZ', driver_telp: '6281299990000' });
    await pickUp(db, data.no_order, now);
    expect(await post(`/api/v1/order/${data.no_order}/batal`, { alasan: 'TIDAK JADI' })).toMatchObject({ status: '64', data: null });
    await deliver(db, data.no_order, { penerima: 'Siti' }, now);
    const done = (await get(`/api/v1/order?no_order=${data.no_order}`)).data[0];
    expect(done).toMatchObject({ status: 40, status_ket: 'SELESAI', penerima: 'Siti', foto_bukti: `bukti/${data.no_order}.jpg` });
    expect(done.riwayat.map((h: any) => h.status)).toEqual([10, 20, 30, 40]);
    await expect(fail(db, data.no_order, 'terlambat', now)).rejects.toThrow();

    const second = (await order('ANT-UJI-0011')).data;
    const cancelled = await post(`/api/v1/order/${second.no_order}/batal`, { alasan: 'SALAH ALAMAT' });
    expect(cancelled).toMatchObject({ status: '00', data: { status: 99, alasan: 'SALAH ALAMAT', dibatalkan_oleh: 'P' } });
    expect(await post(`/api/v1/order/${second.no_order}/batal`, {})).toMatchObject({ status: '00', data: { status: 99 } });
    expect(await post('/api/v1/order/OJL-990101-000001/batal', {})).toMatchObject({ status: '14' });
    const third = (await order('ANT-UJI-0012')).data;
    expect((await cancelByPartner(db, third.no_order, 'tidak ada driver tersedia', now)).row).toMatchObject({ kode_status: 99, dibatalkan_oleh: 'M', alasan: 'TIDAK ADA DRIVER TERSEDIA' });
  });

  it('feeds log rows after an id, oldest first, the couriers\' steps included', async () => {
    const { data: last } = await get('/api/v1/perubahan/terakhir');
    const { data } = await order('ANT-UJI-0020');
    await assignCourier(db, data.no_order, undefined, now);
    const feed = await get(`/api/v1/perubahan?sejak=${last.id_terakhir}&jumlah=10`);
    expect(feed.data.map((h: any) => [h.no_order, h.ref_mitra, h.status])).toEqual([[data.no_order, 'ANT-UJI-0020', 10], [data.no_order, 'ANT-UJI-0020', 20]]);
    expect(await get(`/api/v1/perubahan?sejak=${feed.data[1].id}`)).toMatchObject({ status: '00', data: [] });
    expect(await get('/api/v1/perubahan')).toMatchObject({ status: '05' });
    expect(await get('/api/v1/perubahan?sejak=0&jumlah=501')).toMatchObject({ status: '05' });
  });

  it('calls back on every change, signed over the raw body, with the signed moment in a header too', async () => {
    const { data } = await order('ANT-UJI-0030');
    await assignCourier(db, data.no_order, { nama: 'Budi Santoso', plat: 'B 4321 ZZ', telp: '081200001111' }, now);
    await flush();
    expect(hook.received.map((r) => r.json.status)).toEqual(['MENCARI_DRIVER', 'DRIVER_DITEMUKAN']);
    const [, assigned] = hook.received;
    expect(assigned!.headers['x-ojol-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(assigned!.body).digest('hex')}`);
    expect(assigned!.headers['x-ojol-timestamp']).toBe(String(assigned!.json.waktu_kirim));
    expect(assigned!.json.waktu_kirim).toBe(Math.floor(now.getTime() / 1000));
    expect(assigned!.json).toMatchObject({ no_order: data.no_order, ref_mitra: 'ANT-UJI-0030', jenis: 'ANTAR', driver: { nama: 'Budi Santoso', plat: 'B 4321 ZZ', telp: '6281200001111' }, bukti: null, biaya: Number(data.biaya.replace(/\./g, '')) });
    expect(typeof assigned!.json.waktu_status).toBe('number');
    expect(assigned!.json.id_event).toBeGreaterThan(hook.received[0]!.json.id_event);
  });

  it('sends some changes twice and some late, so that a later change overtakes an earlier one', async () => {
    const { data } = await order('ANT-UJI-0040');
    await setCallbackQuirks(db, { duplicateChance: 1 });
    await assignCourier(db, data.no_order, undefined, now);
    await setCallbackQuirks(db, { duplicateChance: 0, delayChance: 1, delayMs: 4_000 });
    await pickUp(db, data.no_order, now);
    await setCallbackQuirks(db, { delayChance: 0 });
    await deliver(db, data.no_order, {}, now);
    pass(1_000);
    await flush();
    pass(4_000);
    await flush();
    const statuses = hook.received.map((r) => r.json.status);
    // The copy follows within a second, so it may come after a later change.
    expect([...statuses].sort()).toEqual(['DIJEMPUT', 'DRIVER_DITEMUKAN', 'DRIVER_DITEMUKAN', 'MENCARI_DRIVER', 'SELESAI']);
    expect(statuses.at(-1)).toBe('DIJEMPUT');
    expect(statuses.indexOf('SELESAI')).toBeLessThan(statuses.indexOf('DIJEMPUT'));
    // The copy is the same change: the same id_event, the state at that change.
    const copies = hook.received.filter((r) => r.json.status === 'DRIVER_DITEMUKAN');
    expect(copies[0]!.json.id_event).toBe(copies[1]!.json.id_event);
    expect(hook.received.at(-1)!.json.bukti).toBeNull();
  });

  it('tries a refused callback again a few times with growing pauses, then gives up (the caller must poll)', async () => {
    hook.answer.status = 503;
    const { data } = await order('ANT-UJI-0050');
    await flush();
    pass(1_000);
    await flush();
    pass(2_000);
    await flush();
    pass(60_000);
    await flush();
    expect(hook.received.map((r) => r.json.no_order)).toEqual([data.no_order, data.no_order, data.no_order]);
    const [queued] = await callbackQueue(db, data.no_order);
    expect(queued).toMatchObject({ status_kirim: 'GAGAL', percobaan: 3, http_terakhir: 503 });
    hook.answer.status = 200;
    // Whatever the callbacks missed, the feed and the lookups still tell.
    expect((await get(`/api/v1/order?ref_mitra=ANT-UJI-0050`)).data[0].status).toBe(10);
  });

  it('when the caller\'s endpoint is down, tries again and gives up like for a refusal', async () => {
    const gone = await receiver();
    await gone.close();
    const second = await startOjol(legacy.storage, { port: 0, apiKey: KEY, now: () => now, callback: { url: gone.url, secret: SECRET, intervalMs: 0 } });
    try {
      const { data } = await order('ANT-UJI-0055');
      const before = (await callbackQueue(db)).filter((c) => c.status_kirim === 'ANTRI').map((c) => c.id_callback);
      for (let i = 0; i < 3; i++) {
        await second.callbacks.runOnce();
        pass(10_000);
      }
      const [queued] = await callbackQueue(db, data.no_order);
      expect(queued).toMatchObject({ status_kirim: 'GAGAL', percobaan: 3, http_terakhir: null, galat: 'ECONNREFUSED' });
      expect(before).toContain(queued!.id_callback);
    } finally {
      await second.close();
    }
  });

  it('sends nothing while stopped, and what is due once started again', async () => {
    const { data } = await order('ANT-UJI-0060');
    await app.stop();
    await assignCourier(db, data.no_order, undefined, now);
    expect(await app.callbacks.runOnce()).toBe(0);
    expect(hook.received).toHaveLength(0);
    await app.restart();
    await flush();
    expect(hook.received.map((r) => r.json.status)).toEqual(['MENCARI_DRIVER', 'DRIVER_DITEMUKAN']);
  });

  it('draws the same quirks for the same seed and change, in any process', () => {
    const quirks = { duplicateChance: 0.3, delayChance: 0.3, delayMs: 5_000, maxAttempts: 5, retryMs: 1_000, seed: 101 };
    const run = (seed: number) => Array.from({ length: 200 }, (_, i) => drawQuirks({ ...quirks, seed }, i + 1));
    expect(run(101)).toEqual(run(101));
    expect(run(101)).not.toEqual(run(102));
    const twice = run(101).filter((d) => d.twice).length;
    const late = run(101).filter((d) => d.late > 0);
    expect(twice).toBeGreaterThan(30);
    expect(twice).toBeLessThan(90);
    expect(late.every((d) => d.late >= 2_500 && d.late <= 5_000)).toBe(true);
  });

  it('moves orders on by itself in simulate mode', async () => {
    const { data } = await order('ANT-UJI-0070');
    for (let i = 0; i < 3; i++) await app.simulation.step();
    const moved = (await get(`/api/v1/order?no_order=${data.no_order}`)).data[0];
    expect([40, 90, 99]).toContain(moved.status);
    expect(moved.riwayat.length).toBeGreaterThanOrEqual(2);
  });
});
