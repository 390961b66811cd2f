import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { generateWorld } from '../world/generator';
import { documentTypes, openRequests, receiveAtCounter, workRequest } from './back-office';
import { legalisirEmulator } from './emulator';
import { LegalisirHistory, type LgsPermohonanRow } from './rows';
import { PERMOHONAN_TABLE } from './schema';

function history(scale: number): LgsPermohonanRow[] {
  const world = { ...TEST_WORLD, scale };
  const drawn = new LegalisirHistory(world);
  for (const family of generateWorld(world)) drawn.add(family);
  return drawn.rows();
}

const isoOf = (ddmmyyyy: string) => `${ddmmyyyy.slice(6)}-${ddmmyyyy.slice(3, 5)}-${ddmmyyyy.slice(0, 2)}`;

/** The legalisation application: its seeded tables (SQLite or MariaDB) and its officers' screen. */
describe(`legalisir emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;

  beforeAll(async () => {
    legacy = await seededStorage('legalisir-emulator', [legalisirEmulator]);
    db = legacy.open('legalisir');
  });

  afterAll(async () => {
    await legacy?.cleanup();
  });

  it('seeds deterministically: the world\'s residents and their documents, none that carries a TTE', async () => {
    expect(history(TEST_WORLD.scale)).toEqual(history(TEST_WORLD.scale));
    const rows = (await db(PERMOHONAN_TABLE).select()) as LgsPermohonanRow[];
    expect(rows.length).toBeGreaterThanOrEqual(24);
    const world = generateWorld(TEST_WORLD);
    const niks = new Set(world.flatMap((f) => f.members.map((m) => m.nik)));
    const kks = new Set(world.map((f) => f.kkNumber));
    const since = new Map((await documentTypes(db)).map((d) => [d.KD_DOK, d.TTE_SEJAK ? String(d.TTE_SEJAK).slice(0, 10) : null]));
    for (const row of rows) {
      expect(niks.has(row.NIK_PEMOHON)).toBe(true);
      expect(row.NO_PERMOHONAN).toMatch(/^LGS-3674-\d{8}-\d{4}$/);
      expect(row.TGL_TERBIT_DOK).toMatch(/^\d{2}-\d{2}-\d{4}$/);
      const tte = since.get(row.KD_DOK);
      expect(tte).not.toBeUndefined();
      if (tte) expect(isoOf(row.TGL_TERBIT_DOK!) < tte).toBe(true);
      if (row.KD_DOK === 'KK') expect(kks.has(row.NO_DOK)).toBe(true);
      expect(row.TGL_UBAH >= row.TGL_MASUK).toBe(true);
    }
  });

  it('a larger world has every status and several document kinds, from the counter and online', () => {
    const rows = history(10_000);
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.length).toBeLessThan(800);
    expect(new Set(rows.map((r) => r.STATUS))).toEqual(new Set(['B', 'V', 'S', 'A', 'T']));
    expect(new Set(rows.map((r) => r.KD_DOK)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.map((r) => r.SUMBER))).toEqual(new Set(['L', 'O']));
    expect(rows.filter((r) => r.STATUS === 'T').every((r) => r.ALASAN_TOLAK && r.TGL_TOLAK)).toBe(true);
    expect(rows.filter((r) => r.STATUS === 'A').every((r) => r.TGL_SIAP && r.TGL_AMBIL && r.TGL_AMBIL >= r.TGL_SIAP)).toBe(true);
  });

  it('the counter refuses an e-signed document and writes nothing; takes an older one and works it through', async () => {
    const before = (await db(PERMOHONAN_TABLE).count({ n: '*' }))[0];
    const visit = { nik: '3674014101900001', nama: 'Rina Wati', kdDok: 'KK', noDok: '3674011203210001', jmlLembar: 2, petugas: 'AGUS.P' };
    await expect(receiveAtCounter(db, { ...visit, tglTerbit: '2021-03-12' }, '36.74')).rejects.toThrow(/TANDA TANGAN ELEKTRONIK/);
    expect((await db(PERMOHONAN_TABLE).count({ n: '*' }))[0]).toEqual(before);
    await expect(receiveAtCounter(db, { ...visit, kdDok: 'PASPOR', tglTerbit: '2010-01-01' }, '36.74')).rejects.toThrow(/TIDAK DIKENAL/);
    // A KTP-el never carries a TTE.
    const ktp = await receiveAtCounter(db, { ...visit, kdDok: 'KTP', noDok: '3674014101900001', tglTerbit: '2023-05-01' }, '36.74');
    const number = await receiveAtCounter(db, { ...visit, noDok: '3674011203150001', tglTerbit: '2015-03-12' }, '36.74');
    expect(Number(number.slice(-4))).toBe(Number(ktp.slice(-4)) + 1);
    expect((await openRequests(db)).map((r) => r.NO_PERMOHONAN)).toContain(number);
    await workRequest(db, number, 'V', 'DEWI.K');
    await workRequest(db, number, 'S', 'DEWI.K');
    const collected = await workRequest(db, number, 'A', 'RINA.S');
    expect(collected).toMatchObject({ STATUS: 'A', PETUGAS: 'RINA.S', TGL_TERBIT_DOK: '12-03-2015', SUMBER: 'L' });
    expect(collected.TGL_VERIFIKASI && collected.TGL_SIAP && collected.TGL_AMBIL).toBeTruthy();
    await expect(workRequest(db, number, 'T', 'RINA.S', 'salah')).rejects.toThrow(/TIDAK DAPAT DIUBAH/);
    await expect(workRequest(db, ktp, 'T', 'RINA.S')).rejects.toThrow(/ALASAN/);
  });
});
