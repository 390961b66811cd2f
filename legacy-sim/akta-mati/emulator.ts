import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { deathSeeder, type CapilMatiRow } from './rows';
import { AKTA_MATI_TABLES, createAktaMatiIndexes, createAktaMatiSchema } from './schema';

/** Rows per INSERT statement: under SQLite's and MariaDB's limits on bound parameters. */
const INSERT_CHUNK = 500;
const FLUSH_EVERY = 5_000;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const seeder = deathSeeder(world);
  const bar = progress('akta-mati: residents', world.scale);
  let pending: CapilMatiRow[] = [];
  let written = 0;
  let residents = 0;
  const flush = async () => {
    const rows = pending;
    pending = [];
    await db.transaction(async (trx) => {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx('CAPIL_MATI').insert(rows.slice(i, i + INSERT_CHUNK));
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

export const aktaMatiEmulator: SqlEmulator = {
  id: 'akta-mati',
  tables: AKTA_MATI_TABLES,
  createSchema: createAktaMatiSchema,
  createIndexes: createAktaMatiIndexes,
  seed,
};
