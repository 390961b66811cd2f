import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { addDays, isWorkingDay, ticketNumber } from './calendar';
import type { AntrianRow, LogRow } from './rows';
import { ANTRIAN_TABLE, KUOTA_TABLE, LIBUR_TABLE, LOG_TABLE, STATUS_MEMAKAI_KUOTA, type StatusAntrian } from './schema';

/**
 * What the queue application does to its tables, for its API (./api.ts) and its officers'
 * screens (./back-office.ts) alike. Every status a booking takes is written to the log in the
 * same transaction as the booking itself: the log is how the app (and anyone polling it) knows
 * what happened when.
 */

/** The offices run on WIB and stamp local time without a zone. */
export const ANTRIAN_TIME_ZONE = 'Asia/Jakarta';

/** A booking with its log, oldest first. */
export interface Booking {
  row: AntrianRow;
  log: LogRow[];
}

/** A refusal the application answers with its own status code (see ./api.ts). */
export class BookingRefused extends Error {
  constructor(
    readonly status: string,
    readonly pesan: string,
  ) {
    super(pesan);
  }
}

export const KODE = {
  DATA_SUDAH_ADA: '51',
  KUOTA_PENUH: '62',
  DI_LUAR_JADWAL: '63',
  KANTOR_TUTUP: '64',
  LAYANAN_TIDAK_TERSEDIA: '65',
  SUDAH_ADA_ANTRIAN: '66',
  STATUS_TIDAK_SESUAI: '67',
} as const;

export interface Clock {
  now(): Date;
}

export function stampOf(now: Date): string {
  return localDateTimeIn(ANTRIAN_TIME_ZONE, now);
}

async function withLog(db: Knex, rows: AntrianRow[]): Promise<Booking[]> {
  if (rows.length === 0) return [];
  const log = (await db(LOG_TABLE).whereIn('id_antrian', rows.map((r) => r.id_antrian)).orderBy('id_log')) as LogRow[];
  const byBooking = new Map<number, LogRow[]>();
  for (const entry of log) {
    const list = byBooking.get(Number(entry.id_antrian));
    if (list) list.push(entry);
    else byBooking.set(Number(entry.id_antrian), [entry]);
  }
  return rows.map((row) => ({ row, log: byBooking.get(Number(row.id_antrian)) ?? [] }));
}

export async function bookingsById(db: Knex, ids: readonly number[]): Promise<Booking[]> {
  return withLog(db, (await db(ANTRIAN_TABLE).whereIn('id_antrian', [...ids]).orderBy('id_antrian')) as AntrianRow[]);
}

export async function bookingsByNik(db: Knex, niks: readonly string[]): Promise<Booking[]> {
  return withLog(db, (await db(ANTRIAN_TABLE).whereIn('nik', [...niks]).orderBy([{ column: 'tgl_daftar' }, { column: 'id_antrian' }])) as AntrianRow[]);
}

export async function bookingsByReference(db: Knex, references: readonly string[]): Promise<Booking[]> {
  return withLog(db, (await db(ANTRIAN_TABLE).whereIn('kd_referensi', [...references]).orderBy('id_antrian')) as AntrianRow[]);
}

async function holidaysBetween(db: Knex, from: string, to: string): Promise<Set<string>> {
  const rows = (await db(LIBUR_TABLE).whereBetween('tanggal', [from, to]).select('tanggal')) as Array<{ tanggal: string | Date }>;
  return new Set(rows.map((r) => isoDay(r.tanggal)));
}

/** DATE columns come back as 'YYYY-MM-DD' (SQLite) or a Date at local midnight (mysql2). */
export function isoDay(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
}

export interface NewBooking {
  kdReferensi: string;
  nik: string;
  nama: string | null;
  noHp: string | null;
  kdKantor: string;
  kdLayanan: string;
  /** ISO date. */
  tglKunjungan: string;
  sumber: string;
}

export interface BookingRules {
  /** How many days ahead the booking site opens (today included at 0). */
  windowDays: number;
}

