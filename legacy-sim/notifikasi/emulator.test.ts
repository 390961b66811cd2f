import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { generateWorld } from '../world/generator';
import { markDelivered, markFailed, setRate } from './back-office';
import { notifikasiEmulator } from './emulator';
import { MessageHistory } from './rows';
import { LAPORAN_TABLE, PESAN_TABLE } from './schema';
import { startNotifikasi, type RunningNotifikasi } from './server';

/** Few families get texts (one in twenty-five with a phone): a world of 2,000 gives a history worth testing. */
const WORLD = { ...TEST_WORLD, scale: 2_000 };
const API_KEY = 'kunci-notifikasi-uji';
const START = Date.parse('2026-11-30T02:00:00Z');

interface Answer {
  http: number;
  retryAfter: string | null;
  status: string;
  pesan: string;
  data: any;
}

/** The SMS/WhatsApp gateway: its seeded tables, and its REST API over them (SQLite or MariaDB), on a clock the test moves. */
describe(`notifikasi emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  let app: RunningNotifikasi;
  let clock = START;
  const advance = async (ms: number) => {
    clock += ms;
    await app.tick();
  };
  const headers = { 'X-API-Key': API_KEY, 'content-type': 'application/json' };
  const call = async (path: string, body?: unknown): Promise<Answer> => {
    const res = await fetch(`${app.url}${path}`, body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) });
    return { http: res.status, retryAfter: res.headers.get('retry-after'), ...((await res.json()) as Omit<Answer, 'http' | 'retryAfter'>) };
  };
  const sms = (ref: string | undefined, extra: Record<string, unknown> = {}) => call('/api/kirim', { kanal: 'SMS', no_tujuan: '0812-3456-7890', pesan: 'KTP-el Anda sudah dapat diambil.', ref_klien: ref, ...extra });
  const count = async () => Number(((await db(PESAN_TABLE).count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n);

  beforeAll(async () => {
    legacy = await seededStorage('notifikasi-emulator', [notifikasiEmulator], WORLD);
    db = legacy.open('notifikasi');
    app = await startNotifikasi(legacy.storage, { port: 0, apiKey: API_KEY, now: () => new Date(clock), tickMs: 0, rate: 1_000, failureRate: 0, seed: 7, sendDelayMs: 2_000, reportDelayMs: 5_000 });
  });

  afterAll(async () => {
    await app?.close();
    await legacy?.cleanup();
  });

  it('seeds two months of settled messages to the world\'s phones, with reports in time order', async () => {
    const rows = (await db(PESAN_TABLE).orderBy('id_pesan')) as Array<Record<string, any>>;
    const reports = (await db(LAPORAN_TABLE).orderBy('id_laporan')) as Array<Record<string, any>>;
    expect(rows.length).toBeGreaterThan(10);
    const phones = new Set(generateWorld(WORLD).flatMap((f) => (f.phone ? [`62${f.phone.slice(1)}`] : [])));
    for (const r of rows) expect(phones.has(r.no_tujuan)).toBe(true);
    expect(new Set(rows.map((r) => Number(r.kd_status)))).toContain(3);
    expect(rows.every((r) => [3, 4, 9].includes(Number(r.kd_status)))).toBe(true);
    expect(rows.some((r) => r.ref_klien === null) && rows.some((r) => r.ref_klien !== null)).toBe(true);
    const waktu = reports.map((r) => String(r.waktu));
    expect([...waktu].sort()).toEqual(waktu);
    for (const r of rows.slice(0, 20)) expect(Number(reports.filter((l) => l.id_pesan === r.id_pesan).at(-1)!.kd_status)).toBe(Number(r.kd_status));
  });

  it('is deterministic from the seed', () => {
    const run = () => {
      const history = new MessageHistory(WORLD);
      return generateWorld(WORLD).map((f) => history.messagesFor(f));
    };
    expect(run()).toEqual(run());
  });

  it('accepts an SMS with its parts and price, the number as 628…, and times in WIB', async () => {
    const answer = await sms('UJI-0001', { pesan: 'a'.repeat(200) });
    expect(answer).toMatchObject({ http: 200, status: '00', data: { kanal: 'SMS', no_tujuan: '6281234567890', jml_bagian: 2, biaya: 700, status: 1, ket_status: 'ANTRI', ref_klien: 'UJI-0001', kd_gagal: '', tgl_kirim: '' } });
    expect(typeof answer.data.id_pesan).toBe('number');
    expect(answer.data.tgl_terima).toBe('30-11-2026 09:00:00 WIB');
    const wa = await call('/api/kirim', { kanal: 'wa', no_tujuan: 6281298765432, pesan: `${'x'.repeat(4090)} 🙏ā` });
    expect(wa).toMatchObject({ status: '00', data: { kanal: 'WA', jml_bagian: 1, biaya: 500, ref_klien: '' } });
    expect(wa.data.pesan.endsWith(' 🙏ā')).toBe(true);
  });

  it('refuses what the vendor refuses with 05, storing nothing', async () => {
    const before = await count();
    for (const bad of [
      { kanal: 'EMAIL' }, { no_tujuan: '021-555-1234' }, { no_tujuan: '+6512345678' }, { pesan: '' }, { pesan: '   ' },
      { pesan: 'a'.repeat(919) }, { kanal: 'WA', pesan: 'a'.repeat(4097) }, { ref_klien: 'ada spasi' }, { url_callback: 'ftp://x' },
    ]) {
      expect(await sms('UJI-BAD', bad)).toMatchObject({ status: '05', data: null });
    }
    expect(await call('/api/kirim', 'bukan objek')).toMatchObject({ status: '05' });
    expect(await count()).toBe(before);
    expect((await sms('UJI-BAD-6PARTS', { pesan: 'a'.repeat(918) })).data).toMatchObject({ jml_bagian: 6 });
  });

  it('dedupes a client reference (without case) for 24 hours only, answering 51 with the first message; references are cut to 32 characters', async () => {
    const first = await sms('UJI-DUP-1');
    const before = await count();
    const again = await sms('UJI-DUP-1', { no_tujuan: '081311112222', pesan: 'lain' });
    expect(again).toMatchObject({ status: '51', data: { id_pesan: first.data.id_pesan, no_tujuan: '6281234567890' } });
    expect(await sms('uji-dup-1')).toMatchObject({ status: '51', data: { id_pesan: first.data.id_pesan } });
    expect(await count()).toBe(before);
    const long = `UJI-${'X'.repeat(28)}`;
    const a = await sms(`${long}-A`);
    expect(a.data.ref_klien).toBe(long);
    expect(await sms(`${long}-B`)).toMatchObject({ status: '51', data: { id_pesan: a.data.id_pesan } });
    await advance(24 * 3_600_000 + 1_000);
    const later = await sms('UJI-DUP-1');
    expect(later).toMatchObject({ status: '00' });
    expect(later.data.id_pesan).not.toBe(first.data.id_pesan);
    const both = await call('/api/pesan?ref_klien=UJI-DUP-1');
    expect(both.data.map((m: any) => m.id_pesan)).toEqual([first.data.id_pesan, later.data.id_pesan]);
  });

  it('moves messages ANTRI → TERKIRIM → DITERIMA on its clock, and feeds the reports after an id', async () => {
    const { data: last } = await call('/api/laporan/terakhir');
    const { data: sent } = await sms('UJI-FLOW-1');
    const { data: unknown } = await sms('UJI-FLOW-2', { no_tujuan: '080012345678' });
    const { data: waUnknown } = await call('/api/kirim', { kanal: 'WA', no_tujuan: '080012345679', pesan: 'halo', ref_klien: 'UJI-FLOW-3' });
    await advance(2_000);
    expect((await call(`/api/pesan?id=${sent.id_pesan}`)).data[0]).toMatchObject({ status: 2, ket_status: 'TERKIRIM', tgl_laporan: '' });
    expect((await call(`/api/pesan?id=${unknown.id_pesan}`)).data[0]).toMatchObject({ status: 9, kd_gagal: 'E01', ket_gagal: 'NOMOR TIDAK DIKENAL', tgl_kirim: '' });
    await advance(5_000);
    const three = await call(`/api/pesan?id=${sent.id_pesan},${unknown.id_pesan},${waUnknown.id_pesan},999999`);
    expect(three.data.map((m: any) => [m.id_pesan, m.status, m.kd_gagal])).toEqual([[sent.id_pesan, 3, ''], [unknown.id_pesan, 9, 'E01'], [waUnknown.id_pesan, 9, 'E03']]);
    const feed = await call(`/api/laporan?sejak=${last.id_terakhir}&jumlah=50`);
    const mine = feed.data.filter((r: any) => [sent.id_pesan, unknown.id_pesan, waUnknown.id_pesan].includes(r.id_pesan));
    expect(mine.map((r: any) => [r.ref_klien, r.status])).toEqual([['UJI-FLOW-1', 2], ['UJI-FLOW-2', 9], ['UJI-FLOW-3', 2], ['UJI-FLOW-1', 3], ['UJI-FLOW-3', 9]]);
    expect(feed.data.map((r: any) => r.id_laporan)).toEqual([...feed.data.map((r: any) => r.id_laporan)].sort((x: number, y: number) => x - y));
    expect(mine[0].waktu).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2} WIB$/);
    expect(await call(`/api/laporan?sejak=${feed.data.at(-1).id_laporan}`)).toMatchObject({ status: '00', data: [] });
    expect(await call('/api/laporan')).toMatchObject({ status: '05' });
    expect(await call('/api/laporan?sejak=0&jumlah=501')).toMatchObject({ status: '05' });
    expect(await call('/api/pesan?id=999999')).toMatchObject({ status: '14', data: null });
    expect(await call('/api/pesan')).toMatchObject({ status: '05' });
    expect(await call('/api/pesan?id=1&ref_klien=x')).toMatchObject({ status: '05' });
  });

  it('throttles sends beyond the operator\'s rate with 429, status 91 and Retry-After, storing nothing', async () => {
    await setRate(db, 2);
    try {
      await advance(1_000);
      expect((await sms(undefined)).status).toBe('00');
      expect((await sms(undefined)).status).toBe('00');
      const before = await count();
      const third = await sms('UJI-RATE-3');
      expect(third).toMatchObject({ http: 429, status: '91', data: null });
      expect(Number(third.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(await count()).toBe(before);
      // Lookups are not throttled.
      expect((await call('/api/laporan/terakhir')).status).toBe('00');
      await advance(1_000);
      expect((await sms('UJI-RATE-3')).status).toBe('00');
    } finally {
      await setRate(db, 1_000);
      // The bucket refills on the app's clock.
      await advance(1_000);
    }
  });

  it('lets the back office settle a waiting message by hand; the operator\'s later report does not undo it', async () => {
    const { data: a } = await sms('UJI-BO-1');
    const { data: b } = await sms('UJI-BO-2');
    const { data: last } = await call('/api/laporan/terakhir');
    await markDelivered(db, a.id_pesan, new Date(clock));
    await markFailed(db, b.id_pesan, 'e02', new Date(clock));
    await expect(markDelivered(db, a.id_pesan)).rejects.toThrow(/already/);
    await expect(markFailed(db, 999_999, 'E01')).rejects.toThrow(/no message/);
    await advance(10_000);
    const found = await call(`/api/pesan?id=${a.id_pesan},${b.id_pesan}`);
    expect(found.data.map((m: any) => [m.status, m.kd_gagal])).toEqual([[3, ''], [9, 'E02']]);
    const feed = await call(`/api/laporan?sejak=${last.id_terakhir}`);
    expect(feed.data.filter((r: any) => [a.id_pesan, b.id_pesan].includes(r.id_pesan)).map((r: any) => [r.id_pesan, r.status, r.sumber])).toEqual([[a.id_pesan, 3, 'PETUGAS'], [b.id_pesan, 9, 'PETUGAS']]);
  });

  it('posts each report once to the message\'s callback URL; a lost callback is not sent again', async () => {
    const received: any[] = [];
    let answer = 200;
    const hook: Server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        received.push(JSON.parse(text));
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/laporan`;
      const { data } = await sms('UJI-CB-1', { url_callback: url });
      await advance(2_000);
      answer = 500;
      await advance(5_000);
      await app.tick();
      expect(received.map((r) => [r.id_pesan, r.status, r.ref_klien])).toEqual([[data.id_pesan, 2, 'UJI-CB-1'], [data.id_pesan, 3, 'UJI-CB-1']]);
      const marks = ((await db(LAPORAN_TABLE).where({ id_pesan: data.id_pesan }).orderBy('id_laporan')) as Array<{ status_callback: string }>).map((r) => r.status_callback);
      expect(marks).toEqual(['Y', 'E']);
    } finally {
      await new Promise((resolve) => hook.close(resolve));
    }
  });

  it('stops for real and comes back on the same port with its messages', async () => {
    const { data } = await sms('UJI-DOWN-1');
    await app.stop();
    await expect(fetch(`${app.url}/api/ping`, { headers })).rejects.toThrow();
    await app.restart();
    expect((await call(`/api/pesan?ref_klien=UJI-DOWN-1`)).data[0].id_pesan).toBe(data.id_pesan);
  });
});
