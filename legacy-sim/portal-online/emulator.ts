import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { LAYANAN, PortalHistory } from './rows';
import { LAMPIRAN_TABLE, LAYANAN_TABLE, LOG_TABLE, PERMOHONAN_TABLE, PORTAL_ONLINE_TABLES, createPortalOnlineIndexes, createPortalOnlineSchema } from './schema';

/** The online application portal: its own database, seeded from the world. Adapters read and write its tables. */
const INSERT_CHUNK = 200;

async function insertAll(db: Knex, table: string, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db(table).insert(rows.slice(i, i + INSERT_CHUNK));
}

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const history = new PortalHistory(world);
  const bar = progress('portal-online: residents', world.scale);
  let residents = 0;
  for (const family of generateFamilies(world)) {
    history.addFamily(family);
    residents += family.members.length;
    if (residents % 10_000 < family.members.length) bar.advance(residents);
  }
  const log = history.finish();
  await insertAll(db, LAYANAN_TABLE, LAYANAN);
  await insertAll(db, PERMOHONAN_TABLE, history.applications);
  await insertAll(db, LAMPIRAN_TABLE, history.attachments);
  await insertAll(db, LOG_TABLE, log);
  bar.finish();
  return history.applications.length + history.attachments.length + log.length;
}

export const portalOnlineEmulator: SqlEmulator = {
  id: 'portal-online',
  tables: PORTAL_ONLINE_TABLES,
  createSchema: createPortalOnlineSchema,
  createIndexes: createPortalOnlineIndexes,
  seed,
};
