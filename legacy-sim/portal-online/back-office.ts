import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { STATUS, type LogRow, type PermohonanRow } from './rows';
import { LOG_TABLE, PERMOHONAN_TABLE } from './schema';

/**
 * What an officer does in the portal's admin screens, straight on its tables: the gateway must see
 * these changes on the next query and in its change feed. Each change updates the application and
 * writes the status page's log row in one transaction, stamped in office time (WIB), as the portal does.
 */
const APP_TIME_ZONE = 'Asia/Jakarta';

/** The moves the admin screen offers from each status. */
const NEXT: Record<number, readonly number[]> = {
  [STATUS.DIAJUKAN]: [STATUS.VERIFIKASI, STATUS.DITOLAK],
  [STATUS.VERIFIKASI]: [STATUS.DITOLAK, STATUS.DIPROSES],
  [STATUS.DIPROSES]: [STATUS.SELESAI, STATUS.DITOLAK],
};

export async function showApplication(db: Knex, registrationNumber: string): Promise<{ application: PermohonanRow; log: LogRow[] } | undefined> {
  const application = (await db(PERMOHONAN_TABLE).where({ no_registrasi: registrationNumber }).first()) as PermohonanRow | undefined;
  if (!application) return undefined;
  return { application, log: (await db(LOG_TABLE).where({ id_permohonan: application.id_permohonan }).orderBy('id_log')) as LogRow[] };
}

/** The officers' queue: applications waiting at a status, oldest submission first. */
export async function queue(db: Knex, status: number, limit = 50): Promise<PermohonanRow[]> {
  return (await db(PERMOHONAN_TABLE).where({ status }).orderBy([{ column: 'tgl_pengajuan' }, { column: 'id_permohonan' }]).limit(limit)) as PermohonanRow[];
}

/** Moves an application on (verify, reject with a reason, process, finish), as the admin screen does. */
export async function setStatus(db: Knex, registrationNumber: string, status: number, note: string | null, officerNip: string, now = new Date()): Promise<PermohonanRow> {
  const stamp = localDateTimeIn(APP_TIME_ZONE, now);
  await db.transaction(async (trx) => {
    const row = (await trx(PERMOHONAN_TABLE).where({ no_registrasi: registrationNumber }).first()) as PermohonanRow | undefined;
    if (!row) throw new Error(`${PERMOHONAN_TABLE}: no application ${registrationNumber}`);
    if (!(NEXT[row.status] ?? []).includes(status)) throw new Error(`${PERMOHONAN_TABLE}: ${registrationNumber} cannot go from status ${row.status} to ${status}`);
    // Guarded by the status read: a colleague's change in between makes this one fail, not overwrite.
    const changed = await trx(PERMOHONAN_TABLE).where({ id_permohonan: row.id_permohonan, status: row.status }).update({ status, tgl_update: stamp });
    if (changed !== 1) throw new Error(`${PERMOHONAN_TABLE}: ${registrationNumber} was changed meanwhile`);
    await trx(LOG_TABLE).insert({ id_permohonan: row.id_permohonan, status_lama: row.status, status_baru: status, keterangan: note, petugas: officerNip, tgl_log: stamp });
  });
  return (await showApplication(db, registrationNumber))!.application;
}
