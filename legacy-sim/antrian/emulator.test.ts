import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { generateWorld } from '../world/generator';
import { cancel, closeTheDay, serve, setQuota } from './back-office';
import { isWorkingDay, HARI_LIBUR } from './calendar';
import { antrianEmulator } from './emulator';
import { BookingHistory } from './rows';
import { ANTRIAN_TABLE, KUOTA_TABLE, LAYANAN_KECAMATAN, LOG_TABLE, STATUS_MEMAKAI_KUOTA } from './schema';
import { startAntrian, type RunningAntrian } from './server';

/** The queue and appointment application: its seeded tables, and its REST API over them (SQLite or MariaDB). */
describe(`antrian emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  let app: RunningAntrian;
  // The application's clock, pinned to Monday 7 December 2026, 09:00 WIB.
  let now = new Date('2026-12-07T02:00:00Z');
  const headers = { 'X-API-Key': 'kunci-antrian-uji', 'content-type': 'application/json' };
  const get = async (path: string) => (await (await fetch(`${app.url}${path}`, { headers })).json()) as { status: string; pesan: string; data: any; total?: number; halaman?: number };
  const post = async (path: string, body: unknown) => (await (await fetch(`${app.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as { status: string; pesan: string; data: any };
  const world = generateWorld(TEST_WORLD);
  const people = world.flatMap((f) => f.members.map((m) => ({ nik: m.nik, family: f })));
  const kecamatan = (i: number) => world[i]!.kelurahanCode.split('.').slice(0, 3).join('');
  const booking = (reference: string, nik: string, overrides: Record<string, unknown> = {}) => ({
    kd_referensi: reference, nik, nama: 'Budi  Santoso', no_hp: '081234567890', kd_kantor: '00', kd_layanan: 'B', tgl_kunjungan: '08-12-2026', sumber: 'WEB', ...overrides,
  });

  beforeAll(async () => {
    legacy = await seededStorage('antrian-emulator', [antrianEmulator]);
    db = legacy.open('antrian');
    app = await startAntrian(legacy.storage, { port: 0, apiKey: 'kunci-antrian-uji', listSlowMs: 250, now: () => now });
  });

  afterAll(async () => {
    await app?.close();
    await legacy?.cleanup();
  });

  it('seeds bookings of the world\'s residents within each day\'s quota, with a history that ends in their status', async () => {
    const rows = (await db(ANTRIAN_TABLE).select()) as Array<Record<string, any>>;
    const log = (await db(LOG_TABLE).orderBy('id_log')) as Array<Record<string, any>>;
    const quotas = new Map(((await db(KUOTA_TABLE).select()) as Array<Record<string, any>>).map((q) => [`${q.kd_kantor}|${q.kd_layanan}`, Number(q.kuota_harian)]));
    expect(rows.length).toBeGreaterThan(10);
    const niks = new Set(people.map((p) => p.nik));
    const holidays = new Set(HARI_LIBUR.map((h) => h.tanggal));
    const perDay = new Map<string, number>();
    for (const r of rows) {
      expect(niks.has(r.nik)).toBe(true);
      expect(r.no_tiket).toBe(`${r.kd_layanan}-${String(r.no_urut).padStart(3, '0')}`);
      expect(r.kd_kantor === '00' || r.kd_kantor.startsWith('3674')).toBe(true);
      if (r.kd_kantor !== '00') expect(LAYANAN_KECAMATAN).toContain(r.kd_layanan);
      const day = String(r.tgl_kunjungan).slice(0, 10);
      expect(isWorkingDay(day, holidays)).toBe(true);
      expect(String(r.tgl_daftar).slice(0, 10) <= day).toBe(true);
      if ((STATUS_MEMAKAI_KUOTA as readonly string[]).includes(r.status)) perDay.set(`${r.kd_kantor}|${r.kd_layanan}|${day}`, (perDay.get(`${r.kd_kantor}|${r.kd_layanan}|${day}`) ?? 0) + 1);
      const history = log.filter((l) => Number(l.id_antrian) === Number(r.id_antrian));
      expect(history[0]!.status).toBe('BOOKED');
      expect(history.at(-1)!.status).toBe(r.status);
    }
    for (const [key, n] of perDay) expect(n).toBeLessThanOrEqual(quotas.get(key.split('|').slice(0, 2).join('|'))!);
    // The log is numbered in the order things happened.
    const stamps = log.map((l) => String(l.waktu));
    expect(stamps).toEqual([...stamps].sort());
    const statuses = new Set(rows.map((r) => r.status));
    for (const s of ['SELESAI', 'BOOKED']) expect(statuses.has(s)).toBe(true);
    expect(new Set(rows.map((r) => r.sumber)).size).toBeGreaterThan(1);
  });

  it('is deterministic from the seed', () => {
    const run = () => {
      const history = new BookingHistory(TEST_WORLD);
      return world.map((f) => history.bookingsFor(f));
    };
    expect(run()).toEqual(run());
  });

  it('answers the bookings of many NIKs in one call, with their history in legacy formats; 14 when none', async () => {
    const niks = ((await db(ANTRIAN_TABLE).distinct('nik').orderBy('nik').limit(12)) as Array<{ nik: string }>).map((r) => r.nik);
    const before = app.calls.of('GET /api/antrian');
    const answer = await get(`/api/antrian?nik=${niks.join(',')},3674011708850999`);
    expect(app.calls.of('GET /api/antrian') - before).toBe(1);
    expect(answer.status).toBe('00');
    expect(new Set(answer.data.map((b: any) => b.nik))).toEqual(new Set(niks));
    const one = answer.data[0];
    expect(typeof one.id_antrian).toBe('number');
    expect(one.tgl_kunjungan).toMatch(/^\d{2}-\d{2}-\d{4}$/);
    expect(one.jam_daftar).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(one.riwayat[0]).toMatchObject({ status: 'BOOKED' });
    expect(await get(`/api/antrian?id=${one.id_antrian}`)).toMatchObject({ status: '00', data: [{ no_tiket: one.no_tiket }] });
    expect(await get('/api/antrian?nik=3674011708850999')).toMatchObject({ status: '14', data: null });
    expect(await get('/api/antrian?nik=12345')).toMatchObject({ status: '05' });
  });

  it('books the next ticket of the day once per reference, and refuses what the office cannot take with its own codes', async () => {
    const [a, b, c] = [people[0]!.nik, people[1]!.nik, people[2]!.nik];
    const first = await post('/api/antrian', booking('BK-UJI-0001', a));
    expect(first).toMatchObject({ status: '00', data: { status: 'BOOKED', kd_kantor: '00', kd_layanan: 'B', tgl_kunjungan: '08-12-2026', nama: 'BUDI SANTOSO', kd_referensi: 'BK-UJI-0001', riwayat: [{ status: 'BOOKED', waktu: '07-12-2026 09:00:00' }] } });
    const second = await post('/api/antrian', booking('BK-UJI-0002', b));
    expect(Number(second.data.no_tiket.slice(2))).toBe(Number(first.data.no_tiket.slice(2)) + 1);
    expect(await post('/api/antrian', booking('BK-UJI-0001', c))).toMatchObject({ status: '51' });
    expect(await post('/api/antrian', booking('BK-UJI-0003', a))).toMatchObject({ status: '66' });
    expect(await post('/api/antrian', booking('BK-UJI-0004', c, { tgl_kunjungan: '04-12-2026' }))).toMatchObject({ status: '63' });
    expect(await post('/api/antrian', booking('BK-UJI-0005', c, { tgl_kunjungan: '15-01-2027' }))).toMatchObject({ status: '63' });
    expect(await post('/api/antrian', booking('BK-UJI-0006', c, { tgl_kunjungan: '12-12-2026' }))).toMatchObject({ status: '64' });
    expect(await post('/api/antrian', booking('BK-UJI-0007', c, { tgl_kunjungan: '25-12-2026' }))).toMatchObject({ status: '64' });
    expect(await post('/api/antrian', booking('BK-UJI-0008', c, { kd_kantor: kecamatan(0), kd_layanan: 'F' }))).toMatchObject({ status: '65' });
    expect(await post('/api/antrian', booking('BK-UJI-0009', c, { tgl_kunjungan: '31-11-2026' }))).toMatchObject({ status: '05' });
    expect(await post('/api/antrian', booking('BK-UJI-0010', c, { kd_layanan: 'Z' }))).toMatchObject({ status: '05' });
    expect(await get('/api/antrian?kd_referensi=BK-UJI-0004')).toMatchObject({ status: '14' });
  });

  it('refuses a full day with 62 and lists the next open days with free places in one call', async () => {
    const office = kecamatan(1);
    await setQuota(db, office, 'A', 2);
    expect(await get(`/api/kuota?kd_kantor=${office}&kd_layanan=A&tgl_dari=09-12-2026&jumlah=3`)).toMatchObject({ status: '00', data: [{ tanggal: '09-12-2026', kuota: 2, sisa: 2 }, { tanggal: '10-12-2026' }, { tanggal: '11-12-2026' }] });
    for (const [i, p] of [people[3]!, people[4]!].entries()) expect(await post('/api/antrian', booking(`BK-UJI-PENUH-${i}`, p.nik, { kd_kantor: office, kd_layanan: 'A', tgl_kunjungan: '11-12-2026' }))).toMatchObject({ status: '00' });
    expect(await post('/api/antrian', booking('BK-UJI-PENUH-2', people[5]!.nik, { kd_kantor: office, kd_layanan: 'A', tgl_kunjungan: '11-12-2026' }))).toMatchObject({ status: '62', data: null });
    // The full Friday, the weekend, and the holiday are skipped.
    const free = await get(`/api/kuota?kd_kantor=${office}&kd_layanan=A&tgl_dari=11-12-2026&jumlah=2`);
    expect(free.data.map((d: any) => d.tanggal)).toEqual(['14-12-2026', '15-12-2026']);
    const around = await get(`/api/kuota?kd_kantor=${office}&kd_layanan=A&tgl_dari=24-12-2026&jumlah=2`);
    expect(around.data.map((d: any) => d.tanggal)).toEqual(['24-12-2026', '28-12-2026']);
    expect(await get(`/api/kuota?kd_kantor=${office}&kd_layanan=F`)).toMatchObject({ status: '65' });
    await setQuota(db, office, 'A', 0);
    expect(await post('/api/antrian', booking('BK-UJI-PENUH-3', people[5]!.nik, { kd_kantor: office, kd_layanan: 'A', tgl_kunjungan: '14-12-2026' }))).toMatchObject({ status: '65' });
    await setQuota(db, office, 'A', 25);
  });

  it('checks in on the visit day only, lets the resident cancel, and logs every change, the office\'s included, in order', async () => {
    const [{ n: lastBefore }] = (await db(LOG_TABLE).max({ n: 'id_log' })) as [{ n: number }];
    const today = await post('/api/antrian', booking('BK-UJI-HARI-1', people[6]!.nik, { tgl_kunjungan: '07-12-2026', kd_layanan: 'J' }));
    const later = await post('/api/antrian', booking('BK-UJI-HARI-2', people[7]!.nik, { tgl_kunjungan: '09-12-2026', kd_layanan: 'J' }));
    expect(await post(`/api/antrian/${later.data.id_antrian}/checkin`, {})).toMatchObject({ status: '67' });
    now = new Date('2026-12-07T02:30:00Z');
    expect(await post(`/api/antrian/${today.data.id_antrian}/checkin`, { loket: 'b02' })).toMatchObject({ status: '00', data: { status: 'CHECK_IN', loket: 'B02' } });
    expect(await post(`/api/antrian/${today.data.id_antrian}/checkin`, {})).toMatchObject({ status: '67' });
    await serve(db, today.data.id_antrian, { petugas: '198001012005011001', now: new Date('2026-12-07T02:45:00Z') });
    expect(await post(`/api/antrian/${later.data.id_antrian}/batal`, {})).toMatchObject({ status: '00', data: { status: 'BATAL' } });
    expect(await post('/api/antrian/99999999/batal', {})).toMatchObject({ status: '14' });
    const changes = await get(`/api/riwayat?sejak=${lastBefore}&jumlah=50`);
    expect(changes.data.map((c: any) => `${c.id_antrian}:${c.status}`)).toEqual([
      `${today.data.id_antrian}:BOOKED`, `${later.data.id_antrian}:BOOKED`, `${today.data.id_antrian}:CHECK_IN`, `${today.data.id_antrian}:SELESAI`, `${later.data.id_antrian}:BATAL`,
    ]);
    expect(changes.data[3]).toMatchObject({ petugas: '198001012005011001', waktu: '07-12-2026 09:45:00', status_terkini: 'SELESAI' });
    expect((await get(`/api/riwayat?sejak=${changes.data.at(-1).id_log}`)).data).toEqual([]);
  });

  it('closes a day: whoever booked and did not come is NO_SHOW; an officer may cancel a booking', async () => {
    const gone = await post('/api/antrian', booking('BK-UJI-TUTUP-1', people[8]!.nik, { tgl_kunjungan: '07-12-2026', kd_layanan: 'E' }));
    const dropped = await post('/api/antrian', booking('BK-UJI-TUTUP-2', people[9]!.nik, { tgl_kunjungan: '08-12-2026', kd_layanan: 'E' }));
    await cancel(db, dropped.data.id_antrian, { petugas: '198001012005011001' });
    expect(await closeTheDay(db, '2026-12-07', now)).toBeGreaterThanOrEqual(1);
    const [closed, cancelled] = (await get(`/api/antrian?id=${gone.data.id_antrian},${dropped.data.id_antrian}`)).data;
    expect(closed).toMatchObject({ status: 'NO_SHOW', riwayat: [{ status: 'BOOKED' }, { status: 'NO_SHOW', ket: 'TUTUP HARI' }] });
    expect(cancelled).toMatchObject({ status: 'BATAL', riwayat: [{ status: 'BOOKED' }, { status: 'BATAL', ket: 'DIBATALKAN PETUGAS' }] });
  });

  it('lists bookings in pages by registration, slowly, with filters and a total; counts them per status in one call', async () => {
    const started = performance.now();
    const page = await get('/api/daftar-antrian?halaman=1&per_halaman=5');
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    const [{ n }] = (await db(ANTRIAN_TABLE).count({ n: '*' })) as [{ n: number | string }];
    expect(page).toMatchObject({ status: '00', halaman: 1, total: Number(n) });
    expect(page.data).toHaveLength(5);
    const stamps = page.data.map((b: any) => b.jam_daftar.replace(/^(\d{2})-(\d{2})-(\d{4})/, '$3-$2-$1'));
    expect(stamps).toEqual([...stamps].sort());
    const dinasDone = await get('/api/daftar-antrian?kd_kantor=00&status=SELESAI,NO_SHOW&per_halaman=100');
    expect(dinasDone.data.every((b: any) => b.kd_kantor === '00' && ['SELESAI', 'NO_SHOW'].includes(b.status))).toBe(true);
    const rekap = await get('/api/rekap');
    expect(rekap.data.reduce((sum: number, r: any) => sum + r.jumlah, 0)).toBe(Number(n));
    const rekapDinas = await get('/api/rekap?kd_kantor=00&status=SELESAI,NO_SHOW');
    expect(rekapDinas.data.reduce((sum: number, r: any) => sum + r.jumlah, 0)).toBe(dinasDone.total);
    expect(await get('/api/daftar-antrian?tgl_daftar_dari=2026-01-01')).toMatchObject({ status: '05' });
    expect(await get('/api/daftar-antrian?status=DONE')).toMatchObject({ status: '05' });
  });
});
