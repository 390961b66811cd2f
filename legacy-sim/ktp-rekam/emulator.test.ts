import type { Knex } from 'knex';
import { checkNik } from '@core/domain/nik';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { silentProgress } from '../base/progress';
import { provisionSqlEmulator } from '../base/sql-emulator';
import { ageOn, isoToDay } from '../world/dates';
import { generateWorld } from '../world/generator';
import { recordEnrolment, setEnrolmentStatus, showEnrolments } from './back-office';
import { ktpRekamEmulator } from './emulator';

/** The enrolment application's own storage: legacy-style rows, and seeding only when the world changed. */
describe(`KTP-el enrolment emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  const people = generateWorld(TEST_WORLD).flatMap((f) => f.members);

  beforeAll(async () => {
    legacy = await seededStorage('ktp-rekam-emulator', [ktpRekamEmulator]);
    db = legacy.open('ktp-rekam');
  });

  afterAll(async () => {
    await legacy?.cleanup();
  });

  it('enrols only residents of 17 or married, most of them successfully, in the application\'s own style', async () => {
    const rows = (await db('t_perekaman').select()) as Array<Record<string, string | number | null>>;
    const byNik = new Map(people.map((p) => [p.nik, p]));
    const eligible = people.filter((p) => ageOn(isoToDay(p.birthDate), isoToDay(TEST_WORLD.referenceDate)) >= 17 || p.maritalStatus !== 'SINGLE');
    for (const row of rows) {
      const person = byNik.get(String(row.nik));
      expect(person && checkNik(person.nik).ok).toBe(true);
      expect(eligible).toContain(person);
      expect(String(row.status_rekam)).toMatch(/^[BDS]$/);
      expect(String(row.tgl_rekam)).toMatch(/^\d{2}-\d{2}-\d{4}$/);
      expect(String(row.jam_rekam)).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      expect(String(row.flag_sidik_jari)).toMatch(/^[1Y]$/);
      expect([Number(row.no_prop), Number(row.no_kab)]).toEqual([36, 74]);
      if (Number(row.no_kec) === 0) expect(row.tempat_rekam).toBe('DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL');
      else expect(String(row.tempat_rekam)).toMatch(/^KECAMATAN [A-Z ]+$/);
    }
    const enrolled = new Set(rows.map((r) => r.nik));
    expect(enrolled.size / eligible.length).toBeGreaterThan(0.85);
    const successful = rows.filter((r) => r.status_rekam === 'S').length;
    expect(successful / rows.length).toBeGreaterThan(0.8);
    // Both generations of capture flags are there: 'Y'/'T' before 2014, '1'/'0' since.
    expect(new Set(rows.map((r) => r.flag_foto))).toEqual(new Set(['Y', '1']));
  });

  it('lets an officer record an enrolment and the central match settle it', async () => {
    const nik = people[0]!.nik;
    const id = await recordEnrolment(db, { nik, name: 'Budi Test', kecamatan: 3, regencyCode: '36.74', officer: 'op_test' }, new Date('2026-02-03T02:00:00Z'));
    await setEnrolmentStatus(db, id, 'S');
    const mine = (await showEnrolments(db, nik)).find((r) => Number(r.id_perekaman) === id);
    expect(mine).toMatchObject({ status_rekam: 'S', tgl_rekam: '03-02-2026', jam_rekam: '09:00:00', tempat_rekam: 'KECAMATAN PONDOK AREN', no_kec: 3 });
    await expect(setEnrolmentStatus(db, id, 'X')).rejects.toThrow(/B, D, S/);
  });

  it('seeds again only when the requested world differs from the one it holds', async () => {
    const provision = (scale: number) => provisionSqlEmulator(ktpRekamEmulator, legacy.storage, { ...TEST_WORLD, scale }, { progress: silentProgress });
    expect(await provision(TEST_WORLD.scale)).toBe('up-to-date');
    expect(await provision(TEST_WORLD.scale + 50)).toBe('seeded');
    expect(await provision(TEST_WORLD.scale + 50)).toBe('up-to-date');
  });
});