/** Row locks where the database has them (MariaDB); SQLite lets one writer in at a time anyway. */
function locked(q: Knex.QueryBuilder, db: Knex | Knex.Transaction): Knex.QueryBuilder {
  return db.client.config.client === 'mysql2' ? q.forUpdate() : q;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Books a place with the next ticket of the day for that office and queue. Refused with the
 * app's own codes: outside the booking window (63), a closed day (64), a queue the office does
 * not open (65), a NIK that already holds an open booking in that queue (66), a full day (62),
 * a reference already used (51).
 */
export async function book(db: Knex, request: NewBooking, rules: BookingRules, now: Date): Promise<Booking> {
  const stamp = stampOf(now);
  const today = stamp.slice(0, 10);
  if (request.tglKunjungan < today || request.tglKunjungan > addDays(today, rules.windowDays)) throw new BookingRefused(KODE.DI_LUAR_JADWAL, 'TANGGAL DI LUAR JADWAL PEMESANAN');
  for (let attempt = 0; ; attempt += 1) {
    try {
      const id = await db.transaction(async (trx) => {
        if (await trx(ANTRIAN_TABLE).where({ kd_referensi: request.kdReferensi }).first()) throw new BookingRefused(KODE.DATA_SUDAH_ADA, 'KODE REFERENSI SUDAH TERDAFTAR');
        // Taking the queue's quota row first lines up concurrent bookings of one queue (MariaDB; SQLite has one writer anyway).
        const quota = (await locked(trx(KUOTA_TABLE).where({ kd_kantor: request.kdKantor, kd_layanan: request.kdLayanan }), trx).first()) as { kuota_harian: number; aktif: string } | undefined;
        if (!quota || quota.aktif !== 'Y' || quota.kuota_harian <= 0) throw new BookingRefused(KODE.LAYANAN_TIDAK_TERSEDIA, 'LAYANAN TIDAK TERSEDIA DI KANTOR INI');
        if (!isWorkingDay(request.tglKunjungan, await holidaysBetween(trx, request.tglKunjungan, request.tglKunjungan))) throw new BookingRefused(KODE.KANTOR_TUTUP, 'KANTOR TUTUP PADA TANGGAL TERSEBUT');
        const open = await trx(ANTRIAN_TABLE).where({ nik: request.nik, kd_layanan: request.kdLayanan, status: 'BOOKED' }).where('tgl_kunjungan', '>=', today).first();
        if (open) throw new BookingRefused(KODE.SUDAH_ADA_ANTRIAN, 'NIK SUDAH MEMILIKI ANTRIAN AKTIF UNTUK LAYANAN INI');
        const day = trx(ANTRIAN_TABLE).where({ kd_kantor: request.kdKantor, kd_layanan: request.kdLayanan, tgl_kunjungan: request.tglKunjungan });
        const [used] = (await day.clone().whereIn('status', [...STATUS_MEMAKAI_KUOTA]).count({ n: '*' })) as Array<{ n: number | string }>;
        if (Number(used?.n ?? 0) >= quota.kuota_harian) throw new BookingRefused(KODE.KUOTA_PENUH, 'KUOTA HARI INI SUDAH PENUH');
        const [last] = (await day.clone().max({ n: 'no_urut' })) as Array<{ n: number | string | null }>;
        const serial = Number(last?.n ?? 0) + 1;
        const [inserted] = await trx(ANTRIAN_TABLE).insert({
          kd_kantor: request.kdKantor,
          kd_layanan: request.kdLayanan,
          tgl_kunjungan: request.tglKunjungan,
          no_urut: serial,
          no_tiket: ticketNumber(request.kdLayanan, serial),
          nik: request.nik,
          nama: request.nama,
          no_hp: request.noHp,
          sumber: request.sumber,
          status: 'BOOKED',
          tgl_daftar: stamp,
          loket: null,
          petugas: null,
          kd_referensi: request.kdReferensi,
          tgl_ubah: null,
        });
        const newId = Number(inserted);
        await trx(LOG_TABLE).insert({ id_antrian: newId, status: 'BOOKED', waktu: stamp, petugas: null, keterangan: null });
        return newId;
      });
      return (await bookingsById(db, [id]))[0]!;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
      // Another booking took this ticket (or this reference) meanwhile: look again.
    }
  }
}

/**
 * Open days with free places for a queue, from `from` on (never before today), within the
 * booking window: at most `count` of them, with the places left. One count over the window.
 */
export async function freeDays(db: Knex, kdKantor: string, kdLayanan: string, from: string, count: number, rules: BookingRules, now: Date): Promise<Array<{ tanggal: string; kuota: number; sisa: number }> | undefined> {
  const today = stampOf(now).slice(0, 10);
  const start = from < today ? today : from;
  const end = addDays(today, rules.windowDays);
  const quota = (await db(KUOTA_TABLE).where({ kd_kantor: kdKantor, kd_layanan: kdLayanan }).first()) as { kuota_harian: number; aktif: string } | undefined;
  if (!quota || quota.aktif !== 'Y' || quota.kuota_harian <= 0) return undefined;
  if (start > end) return [];
  const holidays = await holidaysBetween(db, start, end);
  const used = (await db(ANTRIAN_TABLE)
    .where({ kd_kantor: kdKantor, kd_layanan: kdLayanan })
    .whereBetween('tgl_kunjungan', [start, end])
    .whereIn('status', [...STATUS_MEMAKAI_KUOTA])
    .groupBy('tgl_kunjungan')
    .select('tgl_kunjungan')
    .count({ n: '*' })) as Array<{ tgl_kunjungan: string | Date; n: number | string }>;
  const usedByDay = new Map(used.map((u) => [isoDay(u.tgl_kunjungan), Number(u.n)]));
  const days: Array<{ tanggal: string; kuota: number; sisa: number }> = [];
  for (let day = start; day <= end && days.length < count; day = addDays(day, 1)) {
    if (!isWorkingDay(day, holidays)) continue;
    const sisa = quota.kuota_harian - (usedByDay.get(day) ?? 0);
    if (sisa > 0) days.push({ tanggal: day, kuota: quota.kuota_harian, sisa });
  }
  return days;
}

export interface ListFilter {
  kdKantor?: string;
  status?: readonly string[];
  kdLayanan?: readonly string[];
  /** ISO dates, inclusive, on the booking's date of registration. */
  daftarDari?: string;
  daftarSampai?: string;
  /** ISO dates, inclusive, on the visit date. */
  kunjunganDari?: string;
  kunjunganSampai?: string;
}

function filtered(db: Knex, filter: ListFilter): Knex.QueryBuilder {
  const q = db(ANTRIAN_TABLE);
  if (filter.kdKantor) q.where('kd_kantor', filter.kdKantor);
  if (filter.status?.length) q.whereIn('status', [...filter.status]);
  if (filter.kdLayanan?.length) q.whereIn('kd_layanan', [...filter.kdLayanan]);
  if (filter.daftarDari) q.where('tgl_daftar', '>=', `${filter.daftarDari} 00:00:00`);
  if (filter.daftarSampai) q.where('tgl_daftar', '<=', `${filter.daftarSampai} 23:59:59`);
  if (filter.kunjunganDari) q.where('tgl_kunjungan', '>=', filter.kunjunganDari);
  if (filter.kunjunganSampai) q.where('tgl_kunjungan', '<=', filter.kunjunganSampai);
  return q;
}

/** Bookings in the order they were made (registration stamp, then id), a page at a time, with the total. */
export async function listBookings(db: Knex, filter: ListFilter, page: { offset: number; limit: number }): Promise<{ bookings: Booking[]; total: number }> {
  const [count] = (await filtered(db, filter).count({ n: '*' })) as Array<{ n: number | string }>;
  const rows = (await filtered(db, filter).orderBy([{ column: 'tgl_daftar' }, { column: 'id_antrian' }]).offset(page.offset).limit(page.limit)) as AntrianRow[];
  return { bookings: await withLog(db, rows), total: Number(count?.n ?? 0) };
}

/** How many bookings are in each status, under the same filter. */
export async function countByStatus(db: Knex, filter: ListFilter): Promise<Array<{ status: string; jumlah: number }>> {
  const rows = (await filtered(db, filter).groupBy('status').select('status').count({ n: '*' }).orderBy('status')) as Array<{ status: string; n: number | string }>;
  return rows.map((r) => ({ status: r.status, jumlah: Number(r.n) }));
}

export interface Change {
  log: LogRow;
  row: AntrianRow;
}

/** Log entries after `afterId`, in log order, each with its booking as it stands now. */
export async function changesAfter(db: Knex, afterId: number, limit: number): Promise<Change[]> {
  const log = (await db(LOG_TABLE).where('id_log', '>', afterId).orderBy('id_log').limit(limit)) as LogRow[];
  if (log.length === 0) return [];
  const rows = (await db(ANTRIAN_TABLE).whereIn('id_antrian', [...new Set(log.map((l) => l.id_antrian))])) as AntrianRow[];
  const byId = new Map(rows.map((r) => [Number(r.id_antrian), r]));
  return log.flatMap((entry) => {
    const row = byId.get(Number(entry.id_antrian));
    return row ? [{ log: entry, row }] : [];
  });
}

/** Which status may follow which, and who may do it. */
const NEXT: Record<StatusAntrian, readonly StatusAntrian[]> = {
  BOOKED: ['CHECK_IN', 'BATAL', 'NO_SHOW'],
  CHECK_IN: ['SELESAI'],
  SELESAI: [],
  NO_SHOW: [],
  BATAL: [],
};

export interface MoveOptions {
  petugas?: string | null;
  loket?: string | null;
  keterangan?: string | null;
  now: Date;
}

/**
 * Moves a booking on, writing its log. Check-in only on the visit day; NO_SHOW only once the
 * visit day has begun. Refused with 67 otherwise (and undefined when there is no such booking).
 */
export async function moveBooking(db: Knex, id: number, to: StatusAntrian, options: MoveOptions): Promise<Booking | undefined> {
  const stamp = stampOf(options.now);
  const today = stamp.slice(0, 10);
  const done = await db.transaction(async (trx) => {
    const row = (await locked(trx(ANTRIAN_TABLE).where({ id_antrian: id }), trx).first()) as AntrianRow | undefined;
    if (!row) return false;
    const from = row.status.trim().toUpperCase() as StatusAntrian;
    const visit = isoDay(row.tgl_kunjungan as string | Date);
    if (!(NEXT[from] ?? []).includes(to)) throw new BookingRefused(KODE.STATUS_TIDAK_SESUAI, `STATUS ${from} TIDAK DAPAT DIUBAH MENJADI ${to}`);
    if (to === 'CHECK_IN' && visit !== today) throw new BookingRefused(KODE.STATUS_TIDAK_SESUAI, 'CHECK IN HANYA PADA TANGGAL KUNJUNGAN');
    if (to === 'NO_SHOW' && visit > today) throw new BookingRefused(KODE.STATUS_TIDAK_SESUAI, 'TANGGAL KUNJUNGAN BELUM TIBA');
    const changes: Partial<AntrianRow> = { status: to, tgl_ubah: stamp };
    if (options.petugas !== undefined && options.petugas !== null) changes.petugas = options.petugas;
    if (options.loket) changes.loket = options.loket;
    await trx(ANTRIAN_TABLE).where({ id_antrian: id }).update(changes);
    await trx(LOG_TABLE).insert({ id_antrian: id, status: to, waktu: stamp, petugas: options.petugas ?? null, keterangan: options.keterangan ?? null });
    return true;
  });
  return done ? (await bookingsById(db, [id]))[0] : undefined;
}

/** The end-of-day job: every booking of `day` (today or before) still BOOKED becomes NO_SHOW. */
export async function closeDay(db: Knex, day: string, now: Date): Promise<number> {
  const ids = ((await db(ANTRIAN_TABLE).where({ tgl_kunjungan: day, status: 'BOOKED' }).select('id_antrian')) as Array<{ id_antrian: number }>).map((r) => Number(r.id_antrian));
  let closed = 0;
  for (const id of ids) {
    try {
      if (await moveBooking(db, id, 'NO_SHOW', { keterangan: 'TUTUP HARI', now })) closed += 1;
    } catch (error) {
      if (!(error instanceof BookingRefused)) throw error;
    }
  }
  return closed;
}
