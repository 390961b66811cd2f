import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { addYears, dayToIso, isoToDay } from '../world/dates';
import { generateWorld } from '../world/generator';
import { extendPermit, permitsEndingBy } from './back-office';
import { orangAsingEmulator } from './emulator';
import { OrangAsingHistory, type OrangAsingRow } from './rows';
import { ORANG_ASING_TABLE } from './schema';

/** The foreign residents' register: its seeded table (SQLite or MariaDB). */
describe(`orang-asing emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;

  beforeAll(async () => {
    legacy = await seededStorage('orang-asing-emulator', [orangAsingEmulator]);
    db = legacy.open('orang-asing');
  });

  afterAll(async () => {
    await legacy?.cleanup();
  });

  it('seeds deterministically: a few per thousand residents (a dozen at least), living at the world\'s addresses', async () => {
    const run = () => {
      const history = new OrangAsingHistory(TEST_WORLD);
      return [...generateWorld(TEST_WORLD).flatMap((f) => history.rowsFor(f)), ...history.remaining()];
    };
    expect(run()).toEqual(run());
    const rows = (await db(ORANG_ASING_TABLE).select()) as OrangAsingRow[];
    expect(rows.length).toBeGreaterThanOrEqual(12);
    const kelurahan = new Set(generateWorld(TEST_WORLD).map((f) => f.kelurahanCode));
    for (const row of rows) {
      expect(kelurahan.has(`${row.NO_PROP}.${row.NO_KAB}.${String(row.NO_KEC).padStart(2, '0')}.${row.NO_KEL}`)).toBe(true);
      expect(row.NO_SKTT).toMatch(/^3674-SKTT-\d{8}-\d{4}$/);
    }
    expect(new Set(rows.map((r) => r.NO_PASPOR)).size).toBe(rows.length);
  });

  it('a larger world has a few dozen per 10,000 residents, some permits ending within 30 days', () => {
    const world = { ...TEST_WORLD, scale: 10_000 };
    const history = new OrangAsingHistory(world);
    const rows = generateWorld(world).flatMap((f) => history.rowsFor(f));
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.length).toBeLessThan(80);
    const reference = isoToDay(world.referenceDate);
    expect(rows.filter((r) => isoToDay(r.TGL_AKHIR_IZIN) >= reference && isoToDay(r.TGL_AKHIR_IZIN) <= reference + 30).length).toBeGreaterThan(0);
    // Old spellings are there too.
    expect(rows.some((r) => r.JENIS_IZIN === 'ITAS' || r.JENIS_IZIN === 'ITAP')).toBe(true);
    expect(rows.some((r) => !/^[A-Z]{3}$/.test(r.KWRNGRN))).toBe(true);
  });

  it('the officer extends a permit; the follow-up list follows', async () => {
    const soon = dayToIso(isoToDay(TEST_WORLD.referenceDate) + 30);
    const ending = await permitsEndingBy(db, soon);
    expect(ending.length).toBeGreaterThan(0);
    const first = ending[0]!;
    const later = dayToIso(addYears(isoToDay(TEST_WORLD.referenceDate), 2));
    expect(await extendPermit(db, first.NO_PASPOR, '2c21x9999zz', later)).toMatchObject({ NO_IZIN: '2C21X9999ZZ', TGL_AKHIR_IZIN: later });
    expect((await permitsEndingBy(db, soon)).map((r) => r.NO_PASPOR)).not.toContain(first.NO_PASPOR);
  });
});
