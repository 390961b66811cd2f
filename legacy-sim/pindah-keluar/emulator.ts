import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { SkpwniHistory, type AnggotaRow, type SkpwniRow } from './rows';
import { ANGGOTA_TABLE, PINDAH_KELUAR_TABLES, SKPWNI_TABLE, createPindahKeluarIndexes, createPindahKeluarSchema } from './schema';

/**
 * The move-out application's storage: its own database (SQLite file or MariaDB database), seeded
 * from the world. The application itself is the REST server in ./server.ts over this storage.
 */
const INSERT_CHUNK = 500;
const FLUSH_EVERY = 2_000;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const history = new SkpwniHistory(world);
  const bar = progress('pindah-keluar: residents', world.scale);
  let letters: SkpwniRow[] = [];
  let members: AnggotaRow[] = [];
  let written = 0;
  let residents = 0;
  const flush = async () => {
    const [l, m] = [letters, members];
    letters = [];
    members = [];
    await db.transaction(async (trx) => {
      for (let i = 0; i < l.length; i += INSERT_CHUNK) await trx(SKPWNI_TABLE).insert(l.slice(i, i + INSERT_CHUNK));
      for (let i = 0; i < m.length; i += INSERT_CHUNK) await trx(ANGGOTA_TABLE).insert(m.slice(i, i + INSERT_CHUNK));
    });
    written += l.length + m.length;
    bar.advance(residents);
  };
  for (const family of generateFamilies(world)) {
    const seeded = history.lettersFor(family);
    letters.push(...seeded.letters);
    members.push(...seeded.members);
    residents += family.members.length;
    if (letters.length >= FLUSH_EVERY) await flush();
  }
  await flush();
  bar.finish();
  return written;
}

export const pindahKeluarEmulator: SqlEmulator = {
  id: 'pindah-keluar',
  tables: PINDAH_KELUAR_TABLES,
  createSchema: createPindahKeluarSchema,
  createIndexes: createPindahKeluarIndexes,
  seed,
};
