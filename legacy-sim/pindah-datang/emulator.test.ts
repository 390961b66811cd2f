import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { SkpwniHistory } from '../pindah-keluar/rows';
import { generateWorld } from '../world/generator';
import { pindahDatangEmulator } from './emulator';
import { ArrivalHistory } from './rows';
import { DATANG_ANGGOTA_TABLE, DATANG_TABLE, SKPWNI_MASUK_TABLE } from './schema';
import { startPindahDatang, type RunningPindahDatang } from './server';

/** The move-in (SKDWNI) application: its seeded tables, and its REST API over them (SQLite or MariaDB). */
describe(`pindah-datang emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  let app: RunningPindahDatang;
  const headers = { 'X-API-Key': 'kunci-datang-uji', 'content-type': 'application/json' };
  const get = async (path: string) => (await (await fetch(`${app.url}${path}`, { headers })).json()) as { status: string; pesan: string; data: any; total?: number };
  const post = async (body: unknown) => (await (await fetch(`${app.url}/api/datang`, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as { status: string; data: any };
  const world = generateWorld(TEST_WORLD);
  // A letter from Batang received through the national exchange, for two people moving to Ciater.
  const LETTER = '474.2/00901/SKPWNI/3325/X/2026';
  const PEOPLE = ['3325141210820901', '3325146411850902'];
  const arrival = (reference: string) => ({ no_referensi: reference, no_skpwni: LETTER, nik_datang: PEOPLE.join(';'), kode_wil_tujuan: '3674011001', alamat_tujuan: 'jl. melati no. 3 rt 001 rw 002', kk_baru: 'Y', ktp_baru: 'T', tgl_datang: '20-11-2026' });

  beforeAll(async () => {
    legacy = await seededStorage('pindah-datang-emulator', [pindahDatangEmulator]);
    db = legacy.open('pindah-datang');
    await db(SKPWNI_MASUK_TABLE).insert({ no_skpwni: LETTER, no_kk: '3325141010200901', kode_wil_asal: '3325142001', kode_wil_tujuan: '3674011001', nik_anggota: PEOPLE.join(';'), sumber: 'PUSAT', tgl_terima: '2026-10-20 07:30:00' });
    app = await startPindahDatang(legacy.storage, { port: 0, apiKey: 'kunci-datang-uji', listSlowMs: 300 });
  });

  afterAll(async () => {
    await app?.close();
    await legacy?.cleanup();
  });

  it('seeds arrivals consistent with the world and with pindah-keluar', async () => {
    const arrivals = (await db(DATANG_TABLE).select()) as Array<Record<string, string>>;
    const members = (await db(DATANG_ANGGOTA_TABLE).select()) as Array<{ no_datang: string; nik: string }>;
    const letters = new Map(((await db(SKPWNI_MASUK_TABLE).select()) as Array<Record<string, string>>).map((l) => [l.no_skpwni, l]));
    const home = new Map(world.flatMap((f) => f.members.map((m) => [m.nik, f.kelurahanCode.replace(/\./g, '')] as const)));
    // Everyone with a NIK from elsewhere (but born before their letter) arrived; everyone arriving lives where they arrived.
    const fromElsewhere = world.flatMap((f) => f.members).filter((m) => !m.firstRegistrationKecamatan.startsWith('36.74.'));
    const arrived = new Set(members.map((m) => m.nik));
    expect(fromElsewhere.length).toBeGreaterThan(0);
    expect(fromElsewhere.filter((m) => arrived.has(m.nik)).length).toBeGreaterThan(fromElsewhere.length / 2);
    for (const a of arrivals) {
      const letter = letters.get(a.no_skpwni!)!;
      expect(letter.kode_wil_tujuan).toBe(a.kode_wil_tujuan);
      for (const m of members.filter((x) => x.no_datang === a.no_datang)) {
        expect(letter.nik_anggota!.split(';')).toContain(m.nik);
        expect(home.get(m.nik)).toBe(a.kode_wil_tujuan);
      }
    }
    expect([...letters.values()].some((l) => l.sumber === 'PUSAT' && l.kode_wil_asal!.startsWith('3325'))).toBe(true);
    // Moves within the city that pindah-keluar seeded arrived with the same letter numbers.
    const moveOuts = new SkpwniHistory(TEST_WORLD);
    const inCity = world.flatMap((f) => moveOuts.lettersFor(f).letters).filter((l) => l.kode_wil_tujuan.startsWith('3674') && l.status_surat === 'TERBIT' && l.tgl_pindah < TEST_WORLD.referenceDate);
    expect(inCity.length).toBeGreaterThan(0);
    for (const l of inCity) expect(arrivals.some((a) => a.no_skpwni === l.no_skpwni)).toBe(true);
  });

  it('is deterministic from the seed', () => {
    const run = () => {
      const moveOuts = new SkpwniHistory(TEST_WORLD);
      const history = new ArrivalHistory(TEST_WORLD);
      return world.map((f) => history.arrivalsFor(f, moveOuts.lettersFor(f)));
    };
    expect(run()).toEqual(run());
  });

  it('answers the arrivals of many NIKs in one call, the people as JSON numbers, 14 when none', async () => {
    const niks = ((await db(DATANG_ANGGOTA_TABLE).distinct('nik').orderBy('nik').limit(10)) as Array<{ nik: string }>).map((r) => r.nik);
    const before = app.calls.of('GET /api/datang');
    const answer = await get(`/api/datang?nik=${niks.join(',')},3674011708850999`);
    expect(app.calls.of('GET /api/datang') - before).toBe(1);
    expect(answer.status).toBe('00');
    const named = new Set(answer.data.flatMap((a: any) => a.nik_datang.map(String)));
    for (const nik of niks) expect(named.has(nik)).toBe(true);
    expect(typeof answer.data[0].nik_datang[0]).toBe('number');
    expect(['Y', 'T']).toContain(answer.data[0].kk_baru);
    expect(answer.data[0].tgl_datang).toMatch(/^\d{2}-\d{2}-\d{4}$/);
    expect(await get('/api/datang?nik=3674011708850999')).toMatchObject({ status: '14', data: null });
  });

  it('registers an arrival that matches its letter, once per reference', async () => {
    const created = await post(arrival('PORTAL-DATANG-0001'));
    expect(created).toMatchObject({ status: '00', data: { no_skpwni: LETTER, nik_datang: PEOPLE.map(Number), kode_wil_asal: '3325142001', kk_baru: 'Y', ktp_baru: 'T', alamat_tujuan: 'JL. MELATI NO. 3 RT 001 RW 002' } });
    expect(created.data.no_datang).toMatch(/^475\/\d{5}\/SKDWNI\/3674\/\d{4}$/);
    expect(await post(arrival('PORTAL-DATANG-0001'))).toMatchObject({ status: '51' });
    expect(await get('/api/datang?no_referensi=PORTAL-DATANG-0001')).toMatchObject({ status: '00', data: [{ no_datang: created.data.no_datang }] });
  });

  it('refuses an arrival that does not match its letter, with its own statuses, and writes nothing', async () => {
    const count = async () => Number(((await db(DATANG_TABLE).count({ n: '*' })) as [{ n: number | string }])[0].n);
    const before = await count();
    expect(await post({ ...arrival('PORTAL-DATANG-0002'), nik_datang: `${PEOPLE[0]};3674011708850999` })).toMatchObject({ status: '62', data: null });
    expect(await post({ ...arrival('PORTAL-DATANG-0003'), kode_wil_tujuan: '3674021001' })).toMatchObject({ status: '64' });
    expect(await post({ ...arrival('PORTAL-DATANG-0004'), no_skpwni: '474.2/00999/SKPWNI/3325/X/2026' })).toMatchObject({ status: '63' });
    const typed = { no_kk: '3325141010200901', kode_wil_asal: '3325142001', kode_wil_tujuan: '3674011001', nik_anggota: PEOPLE[0] };
    expect(await post({ ...arrival('PORTAL-DATANG-0005'), nik_datang: PEOPLE[0], skpwni: typed })).toMatchObject({ status: '65' });
    expect(await post({ ...arrival('PORTAL-DATANG-0006'), kode_wil_tujuan: '3325142001' })).toMatchObject({ status: '05' });
    expect(await count()).toBe(before);
  });

  it('takes a letter typed in from paper, then holds the arrival to it', async () => {
    const number = '474.2/00950/SKPWNI/3674/XI/2026';
    const typed = { no_kk: '3674010101200950', kode_wil_asal: '3674011001', kode_wil_tujuan: '3674021001', nik_anggota: '3674011708850950;3674014508900951' };
    const body = { no_referensi: 'PORTAL-DATANG-0010', no_skpwni: number, nik_datang: '3674011708850950', kode_wil_tujuan: '3674021001', kk_baru: 'T', ktp_baru: 'T', tgl_datang: '25-11-2026', skpwni: typed };
    expect(await post(body)).toMatchObject({ status: '00', data: { no_skpwni: number, kode_wil_asal: '3674011001', alamat_tujuan: '-' } });
    expect(await post({ ...body, no_referensi: 'PORTAL-DATANG-0011', nik_datang: '3674014508900951', skpwni: undefined })).toMatchObject({ status: '00' });
    expect(await post({ ...body, no_referensi: 'PORTAL-DATANG-0012', nik_datang: '3674011708850952', skpwni: undefined })).toMatchObject({ status: '62' });
  });

  it('lists the register in pages, slowly, with the total', async () => {
    const [{ n }] = (await db(DATANG_TABLE).count({ n: '*' })) as [{ n: number | string }];
    const started = performance.now();
    const page = await get('/api/daftar-datang?halaman=1&per_halaman=3');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(page).toMatchObject({ status: '00', halaman: 1, total: Number(n) });
    expect(page.data).toHaveLength(3);
  });
});
