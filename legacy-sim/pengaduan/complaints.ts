import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { ALLOWED_MOVES, JENIS, NOMOR_TABLE, PENGADUAN_TABLE, STATUS, TANGGAPAN_TABLE } from './schema';
import { oneWriteAtATime } from '../base/write-queue';

/**
 * What the complaints desk does to its tables, for its API (./api.ts) and its officers' screens
 * (./back-office.ts) alike.
 *
 * Every write runs in one transaction that starts by bumping the RIWAYAT row of t_nomor: on
 * MariaDB that row lock queues writers (API and back office alike), so history ids are handed out and committed
 * in the same order and a reader of the "since" feed never sees id 12 before id 11 is there. In
 * this process writes are also queued, because SQLite cannot wait for a lock held by a
 * transaction of the same (single-threaded) process.
 */
export const PENGADUAN_TIME_ZONE = 'Asia/Jakarta';

export interface PengaduanRow {
  id_pengaduan: number;
  no_tiket: string;
  no_referensi: string | null;
  nik_pelapor: string | null;
  nama_pelapor: string;
  no_hp: string | null;
  saluran: string;
  kd_kategori: string;
  kd_unit: string | null;
  no_permohonan: string | null;
  judul: string | null;
  isi: string;
  kd_status: number;
  tgl_lapor: string;
  tgl_update: string;
  petugas_update: string | null;
}

export interface TanggapanRow {
  id_tanggapan: number;
  id_pengaduan: number;
  jenis: string;
  kd_status: number;
  isi: string | null;
  petugas: string | null;
  tgl: string;
  no_referensi: string | null;
}

/** A complaint with its history, oldest first. */
export interface Pengaduan {
  row: PengaduanRow;
  riwayat: TanggapanRow[];
}

export class DuplicateReference extends Error {}
export class UnknownTicket extends Error {}
export class MoveNotAllowed extends Error {}

/** Takes the desk's write lock (the t_nomor row) and returns the counter's new value. */
async function bump(trx: Knex.Transaction, nama: 'TIKET' | 'RIWAYAT', periode: string): Promise<number> {
  await trx(NOMOR_TABLE).where({ nama }).update({
    nilai: trx.raw('CASE WHEN periode = ? THEN nilai + 1 ELSE 1 END', [periode]),
    periode,
  });
  const row = (await trx(NOMOR_TABLE).where({ nama }).select('nilai')) as Array<{ nilai: number | string }>;
  return Number(row[0]?.nilai ?? 1);
}

async function withHistory(db: Knex, rows: PengaduanRow[]): Promise<Pengaduan[]> {
  if (rows.length === 0) return [];
  const history = (await db(TANGGAPAN_TABLE).whereIn('id_pengaduan', rows.map((r) => r.id_pengaduan)).orderBy('id_tanggapan')) as TanggapanRow[];
  const byComplaint = new Map<number, TanggapanRow[]>();
  for (const h of history) {
    const list = byComplaint.get(h.id_pengaduan);
    if (list) list.push(h);
    else byComplaint.set(h.id_pengaduan, [h]);
  }
  return rows.map((row) => ({ row, riwayat: byComplaint.get(row.id_pengaduan) ?? [] }));
}

export type LookupKey = 'no_tiket' | 'nik_pelapor' | 'no_referensi' | 'no_permohonan';

/** Complaints whose column matches any of the values, oldest first, with their history. */
export async function complaintsBy(db: Knex, column: LookupKey, values: readonly string[]): Promise<Pengaduan[]> {
  const q = db(PENGADUAN_TABLE);
  // Residents type application numbers any which way: the desk's search ignores blanks and case.
  if (column === 'no_permohonan') q.whereRaw(`UPPER(REPLACE(no_permohonan, ' ', '')) IN (${values.map(() => '?').join(', ')})`, values.map((v) => v.replace(/\s+/g, '').toUpperCase()));
  else q.whereIn(column, [...values]);
  const rows = (await q.orderBy([{ column: 'tgl_lapor' }, { column: 'id_pengaduan' }])) as PengaduanRow[];
  return withHistory(db, rows);
}

