import type { Knex } from 'knex';
import { regions } from '@core/domain/regions';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { MarriageRegistry } from './marriages';
import { kawinRow, type KawinRow } from './rows';
import { AKTA_KAWIN_TABLES, KAWIN_TABLE, createAktaKawinIndexes, createAktaKawinSchema } from './schema';

/**
 * The marriage registry's storage: its own database, seeded with the deeds this regency issued
 * (./marriages.ts). The application itself is the SOAP server in ./server.ts over this storage.
 */
const INSERT_CHUNK = 200;
const FLUSH_EVERY = 2_000;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const registry = new MarriageRegistry(world);
  const bar = progress('akta-kawin: residents', world.scale);
  let pending: KawinRow[] = [];
  let written = 0;
  let residents = 0;
  const kecamatanName = (kelurahanCode: string) => {
    const code = kelurahanCode.split('.').slice(0, 3).join('.');
    return regions().get(code)?.name ?? code;
  };
  const flush = async () => {
    const rows = pending;
    pending = [];
    await db.transaction(async (trx) => {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx(KAWIN_TABLE).insert(rows.slice(i, i + INSERT_CHUNK));
    });
    written += rows.length;
    bar.advance(residents);
  };
  for (const family of generateFamilies(world)) {
    for (const marriage of registry.marriagesOf(family)) {
      if (marriage.registeredHere) pending.push(kawinRow(marriage, (written + pending.length) % 9 + 1, kecamatanName(family.kelurahanCode)));
    }
    residents += family.members.length;
    if (pending.length >= FLUSH_EVERY) await flush();
  }
  await flush();
  bar.finish();
  return written;
}

export const aktaKawinEmulator: SqlEmulator = {
  id: 'akta-kawin',
  tables: AKTA_KAWIN_TABLES,
  createSchema: createAktaKawinSchema,
  createIndexes: createAktaKawinIndexes,
  seed,
};
