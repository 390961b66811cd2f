import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { OrangAsingHistory, type OrangAsingRow } from './rows';
import { ORANG_ASING_TABLE, ORANG_ASING_TABLES, createOrangAsingIndexes, createOrangAsingSchema } from './schema';

/** The foreign residents' register: its own database, seeded from the world. Adapters read its table. */
const INSERT_CHUNK = 200;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const history = new OrangAsingHistory(world);
  const bar = progress('orang-asing: residents', world.scale);
  const rows: OrangAsingRow[] = [];
  let residents = 0;
  for (const family of generateFamilies(world)) {
    rows.push(...history.rowsFor(family));
    residents += family.members.length;
    if (residents % 10_000 < family.members.length) bar.advance(residents);
  }
  rows.push(...history.remaining());
  // A few dozen per 10,000 residents: small enough to insert at the end.
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db(ORANG_ASING_TABLE).insert(rows.slice(i, i + INSERT_CHUNK));
  bar.finish();
  return rows.length;
}

export const orangAsingEmulator: SqlEmulator = {
  id: 'orang-asing',
  tables: ORANG_ASING_TABLES,
  createSchema: createOrangAsingSchema,
  createIndexes: createOrangAsingIndexes,
  seed,
};
