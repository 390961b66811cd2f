import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { generateWorld } from '../world/generator';
import { answerComplaint, setStatus } from './back-office';
import { pengaduanEmulator } from './emulator';
import { ComplaintHistory } from './rows';
import { PENGADUAN_TABLE, TANGGAPAN_TABLE } from './schema';
import { startPengaduan, type RunningPengaduan } from './server';

/** Complaints are rare (one family in twelve a year): a world of 2,000 gives a desk worth testing. */
const WORLD = { ...TEST_WORLD, scale: 2_000 };

/** The complaints desk: its seeded tables, and its REST API over them (SQLite or MariaDB). */
describe(`pengaduan emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  let app: RunningPengaduan;
  const headers = { 'X-API-Key': 'kunci-pengaduan-uji', 'content-type': 'application/json' };
  const get = async (path: string) => (await (await fetch(`${app.url}${path}`, { headers })).json()) as { status: string; pesan: string; data: any; total?: number };
  const post = async (path: string, body: unknown) => (await (await fetch(`${app.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as { status: string; data: any };
  const world = generateWorld(WORLD);
  const resident = world[2]!.members[0]!;
  const complaint = (reference: string) => ({
    no_referensi: reference, nik_pelapor: resident.nik, nama_pelapor: resident.name, no_hp: '081234567890', saluran: 'W', kategori: '01',
    unit: '367401', no_permohonan: 'PO-20261101-00001', judul: 'KTP belum jadi', isi: 'KTP-el saya belum jadi sejak dua minggu lalu.',
  });

  beforeAll(async () => {
    legacy = await seededStorage('pengaduan-emulator', [pengaduanEmulator], WORLD);
    db = legacy.open('pengaduan');
    app = await startPengaduan(legacy.storage, { port: 0, apiKey: 'kunci-pengaduan-uji' });
  });

  afterAll(async () => {
    await app?.close();
    await legacy?.cleanup();
  });

  it('seeds complaints from the world\'s residents, with a history in time order and a mix of statuses', async () => {
    const rows = (await db(PENGADUAN_TABLE).select()) as Array<Record<string, any>>;
    const history = (await db(TANGGAPAN_TABLE).orderBy('id_tanggapan')) as Array<Record<string, any>>;
    expect(rows.length).toBeGreaterThan(10);
    const niks = new Set(world.flatMap((f) => f.members.map((m) => m.nik)));
    for (const r of rows) if (r.nik_pelapor) expect(niks.has(r.nik_pelapor)).toBe(true);
    expect(rows.some((r) => r.nik_pelapor === null)).toBe(true);
    expect(new Set(rows.map((r) => Number(r.kd_status))).size).toBeGreaterThanOrEqual(3);
    for (const r of rows) expect(r.no_tiket).toMatch(/^ADU-\d{6}-\d{5}$/);
    // Every complaint has its 'L' row first; the ids follow time; the row's status is its last history row's.
    const tgl = history.map((h) => String(h.tgl));
    expect([...tgl].sort()).toEqual(tgl);
    for (const r of rows.slice(0, 30)) {
      const own = history.filter((h) => h.id_pengaduan === r.id_pengaduan);
      expect(own[0]!.jenis).toBe('L');
      expect(Number(own.at(-1)!.kd_status)).toBe(Number(r.kd_status));
    }
  });

  it('is deterministic from the seed', () => {
    const run = () => {
      const history = new ComplaintHistory(WORLD);
      return world.map((f) => history.complaintsFor(f));
    };
    expect(run()).toEqual(run());
  });

  it('takes a complaint once per reference, with a ticket number of the month and its first history row', async () => {
    const created = await post('/api/pengaduan', complaint('PGD-UJI-0001'));
    expect(created).toMatchObject({ status: '00', data: { status: 1, status_ket: 'BARU', kategori: '01', unit: '367401', nik_pelapor: resident.nik, riwayat: [{ jenis: 'L', status: 1 }] } });
    expect(created.data.no_tiket).toMatch(/^ADU-\d{6}-\d{5}$/);
    expect(await post('/api/pengaduan', complaint('PGD-UJI-0001'))).toMatchObject({ status: '51', data: null });
    const second = await post('/api/pengaduan', { ...complaint('PGD-UJI-0002'), nik_pelapor: '' });
    expect(Number(second.data.no_tiket.slice(-5))).toBe(Number(created.data.no_tiket.slice(-5)) + 1);
    expect(second.data.nik_pelapor).toBe('');
    expect(await get('/api/pengaduan?no_referensi=PGD-UJI-0001')).toMatchObject({ status: '00', data: [{ no_tiket: created.data.no_tiket }] });
    expect(await get(`/api/pengaduan?no_permohonan=${encodeURIComponent('PO-20261101-00001')}`)).toMatchObject({ status: '00', data: [{ no_tiket: created.data.no_tiket }, { no_tiket: second.data.no_tiket }] });
  });

  it('refuses what the form would refuse with 05, and a retired category', async () => {
    for (const bad of [{ kategori: '10' }, { kategori: '99' }, { isi: 'pendek' }, { saluran: 'X' }, { nik_pelapor: '3674019908900002' }, { unit: '36.74.01' }, { nama_pelapor: '' }]) {
      expect(await post('/api/pengaduan', { ...complaint('PGD-UJI-BAD'), ...bad })).toMatchObject({ status: '05' });
    }
    expect(await get('/api/pengaduan?no_referensi=PGD-UJI-BAD')).toMatchObject({ status: '14', data: null });
    expect(await get('/api/pengaduan?nik=123')).toMatchObject({ status: '05' });
    expect(await get('/api/pengaduan')).toMatchObject({ status: '05' });
  });

  it('answers many tickets or NIKs in one call, with the history, 14 when none', async () => {
    const tickets = ((await db(PENGADUAN_TABLE).orderBy('id_pengaduan').limit(12)) as Array<{ no_tiket: string }>).map((r) => r.no_tiket);
    const before = app.calls.of('GET /api/pengaduan');
    const answer = await get(`/api/pengaduan?no_tiket=${tickets.join(',')},ADU-199901-00001`);
    expect(app.calls.of('GET /api/pengaduan') - before).toBe(1);
    expect(answer.data.map((c: any) => c.no_tiket).sort()).toEqual([...tickets].sort());
    expect(answer.data[0].riwayat[0]).toMatchObject({ jenis: 'L', status: 1 });
    expect(answer.data[0].tgl_lapor).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(await get('/api/pengaduan?no_tiket=ADU-199901-00001')).toMatchObject({ status: '14' });
  });

  it('lets an officer answer and move a complaint by the desk\'s rules, through the API (once per reference) and the back office', async () => {
    const { data } = await post('/api/pengaduan', complaint('PGD-UJI-0003'));
    const path = `/api/pengaduan/${data.no_tiket}/tanggapan`;
    expect(await post(path, { no_referensi: 'JWB-1', petugas: 'rina.pengaduan', isi: 'Sudah kami teruskan ke kecamatan.' })).toMatchObject({ status: '00', data: { status: 3, riwayat: [{ jenis: 'L' }, { jenis: 'J', status: 3, petugas: 'RINA.PENGADUAN' }] } });
    expect(await post(path, { no_referensi: 'JWB-1', petugas: 'rina', isi: 'lagi' })).toMatchObject({ status: '51' });
    expect(await post(path, { petugas: 'rina', status: 1 })).toMatchObject({ status: '62', data: null });
    expect(await post('/api/pengaduan/ADU-199901-00001/tanggapan', { petugas: 'rina', status: 2 })).toMatchObject({ status: '14' });
    await setStatus(db, data.no_tiket, 4, 'budi.cs');
    await expect(answerComplaint(db, data.no_tiket, 'budi', 'terlambat')).resolves.toMatchObject({ row: { kd_status: 4 } });
    await expect(setStatus(db, data.no_tiket, 2, 'budi')).rejects.toThrow();
    expect((await get(`/api/pengaduan?no_tiket=${data.no_tiket}`)).data[0]).toMatchObject({ status: 4, status_ket: 'SELESAI' });
  });

  it('feeds history rows after an id, oldest first, officers\' changes included', async () => {
    const { data: last } = await get('/api/riwayat/terakhir');
    const { data } = await post('/api/pengaduan', complaint('PGD-UJI-0004'));
    await answerComplaint(db, data.no_tiket, 'dewi.yandu', 'Mohon ditunggu.');
    const feed = await get(`/api/riwayat?sejak_id=${last.id_terakhir}&jumlah=10`);
    expect(feed.data.map((h: any) => [h.no_tiket, h.jenis, h.status])).toEqual([[data.no_tiket, 'L', 1], [data.no_tiket, 'J', 3]]);
    expect(feed.data[1].id).toBeGreaterThan(feed.data[0].id);
    expect(await get(`/api/riwayat?sejak_id=${feed.data[1].id}`)).toMatchObject({ status: '00', data: [] });
    expect(await get('/api/riwayat')).toMatchObject({ status: '05' });
    expect(await get('/api/riwayat?sejak_id=0&jumlah=501')).toMatchObject({ status: '05' });
  });

  it('lists the worklist in pages with a total, and counts per status', async () => {
    const [{ n }] = (await db(PENGADUAN_TABLE).whereIn('kd_status', [1, 2]).count({ n: '*' })) as [{ n: number | string }];
    const page = await get('/api/daftar-pengaduan?status=1,2&halaman=1&per_halaman=5');
    expect(page).toMatchObject({ status: '00', total: Number(n) });
    expect(page.data.length).toBe(Math.min(5, Number(n)));
    expect(page.data[0].riwayat).toBeUndefined();
    expect(page.data.every((c: any) => [1, 2].includes(c.status))).toBe(true);
    const counts = await get('/api/rekap-status');
    const all = (await db(PENGADUAN_TABLE).count({ n: '*' })) as [{ n: number | string }];
    expect(counts.data.reduce((sum: number, c: any) => sum + Number(c.jumlah), 0)).toBe(Number(all[0].n));
    expect(await get('/api/daftar-pengaduan?tgl_dari=2026-01-01')).toMatchObject({ status: '05' });
    expect(await get('/api/daftar-pengaduan?per_halaman=101')).toMatchObject({ status: '05' });
  });
});
