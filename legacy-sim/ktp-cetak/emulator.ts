import type { Knex } from 'knex';
import { regions } from '@core/domain/regions';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { CetakHistory, type CetakRow } from './rows';
import { CETAK_TABLE, KTP_CETAK_TABLES, createKtpCetakIndexes, createKtpCetakSchema } from './schema';

/**
 * The KTP-el print queue's storage: its own database (SQLite file or MariaDB database), seeded
 * from the world. The application itself is the REST server in ./server.ts over this storage.
 */
const INSERT_CHUNK = 500;
const FLUSH_EVERY = 5_000;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const history = new CetakHistory(world);
  const bar = progress('ktp-cetak: residents', world.scale);
  const names = new Map<string, string>();
  const kecamatanName = (kelurahanCode: string) => {
    const code = kelurahanCode.split('.').slice(0, 3).join('.');
    let name = names.get(code);
    if (name === undefined) {
      name = regions().get(code)?.name ?? code;
      names.set(code, name);
    }
    return name;
  };
  let pending: CetakRow[] = [];
  let written = 0;
  let residents = 0;
  const flush = async () => {
    const rows = pending;
    pending = [];
    await db.transaction(async (trx) => {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx(CETAK_TABLE).insert(rows.slice(i, i + INSERT_CHUNK));
    });
    written += rows.length;
    bar.advance(residents);
  };
  for (const family of generateFamilies(world)) {
    pending.push(...history.rowsFor(family, kecamatanName(family.kelurahanCode)));
    residents += family.members.length;
    if (pending.length >= FLUSH_EVERY) await flush();
  }
  await flush();
  bar.finish();
  return written;
}

export const ktpCetakEmulator: SqlEmulator = {
  id: 'ktp-cetak',
  tables: KTP_CETAK_TABLES,
  createSchema: createKtpCetakSchema,
  createIndexes: createKtpCetakIndexes,
  seed,
};
