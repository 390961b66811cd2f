import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { plusSeconds, type CetakRow, type LogRow, type PinRow } from './rows';
import { CETAK_TABLE, KIOSK_TABLE, LOG_TABLE, MALL_TABLE, PIN_TABLE, type Peristiwa } from './schema';

/**
 * What the kiosk application does to its tables, for its API (./api.ts), its kiosks and its
 * officers' screens (./back-office.ts) alike. Time is the application's clock (`now`), so tests
 * can let two minutes of printing pass at once. Every step is written to the log in the same
 * transaction as the change itself.
 */

/** The malls run on WIB and stamp local time without a zone. */
export const ADM_KIOSK_TIME_ZONE = 'Asia/Jakarta';

export const KODE = {
  DATA_SUDAH_ADA: '51',
  PIN_SALAH: '71',
  PIN_KEDALUWARSA: '72',
  PIN_SUDAH_DIGUNAKAN: '73',
  KIOSK_TIDAK_AKTIF: '74',
  STATUS_TIDAK_SESUAI: '76',
} as const;

export class KioskRefused extends Error {
  constructor(
    readonly status: string,
    readonly pesan: string,
  ) {
    super(pesan);
  }
}

export interface KioskRules {
  /** How long a PIN can be used (15 minutes). */
  pinMinutes: number;
  /** How long a print takes (about two minutes; tests shorten it). */
  printSeconds: number;
}

/** A PIN with its print job (once entered at a kiosk), its mall, and its log, oldest first. */
export interface PinRecord {
  row: PinRow;
  cetak: CetakRow | null;
  kodeMall: string | null;
  /** The back-office report's single word: MENUNGGU, PROSES, SELESAI, GAGAL, KEDALUWARSA, BATAL. */
  status: string;
  log: LogRow[];
}

export function stampOf(now: Date): string {
  return localDateTimeIn(ADM_KIOSK_TIME_ZONE, now);
}

/** The report's status, as the vendor computes it in SQL (see STATUS_SQL). */
function reportStatus(row: PinRow, cetak: CetakRow | null): string {
  if (row.status_pin === 'TERPAKAI') return cetak?.status_cetak ?? 'PROSES';
  if (row.status_pin === 'AKTIF') return 'MENUNGGU';
  return row.status_pin;
}

/** The same, in SQL over t_pin p LEFT JOIN t_cetak c: how the report filters and counts. */
const STATUS_SQL = `CASE WHEN p.status_pin = 'TERPAKAI' THEN COALESCE(c.status_cetak, 'PROSES') WHEN p.status_pin = 'AKTIF' THEN 'MENUNGGU' ELSE p.status_pin END`;
export const REPORT_STATUSES = ['MENUNGGU', 'PROSES', 'SELESAI', 'GAGAL', 'KEDALUWARSA', 'BATAL'] as const;

async function complete(db: Knex, rows: PinRow[]): Promise<PinRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id_pin));
  const prints = (await db(CETAK_TABLE).whereIn('id_pin', ids)) as CetakRow[];
  const log = (await db(LOG_TABLE).whereIn('id_pin', ids).orderBy('id_log')) as LogRow[];
  const kiosks = (await db(KIOSK_TABLE).select('id_kiosk', 'kode_mall')) as Array<{ id_kiosk: string; kode_mall: string }>;
  const mallOf = new Map(kiosks.map((k) => [k.id_kiosk, k.kode_mall]));
  const printOf = new Map(prints.map((c) => [Number(c.id_pin), c]));
  const logOf = new Map<number, LogRow[]>();
  for (const entry of log) {
    const list = logOf.get(Number(entry.id_pin));
    if (list) list.push(entry);
    else logOf.set(Number(entry.id_pin), [entry]);
  }
  return rows.map((row) => {
    const cetak = printOf.get(Number(row.id_pin)) ?? null;
    return { row, cetak, kodeMall: row.id_kiosk ? mallOf.get(row.id_kiosk) ?? null : null, status: reportStatus(row, cetak), log: logOf.get(Number(row.id_pin)) ?? [] };
  });
}

export async function pinsById(db: Knex, ids: readonly number[]): Promise<PinRecord[]> {
  return complete(db, (await db(PIN_TABLE).whereIn('id_pin', [...ids]).orderBy('id_pin')) as PinRow[]);
}

