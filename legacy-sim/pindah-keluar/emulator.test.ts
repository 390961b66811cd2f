import type { Knex } from 'knex';
import { regions } from '@core/domain/regions';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { generateWorld } from '../world/generator';
import { cancelLetter } from './back-office';
import { pindahKeluarEmulator } from './emulator';
import { SkpwniHistory } from './rows';
import { ANGGOTA_TABLE, SKPWNI_TABLE } from './schema';
import { startPindahKeluar, type RunningPindahKeluar } from './server';

/** The move-out (SKPWNI) application: its seeded tables, and its REST API over them (SQLite or MariaDB). */
describe(`pindah-keluar emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  let app: RunningPindahKeluar;
  const headers = { 'X-API-Key': 'kunci-pindah-uji', 'content-type': 'application/json' };
  const get = async (path: string) => (await (await fetch(`${app.url}${path}`, { headers })).json()) as { status: string; pesan: string; data: any; total?: number; halaman?: number };
  const post = async (body: unknown) => (await (await fetch(`${app.url}/api/skpwni`, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as { status: string; data: any };
  const world = generateWorld(TEST_WORLD);
  const family = world[3]!;
  const request = (reference: string) => ({
    no_referensi: reference,
    no_kk: family.kkNumber,
    nik_pemohon: family.members[0]!.nik,
    nik_anggota: family.members.map((m) => m.nik).join(';'),
    kode_wil_asal: family.kelurahanCode.replace(/\./g, ''),
    alamat_asal: family.street,
    kode_wil_tujuan: '3325012001',
    alamat_tujuan: 'dukuh krajan rt 001 rw 002',
    alasan: '1',
    jenis_kepindahan: '2',
    tgl_pindah: '15-12-2026',
  });

  beforeAll(async () => {
    legacy = await seededStorage('pindah-keluar-emulator', [pindahKeluarEmulator]);
    db = legacy.open('pindah-keluar');
    app = await startPindahKeluar(legacy.storage, { port: 0, apiKey: 'kunci-pindah-uji', listSlowMs: 300 });
  });

  afterAll(async () => {
    await app?.close();
    await legacy?.cleanup();
  });

  it('seeds letters consistent with the world: moves within the city end where the family lives, moves out go to a real village elsewhere', async () => {
    const letters = (await db(SKPWNI_TABLE).select()) as Array<Record<string, string>>;
    const members = (await db(ANGGOTA_TABLE).select()) as Array<{ no_skpwni: string; nik: string }>;
    expect(letters.length).toBeGreaterThan(5);
    const residents = new Map(world.flatMap((f) => f.members.map((m) => [m.nik, f] as const)));
    for (const m of members) expect(residents.has(m.nik)).toBe(true);
    const inCity = letters.filter((l) => l.kode_wil_tujuan!.startsWith('3674'));
    const outOfCity = letters.filter((l) => !l.kode_wil_tujuan!.startsWith('3674'));
    expect(inCity.length).toBeGreaterThan(0);
    expect(outOfCity.length).toBeGreaterThan(0);
    for (const l of letters) {
      expect(regions().get(l.kode_wil_tujuan!.replace(/^(\d{2})(\d{2})(\d{2})(\d{4})$/, '$1.$2.$3.$4'))?.level).toBe('village');
      expect(l.kode_wil_asal!.startsWith('3674')).toBe(true);
      expect(l.no_skpwni).toMatch(/^474\.2\/\d{5}\/SKPWNI\/3674\/[IVX]+\/\d{4}$/);
    }
    for (const l of inCity) {
      const movers = members.filter((m) => m.no_skpwni === l.no_skpwni);
      expect(movers.length).toBeGreaterThan(0);
      expect(movers.every((m) => residents.get(m.nik)!.kelurahanCode.replace(/\./g, '') === l.kode_wil_tujuan)).toBe(true);
    }
    expect(new Set(letters.map((l) => l.klasifikasi)).size).toBeGreaterThan(1);
    expect(letters.some((l) => l.status_surat === 'BATAL') || letters.length < 20).toBe(true);
  });

  it('is deterministic from the seed', () => {
    const run = () => {
      const history = new SkpwniHistory(TEST_WORLD);
      return world.map((f) => history.lettersFor(f));
    };
    expect(run()).toEqual(run());
  });

  it('answers the letters of many NIKs in one call, the people as one ;-string, 14 when none', async () => {
    const niks = ((await db(ANGGOTA_TABLE).distinct('nik').orderBy('nik').limit(15)) as Array<{ nik: string }>).map((r) => r.nik);
    const before = app.calls.of('GET /api/skpwni');
    const answer = await get(`/api/skpwni?nik=${niks.join(',')},3674011708850999`);
    expect(app.calls.of('GET /api/skpwni') - before).toBe(1);
    expect(answer.status).toBe('00');
    const named = new Set(answer.data.flatMap((l: any) => String(l.nik_anggota).split(';')));
    for (const nik of niks) expect(named.has(nik)).toBe(true);
    const one = answer.data[0];
    expect(typeof one.no_kk).toBe('number');
    expect(one.jumlah_anggota).toBe(String(one.nik_anggota.split(';').length));
    expect(one.tgl_pindah).toMatch(/^\d{2}-\d{2}-\d{4}$/);
    expect(one.tgl_terbit).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(await get('/api/skpwni?nik=3674011708850999')).toMatchObject({ status: '14', data: null });
    expect(await get('/api/skpwni?nik=12345')).toMatchObject({ status: '05' });
    expect(await get(`/api/skpwni?no_skpwni=${encodeURIComponent(one.no_skpwni)}`)).toMatchObject({ status: '00', data: [{ no_skpwni: one.no_skpwni }] });
  });

  it('issues a letter once per reference, with the next number of the year and the classification worked out', async () => {
    const created = await post(request('PORTAL-PINDAH-0001'));
    expect(created).toMatchObject({ status: '00', data: { status_surat: 'TERBIT', klasifikasi: '5', kode_wil_tujuan: '3325012001', alamat_tujuan: 'DUKUH KRAJAN RT 001 RW 002', tgl_pindah: '15-12-2026', no_referensi: 'PORTAL-PINDAH-0001', jumlah_anggota: String(family.members.length) } });
    expect(created.data.no_skpwni).toMatch(/^474\.2\/\d{5}\/SKPWNI\/3674\/[IVX]+\/\d{4}$/);
    expect(await post(request('PORTAL-PINDAH-0001'))).toMatchObject({ status: '51', data: null });
    const second = await post({ ...request('PORTAL-PINDAH-0002'), kode_wil_tujuan: '3674011001', nik_anggota: family.members[0]!.nik, jenis_kepindahan: '1' });
    expect(Number(second.data.no_skpwni.split('/')[1])).toBe(Number(created.data.no_skpwni.split('/')[1]) + 1);
    expect(['1', '2', '3']).toContain(second.data.klasifikasi);
    expect(await get('/api/skpwni?no_referensi=PORTAL-PINDAH-0001')).toMatchObject({ status: '00', data: [{ no_skpwni: created.data.no_skpwni }] });
  });

  it('refuses a destination that is not a known village with its own status 61, and bad fields with 05', async () => {
    expect(await post({ ...request('PORTAL-PINDAH-0003'), kode_wil_tujuan: '3325999999' })).toMatchObject({ status: '61', data: null });
    expect(await post({ ...request('PORTAL-PINDAH-0004'), kode_wil_tujuan: '332501' })).toMatchObject({ status: '05' });
    expect(await post({ ...request('PORTAL-PINDAH-0005'), kode_wil_asal: '3325012001' })).toMatchObject({ status: '05' });
    expect(await post({ ...request('PORTAL-PINDAH-0006'), tgl_pindah: '31-02-2026' })).toMatchObject({ status: '05' });
    expect(await post({ ...request('PORTAL-PINDAH-0007'), nik_anggota: '' })).toMatchObject({ status: '05' });
    expect(await post({ ...request('PORTAL-PINDAH-0008'), alasan: '9' })).toMatchObject({ status: '05' });
    expect(await get('/api/skpwni?no_referensi=PORTAL-PINDAH-0003')).toMatchObject({ status: '14' });
  });

  it('shows an officer\'s cancellation on the next call', async () => {
    const { data } = await post(request('PORTAL-PINDAH-0010'));
    await cancelLetter(db, data.no_skpwni, { petugas: '198001012005011001' });
    expect(await get(`/api/skpwni?no_skpwni=${encodeURIComponent(data.no_skpwni)}`)).toMatchObject({ data: [{ status_surat: 'BATAL' }] });
    await expect(cancelLetter(db, data.no_skpwni)).rejects.toThrow(/cannot cancel/);
  });

  it('lists the register in pages, slowly, with the total', async () => {
    const [{ n }] = (await db(SKPWNI_TABLE).count({ n: '*' })) as [{ n: number | string }];
    const started = performance.now();
    const page = await get('/api/daftar-skpwni?halaman=1&per_halaman=5');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(page).toMatchObject({ status: '00', halaman: 1, total: Number(n) });
    expect(page.data).toHaveLength(5);
    expect(await get('/api/daftar-skpwni?tgl_dari=2026-01-01')).toMatchObject({ status: '05' });
  });
});
