import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { SirenaHistory } from './rows';
import { BATCH_TABLE, ITEM_TABLE, RIWAYAT_TABLE, SIRENA_TABLES, createSirenaIndexes, createSirenaSchema } from './schema';

/** Sirena, the kelurahan collective service: its own database, seeded from the world. Adapters read and write its tables. */
const INSERT_CHUNK = 200;

async function insertAll(db: Knex, table: string, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db(table).insert(rows.slice(i, i + INSERT_CHUNK));
}

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const history = new SirenaHistory(world);
  const bar = progress('sirena: residents', world.scale);
  let residents = 0;
  for (const family of generateFamilies(world)) {
    history.addFamily(family);
    residents += family.members.length;
    if (residents % 10_000 < family.members.length) bar.advance(residents);
  }
  const { batches, items, riwayat } = history.finish();
  await insertAll(db, BATCH_TABLE, batches);
  await insertAll(db, ITEM_TABLE, items);
  await insertAll(db, RIWAYAT_TABLE, riwayat);
  bar.finish();
  return batches.length + items.length + riwayat.length;
}

export const sirenaEmulator: SqlEmulator = {
  id: 'sirena',
  tables: SIRENA_TABLES,
  createSchema: createSirenaSchema,
  createIndexes: createSirenaIndexes,
  seed,
};