export interface NewComplaint {
  noReferensi: string | null;
  nikPelapor: string | null;
  namaPelapor: string;
  noHp: string | null;
  saluran: string;
  kdKategori: string;
  kdUnit: string | null;
  noPermohonan: string | null;
  judul: string | null;
  isi: string;
}

/** Ticket numbers as the desk prints them: ADU-<YYYYMM>-<serial of the month, 5 digits>. */
export function ticketNumber(stamp: string, serial: number): string {
  return `ADU-${stamp.slice(0, 4)}${stamp.slice(5, 7)}-${String(serial).padStart(5, '0')}`;
}

/** Records a complaint (status BARU) with its first history row. A known reference is refused. */
export async function recordComplaint(db: Knex, complaint: NewComplaint, now = new Date()): Promise<Pengaduan> {
  const stamp = localDateTimeIn(PENGADUAN_TIME_ZONE, now);
  return oneWriteAtATime(db, () =>
    db.transaction(async (trx) => {
      await bump(trx, 'RIWAYAT', stamp.slice(0, 4));
      const serial = await bump(trx, 'TIKET', `${stamp.slice(0, 4)}${stamp.slice(5, 7)}`);
      if (complaint.noReferensi && (await trx(PENGADUAN_TABLE).where({ no_referensi: complaint.noReferensi }).select('id_pengaduan')).length > 0) {
        throw new DuplicateReference(complaint.noReferensi);
      }
      const row: Omit<PengaduanRow, 'id_pengaduan'> = {
        no_tiket: ticketNumber(stamp, serial),
        no_referensi: complaint.noReferensi,
        nik_pelapor: complaint.nikPelapor,
        nama_pelapor: complaint.namaPelapor,
        no_hp: complaint.noHp,
        saluran: complaint.saluran,
        kd_kategori: complaint.kdKategori,
        kd_unit: complaint.kdUnit,
        no_permohonan: complaint.noPermohonan,
        judul: complaint.judul,
        isi: complaint.isi,
        kd_status: STATUS.BARU,
        tgl_lapor: stamp,
        tgl_update: stamp,
        petugas_update: null,
      };
      await trx(PENGADUAN_TABLE).insert(row);
      const [saved] = (await trx(PENGADUAN_TABLE).where({ no_tiket: row.no_tiket })) as PengaduanRow[];
      await trx(TANGGAPAN_TABLE).insert({ id_pengaduan: saved!.id_pengaduan, jenis: JENIS.LAPORAN, kd_status: STATUS.BARU, isi: null, petugas: null, tgl: stamp, no_referensi: null });
      return (await withHistory(trx, [saved!]))[0]!;
    }),
  );
}

export interface Response {
  noTiket: string;
  /** The caller's reference for this answer (API), null from the back office. */
  noReferensi: string | null;
  petugas: string;
  /** An answer to the resident; null for a status change alone. */
  isi: string | null;
  /** The new status; with an answer and none given, DIJAWAB. */
  kdStatus: number | null;
}

/**
 * An officer's answer and/or status change, as one history row. Refused: an unknown ticket, a
 * reference already used, a move ALLOWED_MOVES does not list.
 */
