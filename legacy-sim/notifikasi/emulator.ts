import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { DEFAULT_RATE } from './messages';
import { MessageHistory, numberMessages, type SeededMessage } from './rows';
import { LAPORAN_TABLE, NOTIFIKASI_TABLES, PENGATURAN, PENGATURAN_TABLE, PESAN_TABLE, createNotifikasiIndexes, createNotifikasiSchema } from './schema';

/**
 * The SMS/WhatsApp gateway's storage: its own database (SQLite file or MariaDB database), its
 * settings and two months of messages seeded from the world. The application itself is the REST
 * server in ./server.ts over this storage.
 */
const INSERT_CHUNK = 500;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const history = new MessageHistory(world);
  const bar = progress('notifikasi: families', world.scale);
  const seeded: SeededMessage[] = [];
  let residents = 0;
  for (const family of generateFamilies(world)) {
    seeded.push(...history.messagesFor(family));
    residents += family.members.length;
    if (residents % 5_000 < family.members.length) bar.advance(residents);
  }
  const { messages, reports } = numberMessages(seeded);
  await db.transaction(async (trx) => {
    for (let i = 0; i < messages.length; i += INSERT_CHUNK) await trx(PESAN_TABLE).insert(messages.slice(i, i + INSERT_CHUNK));
    for (let i = 0; i < reports.length; i += INSERT_CHUNK) await trx(LAPORAN_TABLE).insert(reports.slice(i, i + INSERT_CHUNK));
    await trx(PENGATURAN_TABLE).insert([
      { nama: PENGATURAN.RATE, nilai: String(DEFAULT_RATE) },
      { nama: PENGATURAN.KUNCI, nilai: '0' },
    ]);
  });
  bar.finish();
  return messages.length + reports.length;
}

export const notifikasiEmulator: SqlEmulator = {
  id: 'notifikasi',
  tables: NOTIFIKASI_TABLES,
  createSchema: createNotifikasiSchema,
  createIndexes: createNotifikasiIndexes,
  seed,
};