export async function pinsByNik(db: Knex, niks: readonly string[]): Promise<PinRecord[]> {
  return complete(db, (await db(PIN_TABLE).whereIn('nik', [...niks]).orderBy([{ column: 'dibuat' }, { column: 'id_pin' }])) as PinRow[]);
}

export async function pinsByReference(db: Knex, references: readonly string[]): Promise<PinRecord[]> {
  return complete(db, (await db(PIN_TABLE).whereIn('kd_referensi', [...references]).orderBy('id_pin')) as PinRow[]);
}

/** The newest PIN issued with these digits (digits come round again once a PIN is spent). */
export async function latestWithPin(db: Knex, pin: string): Promise<PinRecord | undefined> {
  return (await complete(db, (await db(PIN_TABLE).where({ pin }).orderBy('id_pin', 'desc').limit(1)) as PinRow[]))[0];
}

async function log(trx: Knex.Transaction, idPin: number, peristiwa: Peristiwa, waktu: string, extra: { idKiosk?: string | null; petugas?: string | null; keterangan?: string | null } = {}): Promise<void> {
  await trx(LOG_TABLE).insert({ id_pin: idPin, peristiwa, waktu, id_kiosk: extra.idKiosk ?? null, petugas: extra.petugas ?? null, keterangan: extra.keterangan ?? null });
}

/**
 * The application's background work, run before it answers anything: prints whose time is up
 * are reported done by their kiosk, PINs past their 15 minutes expire. Each row changes once,
 * whoever runs this at the same time (the update is conditional on the old status).
 */
export async function sweep(db: Knex, now: Date): Promise<void> {
  const stamp = stampOf(now);
  const due = (await db(CETAK_TABLE).where({ status_cetak: 'PROSES' }).where('estimasi_selesai', '<=', stamp)) as CetakRow[];
  for (const job of due) {
    await db.transaction(async (trx) => {
      const changed = await trx(CETAK_TABLE).where({ id_cetak: job.id_cetak, status_cetak: 'PROSES' }).update({ status_cetak: 'SELESAI', selesai: job.estimasi_selesai });
      if (changed === 1) await log(trx, Number(job.id_pin), 'CETAK_SELESAI', String(job.estimasi_selesai), { idKiosk: job.id_kiosk });
    });
  }
  const expired = (await db(PIN_TABLE).where({ status_pin: 'AKTIF' }).where('berlaku_sampai', '<', stamp)) as PinRow[];
  for (const pin of expired) {
    await db.transaction(async (trx) => {
      const changed = await trx(PIN_TABLE).where({ id_pin: pin.id_pin, status_pin: 'AKTIF' }).update({ status_pin: 'KEDALUWARSA' });
      if (changed === 1) await log(trx, Number(pin.id_pin), 'PIN_KEDALUWARSA', String(pin.berlaku_sampai));
    });
  }
}

