import type { Order, OrderRow, RiwayatRow, TarifRow } from './orders';
import { STATUS_KET } from './schema';

/**
 * The partner's JSON, with its quirks kept on purpose (the adapter absorbs them):
 * - the API gives the status as a number with its word beside it (`status: 20,
 *   status_ket: 'DRIVER DITEMUKAN'`, words with a blank); callbacks give only the word, with an
 *   underscore (`'DRIVER_DITEMUKAN'`);
 * - the API's moments are 'YYYY-MM-DD HH:mm:ss' WIB (not the estate's DD-MM-YYYY: this is an
 *   outside company); callbacks' moments are epoch seconds;
 * - the API's fee is a string with thousands dots ('18.500') and the distance km with a decimal
 *   comma ('7,3'); callbacks give the fee as a plain number;
 * - coordinates are strings in the API, numbers in callbacks;
 * - phone numbers as the partner stores them (62…, no plus);
 * - no courier, no proof, no reason: '' in the API, null in callbacks.
 */
export function rupiah(amount: number): string {
  return String(Math.round(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

export function kilometres(meters: number): string {
  return (meters / 1000).toFixed(1).replace('.', ',');
}

function coordinate(value: number | null): string {
  return value === null ? '' : value.toFixed(7);
}

/** The API's words have a blank where callbacks have an underscore. */
function apiWord(kode: number): string {
  return (STATUS_KET[kode] ?? '').replace(/_/g, ' ');
}

export function tarifJson(row: TarifRow): Record<string, unknown> {
  return {
    id_tarif: row.kode_tarif,
    jenis: row.jenis,
    jarak: kilometres(row.jarak_m),
    biaya: rupiah(row.biaya),
    berlaku_sampai: row.berlaku_sampai,
  };
}

export function riwayatJson(h: RiwayatRow): Record<string, unknown> {
  return { id: h.id_riwayat, status: h.kode_status, status_ket: apiWord(h.kode_status), keterangan: h.keterangan ?? '', waktu: h.waktu };
}

function place(row: OrderRow, end: 'asal' | 'tujuan'): Record<string, unknown> {
  return {
    alamat: row[`${end}_alamat`],
    lat: coordinate(row[`${end}_lat`]),
    lon: coordinate(row[`${end}_lon`]),
    nama: row[`${end}_nama`],
    telp: row[`${end}_telp`],
  };
}

export function orderJson({ row, riwayat }: Order): Record<string, unknown> {
  return {
    no_order: row.no_order,
    ref_mitra: row.ref_mitra,
    jenis: row.jenis,
    id_tarif: row.kode_tarif,
    asal: place(row, 'asal'),
    tujuan: place(row, 'tujuan'),
    barang: row.barang,
    catatan: row.catatan ?? '',
    jarak: kilometres(row.jarak_m),
    biaya: rupiah(row.biaya),
    status: row.kode_status,
    status_ket: apiWord(row.kode_status),
    driver_nama: row.driver_nama ?? '',
    driver_plat: row.driver_plat ?? '',
    driver_telp: row.driver_telp ?? '',
    penerima: row.penerima_nama ?? '',
    foto_bukti: row.foto_bukti ?? '',
    waktu_terima: row.waktu_terima ?? '',
    lat_terima: coordinate(row.lat_terima),
    lon_terima: coordinate(row.lon_terima),
    alasan: row.alasan ?? '',
    dibatalkan_oleh: row.dibatalkan_oleh ?? '',
    dibuat: row.dibuat,
    diubah: row.diubah,
    riwayat: riwayat.map(riwayatJson),
  };
}

/** A feed entry: a log row with its order's number and the caller's reference. */
export function perubahanJson(h: RiwayatRow & { no_order: string; ref_mitra: string }): Record<string, unknown> {
  return { ...riwayatJson(h), no_order: h.no_order, ref_mitra: h.ref_mitra };
}

/** WIB wall-clock 'YYYY-MM-DD HH:mm:ss' (UTC+7 all year) to epoch seconds. */
export function epochOf(wib: string | null): number | null {
  if (!wib) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(wib);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]) - 7, Number(m[5]), Number(m[6])) / 1000;
}

/**
 * The callback's body for the order's state at its last change (`waktu_kirim` is added when it is
 * sent). id_event is the log row's id: the same change sent twice carries the same id_event.
 */
export function callbackJson({ row, riwayat }: Order): Record<string, unknown> {
  const last = riwayat.at(-1);
  const assigned = row.driver_nama !== null;
  const delivered = row.penerima_nama !== null;
  return {
    id_event: last?.id_riwayat ?? 0,
    no_order: row.no_order,
    ref_mitra: row.ref_mitra,
    jenis: row.jenis,
    status: STATUS_KET[row.kode_status] ?? String(row.kode_status),
    waktu_status: epochOf(last?.waktu ?? row.diubah),
    biaya: row.biaya,
    driver: assigned ? { nama: row.driver_nama, plat: row.driver_plat, telp: row.driver_telp } : null,
    bukti: delivered ? { penerima: row.penerima_nama, foto: row.foto_bukti, waktu: epochOf(row.waktu_terima), lat: row.lat_terima, lon: row.lon_terima } : null,
    alasan: row.alasan,
    dibatalkan_oleh: row.dibatalkan_oleh,
  };
}
