import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { enqueueCallback } from './callbacks';
import { feeFor, MAX_DISTANCE_M, roadMeters, round7, type LatLon } from './geo';
import { ALLOWED_MOVES, DIBATALKAN_OLEH, FINAL, KUNCI_TABLE, ORDER_TABLE, RIWAYAT_TABLE, STATUS, STATUS_KET, TARIF_TABLE, type Jenis } from './schema';
import { oneWriteAtATime } from '../base/write-queue';

/**
 * What the partner's system does to its tables, for its API (./api.ts), its couriers' app and
 * operators' screens (./back-office.ts) and the simulation (./simulate.ts) alike. Time is the
 * application's clock (`now`), so tests can let a quote expire at once.
 *
 * Every status change writes, in one transaction, the order row, its log row and the callback
 * the partner owes the caller (./callbacks.ts): a callback is never lost by a crash between the
 * change and its queueing. Every write starts by bumping the lock row of tb_kunci: on MariaDB that
 * row lock queues writers (API, back office and simulation alike), so log ids are handed out and
 * committed in the same order and a reader of the feed never sees id 12 before id 11. In this
 * process writes are also queued, because SQLite cannot wait for a lock held by a transaction of
 * the same (single-threaded) process.
 */
export const OJOL_TIME_ZONE = 'Asia/Jakarta';

export interface TarifRow {
  id_tarif: number;
  kode_tarif: string;
  jenis: Jenis;
  asal_lat: number;
  asal_lon: number;
  tujuan_lat: number;
  tujuan_lon: number;
  jarak_m: number;
  biaya: number;
  dibuat: string;
  berlaku_sampai: string;
  id_order: number | null;
}

export interface OrderRow {
  id_order: number;
  no_order: string;
  ref_mitra: string;
  jenis: Jenis;
  kode_tarif: string;
  asal_alamat: string;
  asal_lat: number;
  asal_lon: number;
  asal_nama: string;
  asal_telp: string;
  tujuan_alamat: string;
  tujuan_lat: number;
  tujuan_lon: number;
  tujuan_nama: string;
  tujuan_telp: string;
  barang: string;
  catatan: string | null;
  jarak_m: number;
  biaya: number;
  kode_status: number;
  driver_nama: string | null;
  driver_plat: string | null;
  driver_telp: string | null;
  penerima_nama: string | null;
  foto_bukti: string | null;
  waktu_terima: string | null;
  lat_terima: number | null;
  lon_terima: number | null;
  alasan: string | null;
  dibatalkan_oleh: string | null;
  dibuat: string;
  diubah: string;
}

export interface RiwayatRow {
  id_riwayat: number;
  id_order: number;
  kode_status: number;
  keterangan: string | null;
  waktu: string;
}

/** An order with its log, oldest first. */
export interface Order {
  row: OrderRow;
  riwayat: RiwayatRow[];
}

/** Refusals with the partner's own status code (answered as the envelope's status). */
export class OjolRefused extends Error {
  constructor(
    readonly status: string,
    readonly pesan: string,
  ) {
    super(pesan);
    this.name = 'OjolRefused';
  }
}

export const KODE = {
  TIDAK_DITEMUKAN: '14',
  TARIF_TIDAK_DIKENAL: '61',
  TARIF_KEDALUWARSA: '62',
  TARIF_SUDAH_DIPAKAI: '63',
  TIDAK_DAPAT_DIBATALKAN: '64',
  DI_LUAR_JANGKAUAN: '65',
  STATUS_TIDAK_SESUAI: '66',
} as const;

export function stampOf(now: Date): string {
  return localDateTimeIn(OJOL_TIME_ZONE, now);
}

/** A write transaction holding the partner's lock row (see above). */
function writing<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return oneWriteAtATime(db, () =>
    db.transaction(async (trx) => {
      await trx(KUNCI_TABLE).where({ nama: 'ORDER' }).increment('nilai', 1);
      return work(trx);
    }),
  );
}

const NUMERIC_ORDER: Array<keyof OrderRow> = ['id_order', 'asal_lat', 'asal_lon', 'tujuan_lat', 'tujuan_lon', 'jarak_m', 'biaya', 'kode_status'];

/** MariaDB gives DECIMAL columns as strings; the rows are numbers from here on. */
function orderRow(raw: Record<string, unknown>): OrderRow {
  const row = { ...raw } as Record<string, unknown>;
  for (const key of NUMERIC_ORDER) row[key] = Number(row[key]);
  for (const key of ['lat_terima', 'lon_terima'] as const) row[key] = row[key] === null || row[key] === undefined ? null : Number(row[key]);
  return row as unknown as OrderRow;
}

