import type { Knex } from 'knex';
import { regions } from '@core/domain/regions';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { enrolmentSeeder, type PerekamanRow } from './rows';
import { KTP_REKAM_TABLES, createKtpRekamIndexes, createKtpRekamSchema } from './schema';

/** Rows per INSERT statement: under SQLite's and MariaDB's limits on bound parameters. */
const INSERT_CHUNK = 500;
/** Rows per transaction: big enough to be fast, small enough to show progress. */
const FLUSH_EVERY = 5_000;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const kecamatanNames = new Map(regions().all.filter((r) => r.level === 'district').map((r) => [r.code, r.name]));
  const seeder = enrolmentSeeder(world, kecamatanNames);
  const bar = progress('ktp-rekam: residents', world.scale);
  let pending: PerekamanRow[] = [];
  let written = 0;
  let residents = 0;
  const flush = async () => {
    const rows = pending;
    pending = [];
    await db.transaction(async (trx) => {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx('t_perekaman').insert(rows.slice(i, i + INSERT_CHUNK));
    });
    written += rows.length;
    bar.advance(residents);
  };
  for (const family of generateFamilies(world)) {
    for (const person of family.members) pending.push(...seeder.rowsFor(person, family));
    residents += family.members.length;
    if (pending.length >= FLUSH_EVERY) await flush();
  }
  await flush();
  bar.finish();
  return written;
}

export const ktpRekamEmulator: SqlEmulator = {
  id: 'ktp-rekam',
  tables: KTP_REKAM_TABLES,
  createSchema: createKtpRekamSchema,
  createIndexes: createKtpRekamIndexes,
  seed,
};
