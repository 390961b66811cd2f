import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { ComplaintHistory, numberComplaints, type SeededComplaint } from './rows';
import { NOMOR_TABLE, PENGADUAN_TABLE, PENGADUAN_TABLES, TANGGAPAN_TABLE, createPengaduanIndexes, createPengaduanSchema } from './schema';

/**
 * The complaints desk's storage: its own database (SQLite file or MariaDB database), seeded from
 * the world. The application itself is the REST server in ./server.ts over this storage.
 * Complaints are few (about one family in twelve, once a year): they are gathered, put in the
 * order they came in, and written in chunks.
 */
const INSERT_CHUNK = 500;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const history = new ComplaintHistory(world);
  const bar = progress('pengaduan: residents', world.scale);
  const seeded: SeededComplaint[] = [];
  let residents = 0;
  for (const family of generateFamilies(world)) {
    seeded.push(...history.complaintsFor(family));
    residents += family.members.length;
    if (residents % 5_000 < family.members.length) bar.advance(residents);
  }
  const numbered = numberComplaints(seeded);
  await db.transaction(async (trx) => {
    for (let i = 0; i < numbered.complaints.length; i += INSERT_CHUNK) await trx(PENGADUAN_TABLE).insert(numbered.complaints.slice(i, i + INSERT_CHUNK));
    for (let i = 0; i < numbered.history.length; i += INSERT_CHUNK) await trx(TANGGAPAN_TABLE).insert(numbered.history.slice(i, i + INSERT_CHUNK));
    await trx(NOMOR_TABLE).insert([
      { nama: 'TIKET', nilai: numbered.lastTicket?.nilai ?? 0, periode: numbered.lastTicket?.periode ?? '000000' },
      { nama: 'RIWAYAT', nilai: numbered.history.length, periode: '0000' },
    ]);
  });
  bar.finish();
  return numbered.complaints.length + numbered.history.length;
}

export const pengaduanEmulator: SqlEmulator = {
  id: 'pengaduan',
  tables: PENGADUAN_TABLES,
  createSchema: createPengaduanSchema,
  createIndexes: createPengaduanIndexes,
  seed,
};