function riwayatRow(raw: Record<string, unknown>): RiwayatRow {
  return { ...(raw as unknown as RiwayatRow), id_riwayat: Number(raw.id_riwayat), id_order: Number(raw.id_order), kode_status: Number(raw.kode_status) };
}

function tarifRow(raw: Record<string, unknown>): TarifRow {
  const row = { ...raw } as Record<string, unknown>;
  for (const key of ['id_tarif', 'asal_lat', 'asal_lon', 'tujuan_lat', 'tujuan_lon', 'jarak_m', 'biaya'] as const) row[key] = Number(row[key]);
  row.id_order = row.id_order === null || row.id_order === undefined ? null : Number(row.id_order);
  return row as unknown as TarifRow;
}

async function withHistory(db: Knex, rows: OrderRow[]): Promise<Order[]> {
  if (rows.length === 0) return [];
  const history = ((await db(RIWAYAT_TABLE).whereIn('id_order', rows.map((r) => r.id_order)).orderBy('id_riwayat')) as Array<Record<string, unknown>>).map(riwayatRow);
  const byOrder = new Map<number, RiwayatRow[]>();
  for (const h of history) {
    const list = byOrder.get(h.id_order);
    if (list) list.push(h);
    else byOrder.set(h.id_order, [h]);
  }
  return rows.map((row) => ({ row, riwayat: byOrder.get(row.id_order) ?? [] }));
}

export type LookupKey = 'no_order' | 'ref_mitra';

/** Orders whose column matches any of the values, oldest first, with their log. */
export async function ordersBy(db: Knex, column: LookupKey, values: readonly string[]): Promise<Order[]> {
  if (values.length === 0) return [];
  const rows = ((await db(ORDER_TABLE).whereIn(column, [...values]).orderBy('id_order')) as Array<Record<string, unknown>>).map(orderRow);
  return withHistory(db, rows);
}

export async function orderByNumber(db: Knex, noOrder: string): Promise<Order | undefined> {
  return (await ordersBy(db, 'no_order', [noOrder]))[0];
}

export interface QuoteRequest {
  jenis: Jenis;
  asal: LatLon;
  tujuan: LatLon;
}

/** A fee quote valid `minutes`; refused (65) beyond the service area. */
export async function makeQuote(db: Knex, request: QuoteRequest, minutes: number, now: Date): Promise<TarifRow> {
  const jarak = roadMeters(request.asal, request.tujuan);
  if (jarak > MAX_DISTANCE_M) throw new OjolRefused(KODE.DI_LUAR_JANGKAUAN, 'LOKASI DI LUAR JANGKAUAN LAYANAN');
  const row: Omit<TarifRow, 'id_tarif'> = {
    kode_tarif: `TRF${stampOf(now).slice(2, 10).replace(/-/g, '')}${randomBytes(5).toString('hex').toUpperCase()}`,
    jenis: request.jenis,
    asal_lat: round7(request.asal.lat),
    asal_lon: round7(request.asal.lon),
    tujuan_lat: round7(request.tujuan.lat),
    tujuan_lon: round7(request.tujuan.lon),
    jarak_m: jarak,
    biaya: feeFor(jarak),
    dibuat: stampOf(now),
    berlaku_sampai: stampOf(new Date(now.getTime() + minutes * 60_000)),
    id_order: null,
  };
  await db(TARIF_TABLE).insert(row);
  const [saved] = (await db(TARIF_TABLE).where({ kode_tarif: row.kode_tarif })) as Array<Record<string, unknown>>;
  return tarifRow(saved!);
}

export interface Place {
  alamat: string;
  lat: number;
  lon: number;
  nama: string;
  telp: string;
}

export interface NewOrder {
  refMitra: string;
  kodeTarif: string;
  jenis: Jenis;
  asal: Place;
  tujuan: Place;
  barang: string;
  catatan: string | null;
}

/** The partner's phone format: 62… digits, whatever the caller typed. */
export function partnerPhone(typed: string): string {
  const digits = typed.replace(/[^\d]/g, '');
  return digits.startsWith('0') ? `62${digits.slice(1)}` : digits;
}

/** Order numbers as the partner prints them: OJL-<YYMMDD>-<id, 6 digits>. */
export function orderNumber(stamp: string, id: number): string {
  return `OJL-${stamp.slice(2, 4)}${stamp.slice(5, 7)}${stamp.slice(8, 10)}-${String(id).padStart(6, '0')}`;
}

