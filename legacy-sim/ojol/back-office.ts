import type { Knex } from 'knex';
import { Random } from '../world/random';
import { callbacksOf, readQuirks, writeQuirks, type CallbackQuirks, type CallbackRow } from './callbacks';
import { ALASAN_BATAL_MITRA, drawCourier, type Courier } from './couriers';
import { changeStatus, latestOrders, openOrders, orderByNumber, type Order, type OrderRow } from './orders';
import { DIBATALKAN_OLEH, STATUS } from './schema';

/**
 * What the partner's couriers' app and its operators' screens do, done on its tables: each step
 * is a status change like any other, with its log row and its callback to the caller. The API's
 * feed and the callbacks must show these.
 */
export async function assignCourier(db: Knex, noOrder: string, courier?: Courier, now = new Date()): Promise<Order> {
  return changeStatus(db, noOrder, { kodeStatus: STATUS.DRIVER_DITEMUKAN, driver: courier ?? drawCourier(new Random(Date.now() >>> 0)) }, now);
}

export async function pickUp(db: Knex, noOrder: string, now = new Date()): Promise<Order> {
  return changeStatus(db, noOrder, { kodeStatus: STATUS.DIJEMPUT }, now);
}

/** Delivered, with the courier's proof: who took it, the photo, where (default: the destination). */
export async function deliver(db: Knex, noOrder: string, proof: { penerima?: string; foto?: string; lat?: number; lon?: number } = {}, now = new Date()): Promise<Order> {
  const order = await orderByNumber(db, noOrder);
  const row = order?.row;
  return changeStatus(db, noOrder, {
    kodeStatus: STATUS.SELESAI,
    bukti: { penerima: proof.penerima ?? row?.tujuan_nama ?? '-', foto: proof.foto ?? `bukti/${noOrder}.jpg`, lat: proof.lat ?? row?.tujuan_lat ?? 0, lon: proof.lon ?? row?.tujuan_lon ?? 0 },
  }, now);
}

export async function fail(db: Knex, noOrder: string, alasan: string, now = new Date()): Promise<Order> {
  return changeStatus(db, noOrder, { kodeStatus: STATUS.GAGAL, alasan: alasan.toUpperCase() }, now);
}

/** The partner cancels (no courier found, the courier gave up), before pickup. */
export async function cancelByPartner(db: Knex, noOrder: string, alasan = ALASAN_BATAL_MITRA[0]!, now = new Date()): Promise<Order> {
  return changeStatus(db, noOrder, { kodeStatus: STATUS.DIBATALKAN, alasan: alasan.toUpperCase(), dibatalkanOleh: DIBATALKAN_OLEH.MITRA }, now);
}

export async function showOrder(db: Knex, noOrder: string): Promise<Order | undefined> {
  return orderByNumber(db, noOrder);
}

export async function ordersInProgress(db: Knex, limit: number): Promise<OrderRow[]> {
  return openOrders(db, limit);
}

export async function newestOrders(db: Knex, limit: number): Promise<OrderRow[]> {
  return latestOrders(db, limit);
}

/** The webhook queue, newest first (of one order, when given). */
export async function callbackQueue(db: Knex, noOrder?: string, limit = 50): Promise<CallbackRow[]> {
  if (noOrder === undefined) return callbacksOf(db, { limit });
  const order = await orderByNumber(db, noOrder);
  return order ? callbacksOf(db, { idOrder: order.row.id_order, limit }) : [];
}

/** The operators' knobs for the webhook quirks (chances 0..1, delays in ms, a seed). */
export async function setCallbackQuirks(db: Knex, quirks: Partial<CallbackQuirks>): Promise<CallbackQuirks> {
  return writeQuirks(db, quirks);
}

export async function callbackQuirks(db: Knex): Promise<CallbackQuirks> {
  return readQuirks(db);
}
