import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { kiosksOf, mallsOf } from './malls';
import { KioskHistory, type CetakRow, type LogRow, type PinRow } from './rows';
import { ADM_KIOSK_TABLES, CETAK_TABLE, KIOSK_TABLE, LOG_TABLE, MALL_TABLE, PIN_TABLE, createAdmKioskIndexes, createAdmKioskSchema } from './schema';

/**
 * The kiosk application's storage: its own database (SQLite file or MariaDB database), its
 * malls and kiosks, and the PINs and prints seeded from the world. The application itself is the
 * REST server in ./server.ts over this storage.
 */
const INSERT_CHUNK = 500;

async function insertChunks(db: Knex | Knex.Transaction, table: string, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db(table).insert(rows.slice(i, i + INSERT_CHUNK));
}

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const malls = mallsOf(world.regencyCode);
  await db(MALL_TABLE).insert(malls);
  await db(KIOSK_TABLE).insert(kiosksOf(malls));
  const history = new KioskHistory(world);
  const bar = progress('adm-kiosk: residents', world.scale);
  const pins: PinRow[] = [];
  const prints: CetakRow[] = [];
  const log: LogRow[] = [];
  let residents = 0;
  for (const family of generateFamilies(world)) {
    for (const seeded of history.pinsFor(family)) {
      pins.push(seeded.pin);
      if (seeded.cetak) prints.push(seeded.cetak);
      log.push(...seeded.log);
    }
    residents += family.members.length;
    if (residents % 5_000 < family.members.length) bar.advance(residents);
  }
  // Numbered in the order things happened, as the application wrote them.
  const order = <T extends { waktu?: string; mulai?: string; id_pin: number }>(at: (r: T) => string) => (a: T, b: T) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : a.id_pin - b.id_pin);
  prints.sort(order<CetakRow>((r) => r.mulai)).forEach((row, i) => (row.id_cetak = i + 1));
  log.sort(order<LogRow>((r) => r.waktu)).forEach((row, i) => (row.id_log = i + 1));
  await db.transaction(async (trx) => {
    await insertChunks(trx, PIN_TABLE, pins);
    await insertChunks(trx, CETAK_TABLE, prints);
    await insertChunks(trx, LOG_TABLE, log);
  });
  bar.finish();
  return pins.length + prints.length + log.length;
}

export const admKioskEmulator: SqlEmulator = {
  id: 'adm-kiosk',
  tables: ADM_KIOSK_TABLES,
  createSchema: createAdmKioskSchema,
  createIndexes: createAdmKioskIndexes,
  seed,
};
