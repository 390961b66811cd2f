import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { IkdRegister, type IkdRow } from './rows';
import { IKD_TABLE, IKD_TABLES, createIkdIndexes, createIkdSchema } from './schema';

/**
 * The IKD application's storage: its own database (SQLite file or MariaDB database), seeded from
 * the world. The application itself is the REST server in ./server.ts over this storage.
 */
const INSERT_CHUNK = 500;
const FLUSH_EVERY = 5_000;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const register = new IkdRegister(world);
  const bar = progress('ikd: residents', world.scale);
  let pending: IkdRow[] = [];
  let written = 0;
  let residents = 0;
  const flush = async () => {
    const rows = pending;
    pending = [];
    await db.transaction(async (trx) => {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx(IKD_TABLE).insert(rows.slice(i, i + INSERT_CHUNK));
    });
    written += rows.length;
    bar.advance(residents);
  };
  for (const family of generateFamilies(world)) {
    pending.push(...register.rowsFor(family));
    residents += family.members.length;
    if (pending.length >= FLUSH_EVERY) await flush();
  }
  await flush();
  bar.finish();
  return written;
}

export const ikdEmulator: SqlEmulator = {
  id: 'ikd',
  tables: IKD_TABLES,
  createSchema: createIkdSchema,
  createIndexes: createIkdIndexes,
  seed,
};
