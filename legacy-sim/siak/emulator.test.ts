import type { Knex } from 'knex';
import { checkKk } from '@core/domain/kk';
import { checkNik } from '@core/domain/nik';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { silentProgress } from '../base/progress';
import { provisionSqlEmulator } from '../base/sql-emulator';
import { CODE_TABLES } from './code-tables';
import { siakEmulator } from './emulator';

/** The SIAK emulator's own storage: legacy-style rows, and seeding only when the world changed. */
describe(`SIAK emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;

  beforeAll(async () => {
    legacy = await seededStorage('siak-emulator', [siakEmulator]);
    db = legacy.open('siak');
  });

  afterAll(async () => {
    await legacy?.cleanup();
  });

  it('holds the world in SIAK\'s own style: UPPERCASE names, valid NIK/KK, codes from the code tables', async () => {
    const rows = (await db('BIODATA_WNI').select('NIK', 'NO_KK', 'NAMA_LGKP', 'AGAMA', 'STAT_HBKEL', 'NO_PROP', 'NO_KAB')) as Array<Record<string, string | number>>;
    expect(rows.length).toBeGreaterThanOrEqual(TEST_WORLD.scale);
    const agama = new Set(CODE_TABLES.AGAMA_MASTER!.map((r) => r.NO));
    for (const row of rows) {
      expect(checkNik(String(row.NIK)).ok).toBe(true);
      expect(checkKk(String(row.NO_KK)).ok).toBe(true);
      expect(String(row.NAMA_LGKP)).toBe(String(row.NAMA_LGKP).toUpperCase());
      expect(agama.has(Number(row.AGAMA))).toBe(true);
      expect([Number(row.NO_PROP), Number(row.NO_KAB)]).toEqual([36, 74]);
    }
    const heads = (await db('DATA_KELUARGA').count({ n: '*' })) as Array<{ n: number | string }>;
    expect(rows.filter((r) => Number(r.STAT_HBKEL) === 1)).toHaveLength(Number(heads[0]!.n));
  });

  it('seeds again only when the requested world differs from the one it holds', async () => {
    const provision = (scale: number) => provisionSqlEmulator(siakEmulator, legacy.storage, { ...TEST_WORLD, scale }, { progress: silentProgress });
    expect(await provision(TEST_WORLD.scale)).toBe('up-to-date');
    expect(await provision(TEST_WORLD.scale + 50)).toBe('seeded');
    expect(await provision(TEST_WORLD.scale + 50)).toBe('up-to-date');
  });
});
