import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { KecamatanHistory } from './rows';
import { KECAMATAN_TABLES, LAYANAN, PERMOHONAN_TABLE, REF_LAYANAN_TABLE, RIWAYAT_TABLE, createKecamatanIndexes, createKecamatanSchema } from './schema';

/** The kecamatan counter application: its own database, seeded from the world. Adapters read and write its tables. */
const INSERT_CHUNK = 200;

async function insertAll(db: Knex, table: string, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db(table).insert(rows.slice(i, i + INSERT_CHUNK));
}

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const history = new KecamatanHistory(world);
  const bar = progress('kecamatan: residents', world.scale);
  let residents = 0;
  for (const family of generateFamilies(world)) {
    history.add(family);
    residents += family.members.length;
    if (residents % 10_000 < family.members.length) bar.advance(residents);
  }
  await db(REF_LAYANAN_TABLE).insert(LAYANAN.map(([kd, nm]) => ({ kd_layanan: kd, nm_layanan: nm })));
  const { permohonan, riwayat } = history.rows();
  await insertAll(db, PERMOHONAN_TABLE, permohonan);
  await insertAll(db, RIWAYAT_TABLE, riwayat);
  bar.finish();
  return LAYANAN.length + permohonan.length + riwayat.length;
}

export const kecamatanEmulator: SqlEmulator = {
  id: 'kecamatan',
  tables: KECAMATAN_TABLES,
  createSchema: createKecamatanSchema,
  createIndexes: createKecamatanIndexes,
  seed,
};
