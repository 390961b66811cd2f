import type { Knex } from 'knex';
import { regions } from '@core/domain/regions';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { CODE_TABLES } from './code-tables';
import { biodataRow, keluargaRow, type BiodataRow, type KeluargaRow } from './rows';
import { SIAK_TABLES, createSiakIndexes, createSiakSchema } from './schema';

/** Rows per INSERT statement: under SQLite's and MariaDB's limits on bound parameters. */
const INSERT_CHUNK = 500;
/** Residents per transaction: big enough to be fast, small enough to show progress. */
const FLUSH_EVERY = 5_000;

async function insertChunked(trx: Knex.Transaction, table: string, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx(table).insert(rows.slice(i, i + INSERT_CHUNK));
}

/** SETUP_PROP/KAB/KEC/KEL from the Kemendagri list, every regency the project knows. */
async function seedRegionTables(db: Knex): Promise<number> {
  const rows: Record<string, object[]> = { SETUP_PROP: [], SETUP_KAB: [], SETUP_KEC: [], SETUP_KEL: [] };
  for (const region of regions().all) {
    const [p, k, c, l] = region.code.split('.').map(Number);
    const name = region.name.toUpperCase();
    if (region.level === 'province') rows.SETUP_PROP!.push({ NO_PROP: p, NAMA_PROP: name });
    if (region.level === 'regency') rows.SETUP_KAB!.push({ NO_PROP: p, NO_KAB: k, NAMA_KAB: name });
    if (region.level === 'district') rows.SETUP_KEC!.push({ NO_PROP: p, NO_KAB: k, NO_KEC: c, NAMA_KEC: name });
    if (region.level === 'village') rows.SETUP_KEL!.push({ NO_PROP: p, NO_KAB: k, NO_KEC: c, NO_KEL: l, NAMA_KEL: name });
  }
  let count = 0;
  await db.transaction(async (trx) => {
    for (const [table, list] of Object.entries({ ...rows, ...CODE_TABLES })) {
      await insertChunked(trx, table, list);
      count += list.length;
    }
  });
  return count;
}

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  let written = await seedRegionTables(db);
  const bar = progress('siak: residents', world.scale);
  let biodata: BiodataRow[] = [];
  let keluarga: KeluargaRow[] = [];
  let residents = 0;
  const flush = async () => {
    const [b, k] = [biodata, keluarga];
    biodata = [];
    keluarga = [];
    await db.transaction(async (trx) => {
      await insertChunked(trx, 'DATA_KELUARGA', k);
      await insertChunked(trx, 'BIODATA_WNI', b);
    });
    written += b.length + k.length;
    bar.advance(residents);
  };
  for (const family of generateFamilies(world)) {
    keluarga.push(keluargaRow(family));
    for (const person of family.members) biodata.push(biodataRow(person, family, world));
    residents += family.members.length;
    if (biodata.length >= FLUSH_EVERY) await flush();
  }
  await flush();
  bar.finish();
  return written;
}

export const siakEmulator: SqlEmulator = {
  id: 'siak',
  tables: SIAK_TABLES,
  createSchema: createSiakSchema,
  createIndexes: createSiakIndexes,
  seed,
};
