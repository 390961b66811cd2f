import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { silentProgress } from '../base/progress';
import { provisionSqlEmulator } from '../base/sql-emulator';
import { isoToDay } from '../world/dates';
import { generateWorld } from '../world/generator';
import { correctBirthDeed, registerBirthAtCounter, showBirthDeeds } from './back-office';
import { aktaLahirEmulator } from './emulator';
import { workingDaysAfter } from './rows';

/** The birth registry's own storage: the regency's own deeds of the world, in the registry's style. */
describe(`Birth registry emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  const world = generateWorld(TEST_WORLD);
  const people = world.flatMap((f) => f.members);

  beforeAll(async () => {
    legacy = await seededStorage('akta-lahir-emulator', [aktaLahirEmulator]);
    db = legacy.open('akta-lahir');
  });

  afterAll(async () => {
    await legacy?.cleanup();
  });

  it('holds every deed the regency issued (the numbers SIAK knows), with parents and registration dates', async () => {
    const rows = (await db('CAPIL_LAHIR').select()) as Array<Record<string, string | number | null>>;
    const own = people.filter((p) => p.birthDeedNumber?.startsWith('3674-LU-'));
    expect(own.length).toBeGreaterThan(people.length / 3);
    expect(rows.map((r) => r.NO_AKTA_LHR).sort()).toEqual(own.map((p) => p.birthDeedNumber).sort());
    // Older residents more often have no deed here.
    const withDeed = (from: string, to: string) => {
      const group = people.filter((p) => p.birthDate >= from && p.birthDate < to);
      return own.filter((p) => group.includes(p)).length / group.length;
    };
    expect(withDeed('1950-01-01', '1990-01-01')).toBeLessThan(withDeed('2000-01-01', '2030-01-01'));
    for (const row of rows) {
      const person = own.find((p) => p.nik === row.NIK_ANAK)!;
      expect(row).toMatchObject({ NAMA_ANAK: person.name.toUpperCase(), NIK_IBU: person.motherNik, NAMA_IBU: person.motherName.toUpperCase() });
      expect(String(row.TGL_DAFTAR)).toMatch(/^\d{2}-\d{2}-\d{4}$/);
      const [d, m, y] = String(row.TGL_DAFTAR).split('-');
      const registered = isoToDay(`${y}-${m}-${d}`);
      if (registered < isoToDay('2016-01-01')) expect(row.FLAG_TERLAMBAT).toBeNull();
      else expect(row.FLAG_TERLAMBAT).toBe(workingDaysAfter(isoToDay(person.birthDate), registered) > 60 ? 'Y' : 'T');
    }
    expect(new Set(rows.map((r) => r.FLAG_TERLAMBAT))).toEqual(new Set(['Y', 'T', null]));
  });

  it('lets an officer register a birth with the next serial of the day, and correct it', async () => {
    const when = new Date('2026-02-05T03:00:00Z');
    const birth = { childNik: '3674014501260001', childName: 'Bayi Test', sex: 2 as const, birthPlace: 'Tangerang Selatan', birthDate: '2026-01-05', motherNik: null, motherName: 'Ibu Test', fatherNik: null, fatherName: null, kelurahanCode: '36.74.01.1001', officer: 'capil_test' };
    const first = await registerBirthAtCounter(db, birth, when);
    const second = await registerBirthAtCounter(db, { ...birth, childNik: '3674014501260002' }, when);
    expect([first, second]).toEqual(['3674-LU-05022026-0001', '3674-LU-05022026-0002']);
    await correctBirthDeed(db, first, { NAMA_ANAK: 'BAYI  TEST ' });
    expect((await showBirthDeeds(db, birth.childNik))[0]).toMatchObject({ NAMA_ANAK: 'BAYI  TEST ', TGL_DAFTAR: '05-02-2026', FLAG_TERLAMBAT: 'T' });
    await expect(correctBirthDeed(db, first, { NO_AKTA_LHR: 'x' })).rejects.toThrow(/cannot edit/);
  });

  it('seeds again only when the requested world differs from the one it holds', async () => {
    const provision = (scale: number) => provisionSqlEmulator(aktaLahirEmulator, legacy.storage, { ...TEST_WORLD, scale }, { progress: silentProgress });
    expect(await provision(TEST_WORLD.scale)).toBe('up-to-date');
    expect(await provision(TEST_WORLD.scale + 50)).toBe('seeded');
    expect(await provision(TEST_WORLD.scale + 50)).toBe('up-to-date');
  });
});