/** Same place as quoted, to the partner's precision (about 10 m). */
function samePoint(a: LatLon, b: LatLon): boolean {
  return Math.abs(a.lat - b.lat) < 1e-4 && Math.abs(a.lon - b.lon) < 1e-4;
}

export interface Placed {
  order: Order;
  /** False when the reference was known: the order made before is the answer. */
  created: boolean;
}

/**
 * Places an order on a valid quote (SEARCHING for a courier). A known reference answers the order
 * made with it, whatever else was sent (the partner does not compare). Refused: an unknown (61),
 * expired (62) or used (63) quote, or one for another kind or other places (05).
 */
export async function placeOrder(db: Knex, order: NewOrder, now: Date): Promise<Placed> {
  const stamp = stampOf(now);
  return writing(db, async (trx) => {
    const [known] = (await trx(ORDER_TABLE).where({ ref_mitra: order.refMitra })) as Array<Record<string, unknown>>;
    if (known) return { order: (await withHistory(trx, [orderRow(known)]))[0]!, created: false };
    const [rawTarif] = (await trx(TARIF_TABLE).where({ kode_tarif: order.kodeTarif })) as Array<Record<string, unknown>>;
    if (!rawTarif) throw new OjolRefused(KODE.TARIF_TIDAK_DIKENAL, 'ID TARIF TIDAK DIKENAL');
    const tarif = tarifRow(rawTarif);
    if (tarif.id_order !== null) throw new OjolRefused(KODE.TARIF_SUDAH_DIPAKAI, 'TARIF SUDAH DIPAKAI');
    if (tarif.berlaku_sampai < stamp) throw new OjolRefused(KODE.TARIF_KEDALUWARSA, 'TARIF SUDAH KEDALUWARSA, MINTA TARIF BARU');
    if (tarif.jenis !== order.jenis || !samePoint(order.asal, { lat: tarif.asal_lat, lon: tarif.asal_lon }) || !samePoint(order.tujuan, { lat: tarif.tujuan_lat, lon: tarif.tujuan_lon })) {
      throw new OjolRefused('05', 'ORDER TIDAK SESUAI DENGAN TARIF');
    }
    const provisional = `TMP-${randomBytes(6).toString('hex')}`;
    await trx(ORDER_TABLE).insert({
      no_order: provisional,
      ref_mitra: order.refMitra,
      jenis: order.jenis,
      kode_tarif: tarif.kode_tarif,
      ...placeColumns('asal', order.asal),
      ...placeColumns('tujuan', order.tujuan),
      barang: order.barang,
      catatan: order.catatan,
      jarak_m: tarif.jarak_m,
      biaya: tarif.biaya,
      kode_status: STATUS.MENCARI_DRIVER,
      dibuat: stamp,
      diubah: stamp,
    });
    const [inserted] = (await trx(ORDER_TABLE).where({ no_order: provisional }).select('id_order')) as Array<{ id_order: number | string }>;
    const id = Number(inserted!.id_order);
    await trx(ORDER_TABLE).where({ id_order: id }).update({ no_order: orderNumber(stamp, id) });
    await trx(TARIF_TABLE).where({ id_tarif: tarif.id_tarif }).update({ id_order: id });
    const saved = await logChange(trx, id, STATUS.MENCARI_DRIVER, null, stamp, now);
    return { order: saved, created: true };
  });
}

function placeColumns(end: 'asal' | 'tujuan', place: Place): Record<string, unknown> {
  return {
    [`${end}_alamat`]: place.alamat,
    [`${end}_lat`]: round7(place.lat),
    [`${end}_lon`]: round7(place.lon),
    [`${end}_nama`]: place.nama,
    [`${end}_telp`]: partnerPhone(place.telp),
  };
}

/** Writes the log row and queues the callback for the order's new state; returns the order. */
async function logChange(trx: Knex.Transaction, idOrder: number, kodeStatus: number, keterangan: string | null, stamp: string, now: Date): Promise<Order> {
  await trx(RIWAYAT_TABLE).insert({ id_order: idOrder, kode_status: kodeStatus, keterangan, waktu: stamp });
  const [order] = await withHistory(trx, ((await trx(ORDER_TABLE).where({ id_order: idOrder })) as Array<Record<string, unknown>>).map(orderRow));
  await enqueueCallback(trx, order!, now);
  return order!;
}