export interface NewPin {
  kdReferensi: string;
  nik: string;
  jenisDokumen: string;
  noDokumen: string;
  kanal: string;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Issues a one-time PIN for one document, valid `pinMinutes`; a reference already used is refused (51). */
export async function issuePin(db: Knex, request: NewPin, rules: KioskRules, now: Date): Promise<PinRecord> {
  const stamp = stampOf(now);
  try {
    const id = await db.transaction(async (trx) => {
      if (await trx(PIN_TABLE).where({ kd_referensi: request.kdReferensi }).first()) throw new KioskRefused(KODE.DATA_SUDAH_ADA, 'KODE REFERENSI SUDAH TERDAFTAR');
      // Six digits no PIN in use has: entered at a kiosk, a PIN must point at one request only.
      let pin = '';
      for (let tries = 0; tries < 20; tries += 1) {
        pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
        if (!(await trx(PIN_TABLE).where({ pin, status_pin: 'AKTIF' }).first())) break;
      }
      const [inserted] = await trx(PIN_TABLE).insert({
        pin, nik: request.nik, jenis_dokumen: request.jenisDokumen, no_dokumen: request.noDokumen, kanal: request.kanal,
        dibuat: stamp, berlaku_sampai: plusSeconds(stamp, rules.pinMinutes * 60), status_pin: 'AKTIF', dipakai: null, id_kiosk: null, kd_referensi: request.kdReferensi,
      });
      await log(trx, Number(inserted), 'PIN_TERBIT', stamp);
      return Number(inserted);
    });
    return (await pinsById(db, [id]))[0]!;
  } catch (error) {
    if (isUniqueViolation(error)) throw new KioskRefused(KODE.DATA_SUDAH_ADA, 'KODE REFERENSI SUDAH TERDAFTAR');
    throw error;
  }
}

/**
 * A resident enters a PIN at a kiosk: the kiosk starts printing. Refused with the app's own codes:
 * no such PIN (or a withdrawn one) 71, expired 72, already used 73, kiosk out of order 74.
 */
export async function redeemPin(db: Knex, idKiosk: string, pin: string, rules: KioskRules, now: Date): Promise<PinRecord | undefined> {
  const stamp = stampOf(now);
  const id = await db.transaction(async (trx) => {
    const kiosk = (await trx(KIOSK_TABLE).where({ id_kiosk: idKiosk }).first()) as { status_kiosk: string } | undefined;
    if (!kiosk) return undefined;
    if (kiosk.status_kiosk !== 'AKTIF') throw new KioskRefused(KODE.KIOSK_TIDAK_AKTIF, 'KIOSK SEDANG TIDAK AKTIF');
    const row = ((await trx(PIN_TABLE).where({ pin, status_pin: 'AKTIF' }).first()) ?? (await trx(PIN_TABLE).where({ pin }).orderBy('id_pin', 'desc').first())) as PinRow | undefined;
    if (!row || row.status_pin === 'BATAL') throw new KioskRefused(KODE.PIN_SALAH, 'PIN TIDAK DIKENAL');
    if (row.status_pin === 'TERPAKAI') throw new KioskRefused(KODE.PIN_SUDAH_DIGUNAKAN, 'PIN SUDAH DIGUNAKAN');
    if (row.status_pin === 'KEDALUWARSA' || String(row.berlaku_sampai) < stamp) throw new KioskRefused(KODE.PIN_KEDALUWARSA, 'PIN SUDAH KEDALUWARSA');
    // Conditional on the PIN still being unused: two kiosks entering it at once print it once.
    const taken = await trx(PIN_TABLE).where({ id_pin: row.id_pin, status_pin: 'AKTIF' }).update({ status_pin: 'TERPAKAI', dipakai: stamp, id_kiosk: idKiosk });
    if (taken !== 1) throw new KioskRefused(KODE.PIN_SUDAH_DIGUNAKAN, 'PIN SUDAH DIGUNAKAN');
    await trx(CETAK_TABLE).insert({ id_pin: row.id_pin, id_kiosk: idKiosk, mulai: stamp, estimasi_selesai: plusSeconds(stamp, rules.printSeconds), selesai: null, status_cetak: 'PROSES', keterangan: null });
    await log(trx, Number(row.id_pin), 'CETAK_MULAI', stamp, { idKiosk });
    return Number(row.id_pin);
  });
  return id === undefined ? undefined : (await pinsById(db, [id]))[0];
}

/** Withdraws an unused PIN (the resident, or an officer); 76 when it is not AKTIF any more. */
export async function cancelPin(db: Knex, idPin: number, now: Date, options: { petugas?: string | null; keterangan?: string } = {}): Promise<PinRecord | undefined> {
  const stamp = stampOf(now);
  const found = await db.transaction(async (trx) => {
    const row = (await trx(PIN_TABLE).where({ id_pin: idPin }).first()) as PinRow | undefined;
    if (!row) return false;
    const changed = await trx(PIN_TABLE).where({ id_pin: idPin, status_pin: 'AKTIF' }).update({ status_pin: 'BATAL' });
    if (changed !== 1) throw new KioskRefused(KODE.STATUS_TIDAK_SESUAI, `PIN BERSTATUS ${row.status_pin}`);
    await log(trx, idPin, 'PIN_BATAL', stamp, { petugas: options.petugas ?? null, keterangan: options.keterangan ?? 'DIBATALKAN PEMOHON' });
    return true;
  });
  return found ? (await pinsById(db, [idPin]))[0] : undefined;
}

/** A kiosk reports a print failed (paper jam, no ink) while it was printing. */
export async function failPrint(db: Knex, idPin: number, keterangan: string, now: Date, petugas: string | null = null): Promise<PinRecord | undefined> {
  const stamp = stampOf(now);
  const done = await db.transaction(async (trx) => {
    const job = (await trx(CETAK_TABLE).where({ id_pin: idPin }).first()) as CetakRow | undefined;
    if (!job) return false;
    const changed = await trx(CETAK_TABLE).where({ id_pin: idPin, status_cetak: 'PROSES' }).update({ status_cetak: 'GAGAL', selesai: stamp, keterangan });
    if (changed !== 1) throw new KioskRefused(KODE.STATUS_TIDAK_SESUAI, `CETAK BERSTATUS ${job.status_cetak}`);
    await log(trx, idPin, 'CETAK_GAGAL', stamp, { idKiosk: job.id_kiosk, petugas, keterangan });
    return true;
  });
  return done ? (await pinsById(db, [idPin]))[0] : undefined;
}

export interface ListFilter {
  idKiosk?: string;
  kodeMall?: string;
  /** The report's words (REPORT_STATUSES). */
  status?: readonly string[];
  /** ISO dates, inclusive, on when the PIN was issued. */
  dari?: string;
  sampai?: string;
}

function filtered(db: Knex, filter: ListFilter): Knex.QueryBuilder {
  const q = db(`${PIN_TABLE} as p`).leftJoin(`${CETAK_TABLE} as c`, 'c.id_pin', 'p.id_pin');
  if (filter.idKiosk) q.where('p.id_kiosk', filter.idKiosk);
  if (filter.kodeMall) q.whereIn('p.id_kiosk', db(KIOSK_TABLE).select('id_kiosk').where({ kode_mall: filter.kodeMall }));
  if (filter.status?.length) q.whereRaw(`${STATUS_SQL} in (${filter.status.map(() => '?').join(', ')})`, [...filter.status]);
  if (filter.dari) q.where('p.dibuat', '>=', `${filter.dari} 00:00:00`);
  if (filter.sampai) q.where('p.dibuat', '<=', `${filter.sampai} 23:59:59`);
  return q;
}

/** PINs in the order they were issued (then id), a page at a time, with the total. */
export async function listPins(db: Knex, filter: ListFilter, page: { offset: number; limit: number }): Promise<{ pins: PinRecord[]; total: number }> {
  const [count] = (await filtered(db, filter).count({ n: '*' })) as Array<{ n: number | string }>;
  const rows = (await filtered(db, filter).select('p.*').orderBy([{ column: 'p.dibuat' }, { column: 'p.id_pin' }]).offset(page.offset).limit(page.limit)) as PinRow[];
  return { pins: await complete(db, rows), total: Number(count?.n ?? 0) };
}

export async function countByStatus(db: Knex, filter: ListFilter): Promise<Array<{ status: string; jumlah: number }>> {
  const rows = (await filtered(db, filter).select(db.raw(`${STATUS_SQL} as status`)).count({ n: '*' }).groupByRaw(STATUS_SQL)) as Array<{ status: string; n: number | string }>;
  return rows.map((r) => ({ status: r.status, jumlah: Number(r.n) })).sort((a, b) => a.status.localeCompare(b.status));
}

/** Log entries after `afterId`, in log order, each with its PIN as it stands now. */
export async function logAfter(db: Knex, afterId: number, limit: number): Promise<Array<{ log: LogRow; pin: PinRecord }>> {
  const entries = (await db(LOG_TABLE).where('id_log', '>', afterId).orderBy('id_log').limit(limit)) as LogRow[];
  if (entries.length === 0) return [];
  const pins = new Map((await complete(db, (await db(PIN_TABLE).whereIn('id_pin', [...new Set(entries.map((e) => Number(e.id_pin)))])) as PinRow[])).map((p) => [Number(p.row.id_pin), p]));
  return entries.flatMap((entry) => {
    const pin = pins.get(Number(entry.id_pin));
    return pin ? [{ log: entry, pin }] : [];
  });
}

export async function kioskList(db: Knex): Promise<Array<Record<string, string>>> {
  return (await db(`${KIOSK_TABLE} as k`).join(`${MALL_TABLE} as m`, 'm.kode_mall', 'k.kode_mall').select('k.id_kiosk', 'k.kode_mall', 'm.nama_mall', 'm.kode_kec', 'k.status_kiosk').orderBy('k.id_kiosk')) as Array<Record<string, string>>;
}

/** Puts a kiosk out of order ('RUSAK') or back ('AKTIF'). */
export async function setKioskStatus(db: Knex, idKiosk: string, status: 'AKTIF' | 'RUSAK'): Promise<void> {
  const changed = await db(KIOSK_TABLE).where({ id_kiosk: idKiosk }).update({ status_kiosk: status });
  if (changed !== 1) throw new Error(`${KIOSK_TABLE}: no kiosk ${idKiosk}`);
}
