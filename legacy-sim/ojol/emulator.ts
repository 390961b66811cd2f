import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { DEFAULT_QUIRKS } from './callbacks';
import { numberOrders, OrderHistory, type SeededOrder } from './rows';
import { KUNCI_TABLE, OJOL_TABLES, ORDER_TABLE, RIWAYAT_TABLE, SETELAN_TABLE, TARIF_TABLE, createOjolIndexes, createOjolSchema } from './schema';

/**
 * The ojek-online partner's storage: its own database (SQLite file or MariaDB database), seeded
 * from the world. The application itself is the REST server in ./server.ts over this storage,
 * with its webhook worker. Orders are few (one family in thirty over three months): gathered, put
 * in the order they were placed, and written in chunks. Their callbacks were all sent long ago, so
 * tb_callback starts empty.
 */
const INSERT_CHUNK = 500;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const history = new OrderHistory(world);
  const bar = progress('ojol: residents', world.scale);
  const seeded: SeededOrder[] = [];
  let residents = 0;
  for (const family of generateFamilies(world)) {
    seeded.push(...history.ordersFor(family));
    residents += family.members.length;
    if (residents % 5_000 < family.members.length) bar.advance(residents);
  }
  const numbered = numberOrders(seeded);
  await db.transaction(async (trx) => {
    for (let i = 0; i < numbered.tarif.length; i += INSERT_CHUNK) await trx(TARIF_TABLE).insert(numbered.tarif.slice(i, i + INSERT_CHUNK));
    for (let i = 0; i < numbered.orders.length; i += INSERT_CHUNK) await trx(ORDER_TABLE).insert(numbered.orders.slice(i, i + INSERT_CHUNK));
    for (let i = 0; i < numbered.riwayat.length; i += INSERT_CHUNK) await trx(RIWAYAT_TABLE).insert(numbered.riwayat.slice(i, i + INSERT_CHUNK));
    await trx(KUNCI_TABLE).insert({ nama: 'ORDER', nilai: 0 });
    await trx(SETELAN_TABLE).insert({
      id: 1,
      peluang_ganda: Math.round(DEFAULT_QUIRKS.duplicateChance * 1000),
      peluang_tunda: Math.round(DEFAULT_QUIRKS.delayChance * 1000),
      tunda_ms: DEFAULT_QUIRKS.delayMs,
      maks_percobaan: DEFAULT_QUIRKS.maxAttempts,
      jeda_ulang_ms: DEFAULT_QUIRKS.retryMs,
      benih: DEFAULT_QUIRKS.seed,
    });
  });
  bar.finish();
  return numbered.tarif.length + numbered.orders.length + numbered.riwayat.length;
}

export const ojolEmulator: SqlEmulator = {
  id: 'ojol',
  tables: OJOL_TABLES,
  createSchema: createOjolSchema,
  createIndexes: createOjolIndexes,
  seed,
};
