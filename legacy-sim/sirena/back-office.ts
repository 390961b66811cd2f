import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import type { BatchRow, ItemRow, RiwayatRow } from './rows';
import { BATCH_TABLE, ITEM_TABLE, RIWAYAT_TABLE } from './schema';

/**
 * What the Dinas officers and the kelurahan operators do in Sirena's own screens, straight on its
 * tables: the gateway must see these changes on the next query and in its change feed. Each change
 * updates the item and writes its history row in one transaction, stamped in office time (WIB).
 */
const APP_TIME_ZONE = 'Asia/Jakarta';

/** The moves the screens offer from each status (T rejected and A collected are final). */
const NEXT: Record<string, readonly string[]> = { K: ['V', 'T'], V: ['P', 'T'], P: ['S', 'T'], S: ['A'] };

export async function showBatch(db: Knex, batchNumber: string): Promise<{ batch: BatchRow; items: ItemRow[] } | undefined> {
  const batch = (await db(BATCH_TABLE).where({ NO_BATCH: batchNumber }).first()) as BatchRow | undefined;
  if (!batch) return undefined;
  return { batch, items: (await db(ITEM_TABLE).where({ ID_BATCH: batch.ID_BATCH }).orderBy('NO_URUT')) as ItemRow[] };
}

export async function historyOf(db: Knex, itemId: number): Promise<RiwayatRow[]> {
  return (await db(RIWAYAT_TABLE).where({ ID_ITEM: itemId }).orderBy('ID_RIWAYAT')) as RiwayatRow[];
}

/** The Dinas queue: items waiting at a status, with their batch number, oldest batch first. */
export async function queue(db: Knex, status: string, limit = 50): Promise<Array<ItemRow & { NO_BATCH: string }>> {
  return (await db({ I: ITEM_TABLE }).join({ B: BATCH_TABLE }, 'B.ID_BATCH', 'I.ID_BATCH').where('I.STATUS', status)
    .select('I.*', 'B.NO_BATCH').orderBy([{ column: 'B.TGL_KIRIM' }, { column: 'I.ID_ITEM' }]).limit(limit)) as Array<ItemRow & { NO_BATCH: string }>;
}

/** Moves one item of a batch on (verify, reject with a reason, process, ready, collected). */
export async function setItemStatus(db: Knex, batchNumber: string, itemNumber: number, status: string, note: string | null, officer: string, now = new Date()): Promise<ItemRow> {
  const stamp = localDateTimeIn(APP_TIME_ZONE, now);
  return db.transaction(async (trx) => {
    const item = (await trx({ I: ITEM_TABLE }).join({ B: BATCH_TABLE }, 'B.ID_BATCH', 'I.ID_BATCH').where({ 'B.NO_BATCH': batchNumber, 'I.NO_URUT': itemNumber }).select('I.*').first()) as ItemRow | undefined;
    if (!item) throw new Error(`${ITEM_TABLE}: no item ${itemNumber} in batch ${batchNumber}`);
    if (!(NEXT[item.STATUS] ?? []).includes(status)) throw new Error(`${ITEM_TABLE}: item ${itemNumber} of ${batchNumber} cannot go from ${item.STATUS} to ${status}`);
    // Guarded by the status read: a colleague's change in between makes this one fail, not overwrite.
    const changed = await trx(ITEM_TABLE).where({ ID_ITEM: item.ID_ITEM, STATUS: item.STATUS })
      .update({ STATUS: status, TGL_STATUS: stamp, PETUGAS: officer, ALASAN_TOLAK: status === 'T' ? note : null });
    if (changed !== 1) throw new Error(`${ITEM_TABLE}: item ${itemNumber} of ${batchNumber} was changed meanwhile`);
    await trx(RIWAYAT_TABLE).insert({ ID_ITEM: item.ID_ITEM, STATUS: status, CATATAN: note, PETUGAS: officer, TGL: stamp });
    return (await trx(ITEM_TABLE).where({ ID_ITEM: item.ID_ITEM }).first()) as ItemRow;
  });
}
