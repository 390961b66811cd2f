import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { pemOf, seededKey } from './keys';
import { TteHistory } from './rows';
import { KUNCI_TABLE, TTD_TABLE, TTE_TABLES, createTteIndexes, createTteSchema } from './schema';
import type { TtdRow } from './signatures';

/**
 * The signature application's storage: its own database, with its signing key and the signatures
 * seeded from the world. The application itself is the REST server in ./server.ts.
 */
const INSERT_CHUNK = 200;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const key = seededKey(world.seed);
  await db(KUNCI_TABLE).insert({ id_kunci: key.id, ...pemOf(key), aktif: 'Y', tgl_buat: '2021-01-04 08:00:00' });
  const history = new TteHistory(world, key);
  const bar = progress('tte: families', world.scale);
  let pending: TtdRow[] = [];
  let written = 1;
  let residents = 0;
  const flush = async () => {
    const rows = pending;
    pending = [];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db(TTD_TABLE).insert(rows.slice(i, i + INSERT_CHUNK));
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

export const tteEmulator: SqlEmulator = {
  id: 'tte',
  tables: TTE_TABLES,
  createSchema: createTteSchema,
  createIndexes: createTteIndexes,
  seed,
};