/** What a status change brings with it (the courier, the proof of delivery, a reason). */
export interface Change {
  kodeStatus: number;
  driver?: { nama: string; plat: string; telp: string };
  bukti?: { penerima: string; foto: string; lat: number; lon: number };
  alasan?: string;
  dibatalkanOleh?: string;
}

/**
 * Moves an order on by ALLOWED_MOVES. Refused: an unknown order (14), a move the partner does not
 * allow (66; 64 for a cancellation after pickup). Cancelling an order that is already cancelled
 * answers it as it is (a caller asking again).
 */
export async function changeStatus(db: Knex, noOrder: string, change: Change, now: Date): Promise<Order> {
  const stamp = stampOf(now);
  return writing(db, async (trx) => {
    const [raw] = (await trx(ORDER_TABLE).where({ no_order: noOrder })) as Array<Record<string, unknown>>;
    if (!raw) throw new OjolRefused(KODE.TIDAK_DITEMUKAN, 'NO ORDER TIDAK DITEMUKAN');
    const row = orderRow(raw);
    const next = change.kodeStatus;
    if (next === STATUS.DIBATALKAN && row.kode_status === STATUS.DIBATALKAN) return (await withHistory(trx, [row]))[0]!;
    if (!(ALLOWED_MOVES[row.kode_status] ?? []).includes(next)) {
      if (next === STATUS.DIBATALKAN) throw new OjolRefused(KODE.TIDAK_DAPAT_DIBATALKAN, 'ORDER TIDAK DAPAT DIBATALKAN, BARANG SUDAH DIJEMPUT');
      throw new OjolRefused(KODE.STATUS_TIDAK_SESUAI, `STATUS ${STATUS_KET[row.kode_status] ?? row.kode_status} TIDAK DAPAT MENJADI ${STATUS_KET[next] ?? next}`);
    }
    const update: Record<string, unknown> = { kode_status: next, diubah: stamp };
    if (change.driver) Object.assign(update, { driver_nama: change.driver.nama, driver_plat: change.driver.plat, driver_telp: partnerPhone(change.driver.telp) });
    if (change.bukti) Object.assign(update, { penerima_nama: change.bukti.penerima, foto_bukti: change.bukti.foto, waktu_terima: stamp, lat_terima: round7(change.bukti.lat), lon_terima: round7(change.bukti.lon) });
    if (change.alasan !== undefined) update.alasan = change.alasan;
    if (next === STATUS.DIBATALKAN) update.dibatalkan_oleh = change.dibatalkanOleh ?? DIBATALKAN_OLEH.MITRA;
    await trx(ORDER_TABLE).where({ id_order: row.id_order }).update(update);
    const keterangan = change.driver ? `${change.driver.nama} ${change.driver.plat}` : change.bukti ? `DITERIMA ${change.bukti.penerima}` : change.alasan ?? null;
    return logChange(trx, row.id_order, next, keterangan, stamp, now);
  });
}

export function isFinal(kodeStatus: number): boolean {
  return FINAL.includes(kodeStatus);
}

/** Orders not yet final, oldest first (for the simulation and the operators' list). */
export async function openOrders(db: Knex, limit: number): Promise<OrderRow[]> {
  return ((await db(ORDER_TABLE).whereNotIn('kode_status', [...FINAL]).orderBy('id_order').limit(limit)) as Array<Record<string, unknown>>).map(orderRow);
}

export async function latestOrders(db: Knex, limit: number): Promise<OrderRow[]> {
  return ((await db(ORDER_TABLE).orderBy('id_order', 'desc').limit(limit)) as Array<Record<string, unknown>>).map(orderRow);
}

/** Log rows after `sinceId`, oldest first, with their order's number and the caller's reference. */
export async function changesSince(db: Knex, sinceId: number, limit: number): Promise<Array<RiwayatRow & { no_order: string; ref_mitra: string }>> {
  const rows = (await db(`${RIWAYAT_TABLE} as r`)
    .join(`${ORDER_TABLE} as o`, 'o.id_order', 'r.id_order')
    .where('r.id_riwayat', '>', sinceId)
    .orderBy('r.id_riwayat')
    .limit(limit)
    .select('r.*', 'o.no_order', 'o.ref_mitra')) as Array<Record<string, unknown>>;
  return rows.map((r) => ({ ...riwayatRow(r), no_order: String(r.no_order), ref_mitra: String(r.ref_mitra) }));
}

export async function lastChangeId(db: Knex): Promise<number> {
  const [row] = (await db(RIWAYAT_TABLE).max({ id: 'id_riwayat' })) as Array<{ id: number | string | null }>;
  return Number(row?.id ?? 0);
}
