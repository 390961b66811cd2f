import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { KTP_CETAK_TIME_ZONE, jobByNumber, jobsByNik } from './jobs';
import type { CetakRow } from './rows';
import { CETAK_TABLE, STATUS_CETAK, type StatusCetak } from './schema';

/**
 * What the print room and the pick-up counter do in the application's own screens, done on its
 * table: the API (and so the gateway) must show these changes on the next call. The application
 * stamps the dates and the officer's NIP itself, so we do too.
 *
 *   ANTRI ──► CETAK ──► SIAP_AMBIL ──► DIAMBIL
 *     │         │
 *     └──► GAGAL ◄┘   (GAGAL ──► ANTRI: queued again)
 */
const NEXT: Record<StatusCetak, readonly StatusCetak[]> = {
  ANTRI: ['CETAK', 'GAGAL'],
  CETAK: ['SIAP_AMBIL', 'GAGAL'],
  SIAP_AMBIL: ['DIAMBIL'],
  DIAMBIL: [],
  GAGAL: ['ANTRI'],
};

/** Statuses as stored, including the first version's spellings ('Diambil', 'SIAP AMBIL'). */
export function currentStatus(stored: string): StatusCetak | undefined {
  const normal = stored.trim().toUpperCase().replace(/\s+/g, '_');
  return (STATUS_CETAK as readonly string[]).includes(normal) ? (normal as StatusCetak) : undefined;
}

export interface MoveOptions {
  /** Why it failed (GAGAL), e.g. 'BLANKO HABIS'. */
  keterangan?: string;
  /** The officer's NIP. */
  petugas?: string;
  now?: Date;
}

export async function moveJob(db: Knex, noCetak: string, to: StatusCetak, options: MoveOptions = {}): Promise<CetakRow> {
  const job = await jobByNumber(db, noCetak);
  if (!job) throw new Error(`${CETAK_TABLE}: no job ${noCetak}`);
  const from = currentStatus(job.status_cetak);
  if (!from || !NEXT[from].includes(to)) throw new Error(`${noCetak}: cannot go from ${job.status_cetak} to ${to}; allowed: ${from ? NEXT[from].join(', ') || 'none' : 'none'}`);
  if (to === 'GAGAL' && !options.keterangan) throw new Error('GAGAL needs a keterangan (why it failed)');
  const stamp = localDateTimeIn(KTP_CETAK_TIME_ZONE, options.now);
  const changes: Partial<CetakRow> = { status_cetak: to, tgl_ubah: stamp, petugas: options.petugas ?? job.petugas };
  if (to === 'SIAP_AMBIL') changes.tgl_cetak = stamp.slice(0, 10);
  if (to === 'DIAMBIL') changes.tgl_ambil = stamp.slice(0, 10);
  if (to === 'GAGAL') changes.keterangan = options.keterangan!.toUpperCase();
  if (to === 'ANTRI') Object.assign(changes, { keterangan: null, tgl_cetak: null });
  await db(CETAK_TABLE).where({ no_cetak: noCetak }).update(changes);
  return (await jobByNumber(db, noCetak))!;
}

export async function showJob(db: Knex, noCetak: string): Promise<CetakRow | undefined> {
  return jobByNumber(db, noCetak);
}

export async function jobsOfResident(db: Knex, nik: string): Promise<CetakRow[]> {
  return jobsByNik(db, [nik]);
}

/** The newest jobs in a status, as the print room's queue screen lists them. */
export async function queue(db: Knex, status: StatusCetak, limit: number): Promise<CetakRow[]> {
  return (await db(CETAK_TABLE).where({ status_cetak: status }).orderBy('tgl_permohonan', 'desc').limit(limit)) as CetakRow[];
}
