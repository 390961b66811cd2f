import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { jobNumber, type CetakRow } from './rows';
import { CETAK_TABLE } from './schema';

/**
 * What the print queue application does to its table, for its API (./api.ts) and its officers'
 * screens (./back-office.ts) alike.
 */

/** The office runs on WIB and stamps local time without a zone. */
export const KTP_CETAK_TIME_ZONE = 'Asia/Jakarta';

export interface NewJob {
  nik: string;
  noPermohonan: string;
  alasan: string;
  lokasiAmbil: string;
}

export async function jobsByNik(db: Knex, niks: readonly string[]): Promise<CetakRow[]> {
  return (await db(CETAK_TABLE).whereIn('nik', [...niks]).orderBy([{ column: 'nik' }, { column: 'tgl_permohonan' }, { column: 'no_cetak' }])) as CetakRow[];
}

export async function jobsByReference(db: Knex, references: readonly string[]): Promise<CetakRow[]> {
  return (await db(CETAK_TABLE).whereIn('no_permohonan', [...references]).orderBy('no_cetak')) as CetakRow[];
}

export async function jobByNumber(db: Knex, noCetak: string): Promise<CetakRow | undefined> {
  return (await db(CETAK_TABLE).where({ no_cetak: noCetak }).first()) as CetakRow | undefined;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export class DuplicateReference extends Error {}

/**
 * Queues a print job with the next number of the day. The reference (no_permohonan) is unique:
 * a second request with it is refused, so a caller that tries again never gets two cards.
 */
export async function queueJob(db: Knex, job: NewJob, regency4: string, now = new Date()): Promise<CetakRow> {
  const stamp = localDateTimeIn(KTP_CETAK_TIME_ZONE, now);
  const day = stamp.slice(0, 10);
  const prefix = jobNumber(regency4, day, 0).slice(0, -5);
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await db.transaction(async (trx) => {
        if (await trx(CETAK_TABLE).where({ no_permohonan: job.noPermohonan }).first()) throw new DuplicateReference(job.noPermohonan);
        const last = (await trx(CETAK_TABLE).where('no_cetak', 'like', `${prefix}%`).max({ n: 'no_cetak' })) as Array<{ n: string | null }>;
        const serial = last[0]?.n ? Number(last[0].n.slice(-5)) + 1 : 1;
        const row: CetakRow = {
          no_cetak: jobNumber(regency4, day, serial),
          nik: job.nik,
          no_permohonan: job.noPermohonan,
          status_cetak: 'ANTRI',
          alasan: job.alasan,
          lokasi_ambil: job.lokasiAmbil,
          tgl_permohonan: stamp,
          tgl_cetak: null,
          tgl_ambil: null,
          keterangan: null,
          petugas: null,
          tgl_ubah: null,
        };
        await trx(CETAK_TABLE).insert(row);
        return row;
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
      // Another request took this number (or this reference) meanwhile: look again.
      if (await db(CETAK_TABLE).where({ no_permohonan: job.noPermohonan }).first()) throw new DuplicateReference(job.noPermohonan);
    }
  }
}

export interface ListFilter {
  status?: string;
  offset: number;
  limit: number;
}

export async function listJobs(db: Knex, filter: ListFilter): Promise<{ rows: CetakRow[]; total: number }> {
  const base = () => (filter.status ? db(CETAK_TABLE).where({ status_cetak: filter.status }) : db(CETAK_TABLE));
  const [count] = (await base().count({ n: '*' })) as Array<{ n: number | string }>;
  const rows = (await base().orderBy([{ column: 'tgl_permohonan', order: 'desc' }, { column: 'no_cetak', order: 'desc' }]).offset(filter.offset).limit(filter.limit)) as CetakRow[];
  return { rows, total: Number(count?.n ?? 0) };
}
