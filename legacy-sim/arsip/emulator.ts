import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { ArsipHistory, type ArsipRow } from './rows';
import { ARSIP_TABLE, ARSIP_TABLES, createArsipIndexes, createArsipSchema } from './schema';

/**
 * The digital archive's metadata database, seeded from the world. Its files are written by
 * provisionArsipFiles (./files.ts) from these rows, after the database is provisioned.
 */
const INSERT_CHUNK = 200;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const history = new ArsipHistory(world);
  const bar = progress('arsip: residents', world.scale);
  let pending: ArsipRow[] = [];
  let written = 0;
  let residents = 0;
  const flush = async () => {
    const rows = pending;
    pending = [];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db(ARSIP_TABLE).insert(rows.slice(i, i + INSERT_CHUNK));
    written += rows.length;
    bar.advance(residents);
  };
  for (const family of generateFamilies(world)) {
    pending.push(...history.rowsFor(family));
    residents += family.members.length;
    if (pending.length >= 2_000) await flush();
  }
  await flush();
  bar.finish();
  return written;
}

export const arsipEmulator: SqlEmulator = {
  id: 'arsip',
  tables: ARSIP_TABLES,
  createSchema: createArsipSchema,
  createIndexes: createArsipIndexes,
  seed,
};
