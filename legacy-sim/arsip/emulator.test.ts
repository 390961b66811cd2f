import { existsSync, readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { generateWorld } from '../world/generator';
import { pathOf } from './back-office';
import { seededDamage, sha256Hex } from './content';
import { arsipEmulator } from './emulator';
import { provisionArsipFiles } from './files';
import { ArsipHistory, type ArsipRow } from './rows';
import { ARSIP_TABLE } from './schema';

/** The digital archive: its seeded rows and the files provisioned from them (SQLite or MariaDB). */
describe(`arsip emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;

  beforeAll(async () => {
    legacy = await seededStorage('arsip-emulator', [arsipEmulator]);
    db = legacy.open('arsip');
  });

  afterAll(async () => {
    await legacy?.cleanup();
  });

  it('seeds rows deterministically, with the pre-migration spellings', async () => {
    const run = () => generateWorld(TEST_WORLD).flatMap((f) => new ArsipHistory(TEST_WORLD).rowsFor(f));
    expect(run()).toEqual(run());
    const rows = (await db(ARSIP_TABLE).select()) as ArsipRow[];
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => /^\d{4}\\\d{2}\\ARS-\d{8}-[0-9A-F]{8}\.(PDF|JPG|PNG)$/.test(r.path_simpan))).toBe(true);
    expect(rows.some((r) => r.checksum_sha256 === r.checksum_sha256.toUpperCase() && /[A-F]/.test(r.checksum_sha256))).toBe(true);
  });

  it('writes each seeded file once, matching its checksum unless damaged', async () => {
    const written = await provisionArsipFiles(legacy.storage);
    expect(written).toBeGreaterThan(0);
    expect(await provisionArsipFiles(legacy.storage)).toBe(0);
    const rows = (await db(ARSIP_TABLE).select()) as ArsipRow[];
    for (const row of rows) {
      const file = pathOf(legacy.storage, row);
      const damage = seededDamage(row.id_arsip);
      if (damage === 'MISSING') {
        expect(existsSync(file)).toBe(false);
        continue;
      }
      const content = readFileSync(file);
      expect(content.length).toBe(Number(row.ukuran));
      expect(sha256Hex(content) === row.checksum_sha256.toLowerCase()).toBe(damage === 'NONE');
    }
  });
});
