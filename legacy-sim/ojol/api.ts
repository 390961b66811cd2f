import type { Knex } from 'knex';
import { permintaanTidakValid, sukses, tidakDitemukan, type RestAnswer, type RestRoute, changeFeedRoutes, keyList } from '../base/rest';
import { validLatLon, type LatLon } from './geo';
import { changeStatus, changesSince, lastChangeId, makeQuote, OjolRefused, ordersBy, placeOrder, stampOf, type Place } from './orders';
import { orderJson, perubahanJson, tarifJson } from './records';
import { DIBATALKAN_OLEH, JENIS, STATUS, type Jenis } from './schema';

/**
 * The partner's API for callers (base: legacy-sim/base/rest), key in `X-Mitra-Key`:
 *   GET  /api/v1/ping
 *   POST /api/v1/tarif   {jenis, asal_lat, asal_lon, tujuan_lat, tujuan_lon}
 *                        a fee quote valid some minutes; 65 beyond the service area
 *   POST /api/v1/order   {ref_mitra, id_tarif, jenis, asal:{alamat,lat,lon,nama,telp}, tujuan:{…}, barang, catatan}
 *                        an order on a quote; a known ref_mitra answers its order (status 00);
 *                        61 unknown quote, 62 expired, 63 already used, 05 not what was quoted
 *   GET  /api/v1/order?no_order=a,b | ref_mitra=a,b    orders with their log, one call; 14 when none
 *   POST /api/v1/order/:no_order/batal {alasan}        the caller cancels; 64 once picked up; 14 unknown
 *   GET  /api/v1/perubahan?sejak=<id>&jumlah=          log rows after an id, oldest first (≤ 500)
 *   GET  /api/v1/perubahan/terakhir                    the last log id
 */
const MAX_KEYS = 100;
const MAX_FEED = 500;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;
const ORDER_NUMBER = /^OJL-\d{6}-\d{6}$/;
const QUOTE = /^TRF[0-9A-F]{16}$/;
const PHONE = /^\+?[\d\s-]{8,20}$/;

function text(body: Record<string, unknown>, name: string, max: number, label = name): string | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') throw permintaanTidakValid(`${label.toUpperCase()} TIDAK VALID`);
  const cleaned = String(value).trim();
  if (cleaned.length > max) throw permintaanTidakValid(`${label.toUpperCase()} TERLALU PANJANG`);
  return cleaned === '' ? null : cleaned;
}

/** Coordinates come as numbers or strings ("-6.3196"). */
function coordinate(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d{1,3}(\.\d+)?$/.test(value.trim())) return Number(value);
  return Number.NaN;
}

function point(lat: unknown, lon: unknown, label: string): LatLon {
  const p = { lat: coordinate(lat), lon: coordinate(lon) };
  if (!validLatLon(p)) throw permintaanTidakValid(`KOORDINAT ${label} TIDAK VALID`);
  return p;
}

function jenisOf(value: unknown): Jenis {
  const jenis = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!(JENIS as readonly string[]).includes(jenis)) throw permintaanTidakValid('JENIS HARUS JEMPUT ATAU ANTAR');
  return jenis as Jenis;
}

function placeOf(value: unknown, label: 'asal' | 'tujuan'): Place {
  if (!value || typeof value !== 'object') throw permintaanTidakValid(`${label.toUpperCase()} WAJIB DIISI`);
  const fields = value as Record<string, unknown>;
  const alamat = text(fields, 'alamat', 200, `${label}.alamat`);
  const nama = text(fields, 'nama', 60, `${label}.nama`);
  const telp = text(fields, 'telp', 20, `${label}.telp`);
  if (!alamat || alamat.length < 10) throw permintaanTidakValid(`${label.toUpperCase()}.ALAMAT MINIMAL 10 KARAKTER`);
  if (!nama) throw permintaanTidakValid(`${label.toUpperCase()}.NAMA WAJIB DIISI`);
  if (!telp || !PHONE.test(telp)) throw permintaanTidakValid(`${label.toUpperCase()}.TELP TIDAK VALID`);
  return { alamat, nama, telp, ...point(fields.lat, fields.lon, label.toUpperCase()) };
}

function refused(error: unknown): RestAnswer {
  if (error instanceof OjolRefused) return { http: 200, envelope: { status: error.status, pesan: error.pesan, data: null } };
  throw error;
}

export interface OjolApiOptions {
  /** The application's clock (tests move it on; the app itself reads the server's). */
  now: () => Date;
  /** How long a quote stays valid (default 10 minutes). */
  quoteMinutes: number;
}

