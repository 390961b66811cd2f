import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { HARI_LIBUR, defaultQuotas, officesOf } from './calendar';
import { BookingHistory, type AntrianRow, type LogRow } from './rows';
import { ANTRIAN_TABLE, ANTRIAN_TABLES, KANTOR_TABLE, KUOTA_TABLE, LAYANAN, LAYANAN_TABLE, LIBUR_TABLE, LOG_TABLE, createAntrianIndexes, createAntrianSchema } from './schema';

/**
 * The queue and appointment application's storage: its own database (SQLite file or MariaDB
 * database), its configuration (offices, queues, quotas, holidays) and the bookings seeded from
 * the world. The application itself is the REST server in ./server.ts over this storage.
 */
const INSERT_CHUNK = 500;
const FLUSH_EVERY = 2_000;

async function insertChunks(db: Knex | Knex.Transaction, table: string, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db(table).insert(rows.slice(i, i + INSERT_CHUNK));
}

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const offices = officesOf(world.regencyCode);
  await db(KANTOR_TABLE).insert(offices);
  await db(LAYANAN_TABLE).insert(Object.entries(LAYANAN).map(([kd_layanan, nama_layanan]) => ({ kd_layanan, nama_layanan })));
  await db(KUOTA_TABLE).insert(offices.flatMap((o) => defaultQuotas(o).map((q) => ({ kd_kantor: o.kd_kantor, ...q, aktif: 'Y' }))));
  await db(LIBUR_TABLE).insert([...HARI_LIBUR]);

  const history = new BookingHistory(world);
  const bar = progress('antrian: residents', world.scale);
  let bookings: AntrianRow[] = [];
  const log: LogRow[] = [];
  let written = 0;
  let residents = 0;
  const flush = async () => {
    const batch = bookings;
    bookings = [];
    await db.transaction((trx) => insertChunks(trx, ANTRIAN_TABLE, batch));
    written += batch.length;
    bar.advance(residents);
  };
  for (const family of generateFamilies(world)) {
    for (const seeded of history.bookingsFor(family)) {
      bookings.push(seeded.booking);
      log.push(...seeded.log);
    }
    residents += family.members.length;
    if (bookings.length >= FLUSH_EVERY) await flush();
  }
  await flush();
  // The log is the application's change history: numbered in the order things happened.
  log.sort((a, b) => (a.waktu < b.waktu ? -1 : a.waktu > b.waktu ? 1 : a.id_antrian - b.id_antrian));
  log.forEach((row, i) => (row.id_log = i + 1));
  await db.transaction((trx) => insertChunks(trx, LOG_TABLE, log));
  bar.finish();
  return written + log.length;
}

export const antrianEmulator: SqlEmulator = {
  id: 'antrian',
  tables: ANTRIAN_TABLES,
  createSchema: createAntrianSchema,
  createIndexes: createAntrianIndexes,
  seed,
};
