import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { birthSeeder, type CapilLahirRow } from './rows';
import { AKTA_LAHIR_TABLES, createAktaLahirIndexes, createAktaLahirSchema } from './schema';

/** Rows per INSERT statement: under SQLite's and MariaDB's limits on bound parameters. */
const INSERT_CHUNK = 500;
const FLUSH_EVERY = 5_000;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const seeder = birthSeeder(world);
  const bar = progress('akta-lahir: residents', world.scale);
  let pending: CapilLahirRow[] = [];
  let written = 0;
  let residents = 0;
  const flush = async () => {
    const rows = pending;
    pending = [];
    await db.transaction(async (trx) => {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx('CAPIL_LAHIR').insert(rows.slice(i, i + INSERT_CHUNK));
    });
    written += rows.length;
    bar.advance(residents);
  };
  for (const family of generateFamilies(world)) {
    for (const person of family.members) {
      const row = seeder.rowFor(person, family);
      if (row) pending.push(row);
    }
    residents += family.members.length;
    if (pending.length >= FLUSH_EVERY) await flush();
  }
  await flush();
  bar.finish();
  return written;
}

export const aktaLahirEmulator: SqlEmulator = {
  id: 'akta-lahir',
  tables: AKTA_LAHIR_TABLES,
  createSchema: createAktaLahirSchema,
  createIndexes: createAktaLahirIndexes,
  seed,
};