export function ojolRoutes(db: Knex, options: OjolApiOptions): RestRoute[] {
  async function quote(body: unknown): Promise<RestAnswer> {
    if (!body || typeof body !== 'object') throw permintaanTidakValid('ISI PERMINTAAN KOSONG');
    const fields = body as Record<string, unknown>;
    const request = { jenis: jenisOf(fields.jenis), asal: point(fields.asal_lat, fields.asal_lon, 'ASAL'), tujuan: point(fields.tujuan_lat, fields.tujuan_lon, 'TUJUAN') };
    try {
      return sukses(tarifJson(await makeQuote(db, request, options.quoteMinutes, options.now())));
    } catch (error) {
      return refused(error);
    }
  }

  async function order(body: unknown): Promise<RestAnswer> {
    if (!body || typeof body !== 'object') throw permintaanTidakValid('ISI PERMINTAAN KOSONG');
    const fields = body as Record<string, unknown>;
    const refMitra = text(fields, 'ref_mitra', 40);
    const kodeTarif = text(fields, 'id_tarif', 24);
    const barang = text(fields, 'barang', 100);
    if (!refMitra || !REFERENCE.test(refMitra)) throw permintaanTidakValid('REF_MITRA TIDAK VALID');
    if (!kodeTarif || !QUOTE.test(kodeTarif)) throw permintaanTidakValid('ID_TARIF TIDAK VALID');
    if (!barang) throw permintaanTidakValid('BARANG WAJIB DIISI');
    try {
      const placed = await placeOrder(db, { refMitra, kodeTarif, jenis: jenisOf(fields.jenis), asal: placeOf(fields.asal, 'asal'), tujuan: placeOf(fields.tujuan, 'tujuan'), barang, catatan: text(fields, 'catatan', 200) }, options.now());
      const answer = sukses(orderJson(placed.order));
      // A known reference: the same order, said so in words only (status stays 00).
      if (!placed.created) answer.envelope.pesan = 'ORDER SUDAH ADA';
      return answer;
    } catch (error) {
      return refused(error);
    }
  }

  async function lookup(query: URLSearchParams): Promise<RestAnswer> {
    const byNumber = keyList(query, 'no_order', ORDER_NUMBER, MAX_KEYS);
    const byReference = keyList(query, 'ref_mitra', REFERENCE, MAX_KEYS);
    if ((byNumber.length > 0) === (byReference.length > 0)) throw permintaanTidakValid('ISI SALAH SATU: NO_ORDER ATAU REF_MITRA');
    const found = byNumber.length > 0 ? await ordersBy(db, 'no_order', byNumber) : await ordersBy(db, 'ref_mitra', byReference);
    return found.length === 0 ? tidakDitemukan() : sukses(found.map(orderJson));
  }

  async function cancel(noOrder: string, body: unknown): Promise<RestAnswer> {
    if (!ORDER_NUMBER.test(noOrder)) throw permintaanTidakValid('NO_ORDER TIDAK VALID');
    const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const alasan = text(fields, 'alasan', 200) ?? 'DIBATALKAN PELANGGAN';
    try {
      return sukses(orderJson(await changeStatus(db, noOrder, { kodeStatus: STATUS.DIBATALKAN, alasan, dibatalkanOleh: DIBATALKAN_OLEH.PELANGGAN }, options.now())));
    } catch (error) {
      if (error instanceof OjolRefused && error.status === '14') return tidakDitemukan('NO ORDER TIDAK DITEMUKAN');
      return refused(error);
    }
  }

  return [
    { method: 'GET', path: '/api/v1/ping', handle: () => sukses({ layanan: 'API MITRA OJOL', waktu: stampOf(options.now()) }) },
    { method: 'POST', path: '/api/v1/tarif', handle: ({ body }) => quote(body) },
    { method: 'POST', path: '/api/v1/order', handle: ({ body }) => order(body) },
    { method: 'GET', path: '/api/v1/order', handle: ({ query }) => lookup(query) },
    { method: 'POST', path: '/api/v1/order/:no_order/batal', handle: ({ params, body }) => cancel(params.no_order ?? '', body) },
    ...changeFeedRoutes({ path: '/api/v1/perubahan', sinceParam: 'sejak', maxRows: MAX_FEED, after: (since, n) => changesSince(db, since, n), json: perubahanJson, lastId: () => lastChangeId(db) }),
  ];
}
