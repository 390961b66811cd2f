import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { DivorceRegistry } from './divorces';
import { ceraiRow, type CeraiRow } from './rows';
import { AKTA_CERAI_TABLES, CERAI_TABLE, createAktaCeraiIndexes, createAktaCeraiSchema } from './schema';

/**
 * The divorce registry's storage: its own database, seeded with the deeds this regency issued
 * (./divorces.ts). The application itself is the SOAP server in ./server.ts over this storage.
 */
const INSERT_CHUNK = 200;
const FLUSH_EVERY = 2_000;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const registry = new DivorceRegistry(world);
  const bar = progress('akta-cerai: residents', world.scale);
  let pending: CeraiRow[] = [];
  let written = 0;
  let residents = 0;
  const flush = async () => {
    const rows = pending;
    pending = [];
    await db.transaction(async (trx) => {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx(CERAI_TABLE).insert(rows.slice(i, i + INSERT_CHUNK));
    });
    written += rows.length;
    bar.advance(residents);
  };
  for (const family of generateFamilies(world)) {
    for (const divorce of registry.divorcesOf(family)) {
      if (divorce.registeredHere) pending.push(ceraiRow(divorce, (written + pending.length) % 9 + 1));
    }
    residents += family.members.length;
    if (pending.length >= FLUSH_EVERY) await flush();
  }
  await flush();
  bar.finish();
  return written;
}

export const aktaCeraiEmulator: SqlEmulator = {
  id: 'akta-cerai',
  tables: AKTA_CERAI_TABLES,
  createSchema: createAktaCeraiSchema,
  createIndexes: createAktaCeraiIndexes,
  seed,
};
