import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { SkpwniHistory } from '../pindah-keluar/rows';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { ArrivalHistory, type SeededArrivals } from './rows';
import { DATANG_ANGGOTA_TABLE, DATANG_TABLE, PINDAH_DATANG_TABLES, SKPWNI_MASUK_TABLE, createPindahDatangIndexes, createPindahDatangSchema } from './schema';

/**
 * The move-in application's storage: its own database (SQLite file or MariaDB database), seeded
 * from the world. The moves within the city are the ones the pindah-keluar seed draws (same
 * world, same stream), so the two applications agree. The application itself is ./server.ts.
 */
const INSERT_CHUNK = 500;
const FLUSH_EVERY = 2_000;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const moveOuts = new SkpwniHistory(world);
  const history = new ArrivalHistory(world);
  const bar = progress('pindah-datang: residents', world.scale);
  let pending: SeededArrivals = { letters: [], arrivals: [], members: [] };
  let written = 0;
  let residents = 0;
  const flush = async () => {
    const batch = pending;
    pending = { letters: [], arrivals: [], members: [] };
    await db.transaction(async (trx) => {
      for (const [table, rows] of [[SKPWNI_MASUK_TABLE, batch.letters], [DATANG_TABLE, batch.arrivals], [DATANG_ANGGOTA_TABLE, batch.members]] as const) {
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx(table).insert(rows.slice(i, i + INSERT_CHUNK));
      }
    });
    written += batch.letters.length + batch.arrivals.length + batch.members.length;
    bar.advance(residents);
  };
  for (const family of generateFamilies(world)) {
    const seeded = history.arrivalsFor(family, moveOuts.lettersFor(family));
    pending.letters.push(...seeded.letters);
    pending.arrivals.push(...seeded.arrivals);
    pending.members.push(...seeded.members);
    residents += family.members.length;
    if (pending.arrivals.length >= FLUSH_EVERY) await flush();
  }
  await flush();
  bar.finish();
  return written;
}

export const pindahDatangEmulator: SqlEmulator = {
  id: 'pindah-datang',
  tables: PINDAH_DATANG_TABLES,
  createSchema: createPindahDatangSchema,
  createIndexes: createPindahDatangIndexes,
  seed,
};
