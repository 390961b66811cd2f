import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { ageOn, isoToDay } from '../world/dates';
import { generateWorld } from '../world/generator';
import { moveJob } from './back-office';
import { ktpCetakEmulator } from './emulator';
import { CetakHistory, type CetakRow } from './rows';
import { CETAK_TABLE } from './schema';
import { startKtpCetak, type RunningKtpCetak } from './server';

/** The KTP-el print queue: its seeded table, and its REST API over it (SQLite or MariaDB). */
describe(`ktp-cetak emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  let app: RunningKtpCetak;
  const headers = { 'X-API-Key': 'kunci-cetak-uji', 'content-type': 'application/json' };
  const get = async (path: string) => (await (await fetch(`${app.url}${path}`, { headers })).json()) as { status: string; pesan: string; data: any; total?: number };
  const post = async (body: unknown) => (await (await fetch(`${app.url}/api/cetak`, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as { status: string; data: any };

  beforeAll(async () => {
    legacy = await seededStorage('ktp-cetak-emulator', [ktpCetakEmulator]);
    db = legacy.open('ktp-cetak');
    app = await startKtpCetak(legacy.storage, { port: 0, apiKey: 'kunci-cetak-uji', listSlowMs: 300 });
  });

  afterAll(async () => {
    await app?.close();
    await legacy?.cleanup();
  });

  it('seeds from the world: most adults have a collected card, children none, every status present', async () => {
    const world = generateWorld(TEST_WORLD);
    const reference = isoToDay(TEST_WORLD.referenceDate);
    const people = world.flatMap((f) => f.members);
    const rows = (await db(CETAK_TABLE).select('nik', 'status_cetak')) as Array<{ nik: string; status_cetak: string }>;
    const collected = new Set(rows.filter((r) => r.status_cetak.toUpperCase() === 'DIAMBIL').map((r) => r.nik));
    const withJobs = new Set(rows.map((r) => r.nik));
    const adults = people.filter((p) => ageOn(isoToDay(p.birthDate), reference) >= 17);
    const children = people.filter((p) => ageOn(isoToDay(p.birthDate), reference) < 17 && !p.marriageDate);
    expect(adults.filter((p) => collected.has(p.nik)).length / adults.length).toBeGreaterThan(0.75);
    expect(children.some((p) => withJobs.has(p.nik))).toBe(false);
    const statuses = new Set(rows.map((r) => r.status_cetak));
    for (const s of ['ANTRI', 'CETAK', 'SIAP_AMBIL', 'DIAMBIL', 'GAGAL']) expect([...statuses].some((x) => x.replace(' ', '_').toUpperCase() === s)).toBe(true);
    // The first version's spellings are there too.
    expect([...statuses].some((s) => s !== s.toUpperCase() || s.includes(' '))).toBe(true);
  });

  it('is deterministic from the seed', () => {
    const run = () => {
      const history = new CetakHistory(TEST_WORLD);
      return generateWorld(TEST_WORLD).flatMap((f) => history.rowsFor(f, 'SERPONG')) as CetakRow[];
    };
    expect(run()).toEqual(run());
  });

  it('answers the jobs of many NIKs in one call, the NIK as a number, 14 when none', async () => {
    const niks = ((await db(CETAK_TABLE).distinct('nik').orderBy('nik').limit(20)) as Array<{ nik: string }>).map((r) => r.nik);
    const before = app.calls.of('GET /api/cetak');
    const answer = await get(`/api/cetak?nik=${niks.join(',')},3674011708850999`);
    expect(app.calls.of('GET /api/cetak') - before).toBe(1);
    expect(answer.status).toBe('00');
    expect(new Set(answer.data.map((j: any) => String(j.nik)))).toEqual(new Set(niks));
    expect(typeof answer.data[0].nik).toBe('number');
    expect(answer.data[0].tgl_permohonan).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(await get('/api/cetak?nik=3674011708850999')).toMatchObject({ status: '14', data: null });
    expect(await get('/api/cetak?nik=12345')).toMatchObject({ status: '05' });
    const one = answer.data[0];
    expect(await get(`/api/cetak/${one.no_cetak}`)).toMatchObject({ status: '00', data: { no_cetak: one.no_cetak } });
  });

  it('queues a print job once per reference, with the next job number of the day', async () => {
    const nik = ((await db(CETAK_TABLE).select('nik').first()) as { nik: string }).nik;
    const created = await post({ nik, no_permohonan: 'PORTAL-2026-000001', alasan: '2', lokasi_ambil: 'kantor disdukcapil' });
    expect(created).toMatchObject({ status: '00', data: { status_cetak: 'ANTRI', no_permohonan: 'PORTAL-2026-000001', tgl_cetak: '', tgl_ambil: '00-00-0000', keterangan: '-', lokasi_ambil: 'KANTOR DISDUKCAPIL' } });
    expect(created.data.no_cetak).toMatch(/^CTK-3674-\d{8}-\d{5}$/);
    const again = await post({ nik, no_permohonan: 'PORTAL-2026-000001', alasan: '2' });
    expect(again).toMatchObject({ status: '51', data: null });
    const second = await post({ nik, no_permohonan: 'PORTAL-2026-000002', alasan: '3' });
    expect(Number(second.data.no_cetak.slice(-5))).toBe(Number(created.data.no_cetak.slice(-5)) + 1);
    expect(await get('/api/cetak?no_permohonan=PORTAL-2026-000001')).toMatchObject({ status: '00', data: [{ no_cetak: created.data.no_cetak }] });
    expect(await post({ nik: '123', no_permohonan: 'X-1' })).toMatchObject({ status: '05' });
    expect(await post({ nik, no_permohonan: 'X-2', alasan: '9' })).toMatchObject({ status: '05' });
  });

  it('shows the officers\' moves through the statuses on the next call', async () => {
    const nik = ((await db(CETAK_TABLE).select('nik').orderBy('nik', 'desc').first()) as { nik: string }).nik;
    const { data } = await post({ nik, no_permohonan: 'PORTAL-2026-000100', alasan: '1' });
    await moveJob(db, data.no_cetak, 'CETAK', { petugas: '198001012005011001' });
    await moveJob(db, data.no_cetak, 'SIAP_AMBIL', { now: new Date('2026-11-29T03:00:00Z') });
    expect(await get(`/api/cetak/${data.no_cetak}`)).toMatchObject({ data: { status_cetak: 'SIAP_AMBIL', tgl_cetak: '29-11-2026' } });
    await moveJob(db, data.no_cetak, 'DIAMBIL', { now: new Date('2026-11-30T03:00:00Z') });
    expect(await get(`/api/cetak/${data.no_cetak}`)).toMatchObject({ data: { status_cetak: 'DIAMBIL', tgl_ambil: '30-11-2026' } });
    await expect(moveJob(db, data.no_cetak, 'ANTRI')).rejects.toThrow(/cannot go from DIAMBIL/);
  });

  it('lists the queue in pages, slowly, with the total', async () => {
    const [{ n }] = (await db(CETAK_TABLE).where({ status_cetak: 'DIAMBIL' }).count({ n: '*' })) as [{ n: number | string }];
    const started = performance.now();
    const page = await get('/api/daftar-cetak?status=DIAMBIL&halaman=2&per_halaman=25');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(page).toMatchObject({ status: '00', halaman: 2, per_halaman: 25, total: Number(n) });
    expect(page.data).toHaveLength(25);
  });
});