export async function respond(db: Knex, response: Response, now = new Date()): Promise<Pengaduan> {
  const stamp = localDateTimeIn(PENGADUAN_TIME_ZONE, now);
  return oneWriteAtATime(db, () =>
    db.transaction(async (trx) => {
      await bump(trx, 'RIWAYAT', stamp.slice(0, 4));
      const [row] = (await trx(PENGADUAN_TABLE).where({ no_tiket: response.noTiket })) as PengaduanRow[];
      if (!row) throw new UnknownTicket(response.noTiket);
      if (response.noReferensi && (await trx(TANGGAPAN_TABLE).where({ no_referensi: response.noReferensi }).select('id_tanggapan')).length > 0) {
        throw new DuplicateReference(response.noReferensi);
      }
      const current = Number(row.kd_status);
      const next = response.kdStatus ?? (response.isi && (current === STATUS.BARU || current === STATUS.DIPROSES) ? STATUS.DIJAWAB : current);
      if (next !== current && !(ALLOWED_MOVES[current] ?? []).includes(next)) throw new MoveNotAllowed(`${current} -> ${next}`);
      if (next === current && !response.isi) throw new MoveNotAllowed(`${current} -> ${next}`);
      await trx(TANGGAPAN_TABLE).insert({
        id_pengaduan: row.id_pengaduan,
        // An answer to the resident, or a status change (a rejection's reason rides on it as a note).
        jenis: response.isi && (next === STATUS.DIJAWAB || next === current) ? JENIS.JAWABAN : JENIS.STATUS,
        kd_status: next,
        isi: response.isi,
        petugas: response.petugas,
        tgl: stamp,
        no_referensi: response.noReferensi,
      });
      await trx(PENGADUAN_TABLE).where({ id_pengaduan: row.id_pengaduan }).update({ kd_status: next, tgl_update: stamp, petugas_update: response.petugas });
      const [saved] = (await trx(PENGADUAN_TABLE).where({ id_pengaduan: row.id_pengaduan })) as PengaduanRow[];
      return (await withHistory(trx, [saved!]))[0]!;
    }),
  );
}

export interface ListFilter {
  statuses?: readonly number[];
  kategori?: string;
  unit?: string;
  /** ISO dates, inclusive, on tgl_lapor. */
  from?: string;
  to?: string;
}

function filtered(db: Knex, filter: ListFilter): Knex.QueryBuilder {
  const q = db(PENGADUAN_TABLE);
  if (filter.statuses && filter.statuses.length > 0) q.whereIn('kd_status', [...filter.statuses]);
  if (filter.kategori) q.where('kd_kategori', filter.kategori);
  if (filter.unit) q.where('kd_unit', filter.unit);
  if (filter.from) q.where('tgl_lapor', '>=', `${filter.from} 00:00:00`);
  if (filter.to) q.where('tgl_lapor', '<=', `${filter.to} 23:59:59`);
  return q;
}

/** The desk's worklist: newest first (id breaks ties), with the total; no history. */
export async function listComplaints(db: Knex, filter: ListFilter, page: { offset: number; limit: number }): Promise<{ rows: PengaduanRow[]; total: number }> {
  const [count] = (await filtered(db, filter).count({ n: '*' })) as Array<{ n: number | string }>;
  const rows = (await filtered(db, filter).orderBy([{ column: 'tgl_lapor', order: 'desc' }, { column: 'id_pengaduan', order: 'desc' }]).offset(page.offset).limit(page.limit)) as PengaduanRow[];
  return { rows, total: Number(count?.n ?? 0) };
}

/** How many complaints in each status (the statuses filter is ignored). */
export async function countByStatus(db: Knex, filter: ListFilter): Promise<Array<{ kd_status: number; n: number }>> {
  const rows = (await filtered(db, { ...filter, statuses: undefined }).select('kd_status').count({ n: '*' }).groupBy('kd_status').orderBy('kd_status')) as Array<{ kd_status: number | string; n: number | string }>;
  return rows.map((r) => ({ kd_status: Number(r.kd_status), n: Number(r.n) }));
}

/** History rows after `sinceId`, oldest first, with their complaint's ticket number. */
export async function historySince(db: Knex, sinceId: number, limit: number): Promise<Array<TanggapanRow & { no_tiket: string }>> {
  return (await db(`${TANGGAPAN_TABLE} as t`)
    .join(`${PENGADUAN_TABLE} as p`, 'p.id_pengaduan', 't.id_pengaduan')
    .where('t.id_tanggapan', '>', sinceId)
    .orderBy('t.id_tanggapan')
    .limit(limit)
    .select('t.*', 'p.no_tiket')) as Array<TanggapanRow & { no_tiket: string }>;
}

export async function lastHistoryId(db: Knex): Promise<number> {
  const [row] = (await db(TANGGAPAN_TABLE).max({ id: 'id_tanggapan' })) as Array<{ id: number | string | null }>;
  return Number(row?.id ?? 0);
}
