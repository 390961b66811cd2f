import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { silentProgress } from '../base/progress';
import { provisionSqlEmulator } from '../base/sql-emulator';
import { generateWorld } from '../world/generator';
import { deathOf } from '../world/mortality';
import { correctDeathDeed, registerDeathAtCounter, showDeathDeeds } from './back-office';
import { aktaMatiEmulator } from './emulator';

/** The death registry's own storage: a deed for every death in the world, in the registry's style. */
describe(`Death registry emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  const world = generateWorld(TEST_WORLD);
  const deaths = world.flatMap((f) => f.members.map((p) => ({ p, death: deathOf(p, f, TEST_WORLD) }))).filter((x) => x.death !== null);

  beforeAll(async () => {
    legacy = await seededStorage('akta-mati-emulator', [aktaMatiEmulator]);
    db = legacy.open('akta-mati');
  });

  afterAll(async () => {
    await legacy?.cleanup();
  });

  it('holds exactly one deed per death of the world, dated as the world says, in legacy style', async () => {
    expect(deaths.length).toBeGreaterThan(0);
    const rows = (await db('CAPIL_MATI').select()) as Array<Record<string, string | number | null>>;
    expect(rows.map((r) => r.NIK).sort()).toEqual(deaths.map((d) => d.p.nik).sort());
    for (const row of rows) {
      const { p, death } = deaths.find((d) => d.p.nik === row.NIK)!;
      const [y, m, d] = death!.date.split('-');
      expect(row.TGL_MATI).toMatch(new RegExp(`^${d}[-/]${m}[-/]${y}$`));
      expect(String(row.NO_AKTA_MATI)).toMatch(/^3674-KM-\d{8}-\d{4}$/);
      // The deed number carries the report date.
      expect(String(row.NO_AKTA_MATI).slice(8, 16)).toBe(String(row.TGL_LAPOR).replace(/[-/]/g, ''));
      expect(row.NAMA_LGKP).toBe(p.name.toUpperCase());
      expect(row.REF_GERBANG).toBeNull();
    }
  });

  it('lets an officer register a death with the next serial of the day, and correct it', async () => {
    const when = new Date('2026-02-05T03:00:00Z');
    const person = world[0]!.members[0]!;
    const first = await registerDeathAtCounter(db, { nik: person.nik, name: person.name, sex: 1, birthDate: person.birthDate, diedOn: '2026-02-01', place: 'rumah', cause: 1, reporterNik: null, reporterName: 'Ketua RT', kelurahanCode: world[0]!.kelurahanCode, officer: 'capil_test' }, when);
    const second = await registerDeathAtCounter(db, { nik: '3674010101500001', name: 'X', sex: 1, birthDate: null, diedOn: '2026-02-02', place: 'rumah', cause: 6, reporterNik: null, reporterName: 'Y', kelurahanCode: world[0]!.kelurahanCode, officer: 'capil_test' }, when);
    expect([first, second]).toEqual(['3674-KM-05022026-0001', '3674-KM-05022026-0002']);
    await correctDeathDeed(db, first, { TGL_MATI: '31-01-2026' });
    expect((await showDeathDeeds(db, person.nik)).find((r) => r.NO_AKTA_MATI === first)).toMatchObject({ TGL_MATI: '31-01-2026', TGL_LAPOR: '05-02-2026', TMPT_MATI: 'RUMAH' });
    await expect(correctDeathDeed(db, first, { NIK: '1' })).rejects.toThrow(/cannot edit NIK/);
  });

  it('seeds again only when the requested world differs from the one it holds', async () => {
    const provision = (scale: number) => provisionSqlEmulator(aktaMatiEmulator, legacy.storage, { ...TEST_WORLD, scale }, { progress: silentProgress });
    expect(await provision(TEST_WORLD.scale)).toBe('up-to-date');
    expect(await provision(TEST_WORLD.scale + 50)).toBe('seeded');
    expect(await provision(TEST_WORLD.scale + 50)).toBe('up-to-date');
  });
});
