import { NumberedFeed } from '../../base/rest/feed';
import type {
  CourierInfo, CourierJobKind, CourierOrder, CourierOrderChange, CourierOrderEvent, CourierOrderRequest, CourierOrderStatus, CourierOrderStep, CourierPlace,
  FeeQuote, GeoPoint, ProofOfDelivery,
} from '../port';

/**
 * The ojek-online partner's JSON, decoded. Its quirks stop here:
 * - statuses are numbers with gaps in the API (10, 20, 30, 40, 90, 99, as numbers or text) and
 *   words in callbacks ('DRIVER_DITEMUKAN'; the API's own words have a blank instead): both to
 *   the domain enum; unknown → null;
 * - jobs are JEMPUT (pickup) / ANTAR (delivery);
 * - the API's moments are WIB wall-clock 'YYYY-MM-DD HH:mm:ss' (UTC+7 all year), callbacks'
 *   epoch seconds: both to UTC instants; blanks ('', '0000-00-00 00:00:00', 0) → null;
 * - fees are strings with thousands dots in the API ('18.500', sometimes 'Rp 18.500'), numbers
 *   in callbacks; distances km with a decimal comma ('7,3') → metres;
 * - coordinates are strings in the API, numbers in callbacks;
 * - phones as the partner stores them (62…) → '+62…';
 * - "none" is '' in the API and null in callbacks (no courier yet, no proof, no reason);
 * - who cancelled: P (pelanggan, the caller) / M (mitra, the partner).
 */
export interface PlaceRecord {
  alamat?: string | null;
  lat?: string | number | null;
  lon?: string | number | null;
  nama?: string | null;
  telp?: string | null;
}

export interface RiwayatRecord {
  id: number | string;
  status?: number | string | null;
  status_ket?: string | null;
  keterangan?: string | null;
  waktu?: string | null;
}

export interface PerubahanRecord extends RiwayatRecord {
  no_order: string;
  ref_mitra?: string | null;
}

export interface OrderRecord {
  no_order: string;
  ref_mitra?: string | null;
  jenis?: string | null;
  id_tarif?: string | null;
  asal?: PlaceRecord | null;
  tujuan?: PlaceRecord | null;
  barang?: string | null;
  catatan?: string | null;
  jarak?: string | number | null;
  biaya?: string | number | null;
  status?: number | string | null;
  status_ket?: string | null;
  driver_nama?: string | null;
  driver_plat?: string | null;
  driver_telp?: string | null;
  penerima?: string | null;
  foto_bukti?: string | null;
  waktu_terima?: string | null;
  lat_terima?: string | number | null;
  lon_terima?: string | number | null;
  alasan?: string | null;
  dibatalkan_oleh?: string | null;
  dibuat?: string | null;
  diubah?: string | null;
  riwayat?: RiwayatRecord[] | null;
}

export interface TarifRecord {
  id_tarif: string;
  jenis?: string | null;
  jarak?: string | number | null;
  biaya?: string | number | null;
  berlaku_sampai?: string | null;
}

/** A callback's body, as the partner sends it. */
export interface CallbackRecord {
  id_event?: number | string | null;
  no_order?: string | null;
  ref_mitra?: string | null;
  jenis?: string | null;
  status?: string | number | null;
  waktu_status?: number | string | null;
  biaya?: number | string | null;
  driver?: { nama?: string | null; plat?: string | null; telp?: string | null } | null;
  bukti?: { penerima?: string | null; foto?: string | null; waktu?: number | string | null; lat?: number | string | null; lon?: number | string | null } | null;
  alasan?: string | null;
  dibatalkan_oleh?: string | null;
  waktu_kirim?: number | string | null;
}

const CODES: Record<string, CourierOrderStatus> = { '10': 'SEARCHING_COURIER', '20': 'COURIER_ASSIGNED', '30': 'PICKED_UP', '40': 'DELIVERED', '90': 'FAILED', '99': 'CANCELLED' };
const WORDS: Record<string, CourierOrderStatus> = {
  MENCARI_DRIVER: 'SEARCHING_COURIER', DRIVER_DITEMUKAN: 'COURIER_ASSIGNED', DIJEMPUT: 'PICKED_UP', SELESAI: 'DELIVERED', GAGAL: 'FAILED', DIBATALKAN: 'CANCELLED',
};
const KINDS: Record<string, CourierJobKind> = { JEMPUT: 'PICKUP', ANTAR: 'DELIVERY' };
const CANCELLED_BY: Record<string, 'CALLER' | 'PARTNER'> = { P: 'CALLER', M: 'PARTNER' };
/** WIB is UTC+7 all year (no daylight saving in Indonesia). */
const WIB_OFFSET_HOURS = 7;

/** Blank-looking values ('', whitespace, '-') to null; inner blanks collapsed. */
export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const cleaned = String(value).replace(/\s+/g, ' ').trim();
  return cleaned === '' || cleaned === '-' ? null : cleaned;
}

/** A number code (API) or a word in either spelling (callbacks, the API's status_ket). */
export function decodeStatus(value: unknown): CourierOrderStatus | null {
  if (typeof value === 'number') return CODES[String(value)] ?? null;
  if (typeof value !== 'string') return null;
  const text = value.trim().toUpperCase();
  return CODES[text] ?? WORDS[text.replace(/[\s-]+/g, '_')] ?? null;
}

export function decodeKind(value: unknown): CourierJobKind | null {
  return typeof value === 'string' ? KINDS[value.trim().toUpperCase()] ?? null : null;
}

export function encodeKind(kind: CourierJobKind): string {
  return kind === 'PICKUP' ? 'JEMPUT' : 'ANTAR';
}

function instant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** WIB 'YYYY-MM-DD HH:mm:ss' to a UTC instant; null for blanks and impossible moments. */
export function instantFromWib(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((p) => Number(p ?? 0)) as [number, number, number, number, number, number];
  if (year < 2000 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return instant(Date.UTC(year, month - 1, day, hour - WIB_OFFSET_HOURS, minute, second));
}

/** Epoch seconds (a number or digits) to a UTC instant; 0 and blanks → null. */
export function instantFromEpoch(value: unknown): string | null {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,12}$/.test(value.trim()) ? Number(value) : Number.NaN;
  return Number.isFinite(seconds) && seconds > 0 ? instant(Math.floor(seconds) * 1000) : null;
}

/** '18.500', 'Rp 18.500', 18500 → 18500; null when it is no amount. */
export function decodeRupiah(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
  if (typeof value !== 'string') return null;
  const text = value.replace(/^\s*Rp\.?\s*/i, '').trim();
  if (!/^\d{1,3}(\.\d{3})*$|^\d+$/.test(text)) return null;
  return Number(text.replace(/\./g, ''));
}

/** Kilometres with a decimal comma ('7,3') or a number → whole metres. */
export function decodeKilometres(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(',', '.') : '';
  return /^\d+(\.\d+)?$/.test(text) ? Math.round(Number(text) * 1000) : null;
}

export function decodeCoordinate(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d{1,3}(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

function geoPoint(lat: unknown, lon: unknown): GeoPoint | null {
  const latitude = decodeCoordinate(lat);
  const longitude = decodeCoordinate(lon);
  return latitude === null || longitude === null ? null : { latitude, longitude };
}

/** Indonesian mobile numbers as the partner stores them (62…) or as typed → '+62…'; null otherwise. */
export function normalisePhone(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const digits = value.replace(/[\s().-]/g, '');
  const m = /^(?:\+62|62|0)(8\d{7,12})$/.exec(digits);
  return m ? `+62${m[1]}` : null;
}

function place(record: PlaceRecord | null | undefined): CourierPlace {
  return {
    address: cleanText(record?.alamat) ?? '',
    location: geoPoint(record?.lat, record?.lon),
    contactName: cleanText(record?.nama) ?? '',
    contactPhone: normalisePhone(record?.telp),
  };
}

function courier(nama: unknown, plat: unknown, telp: unknown): CourierInfo | null {
  const name = cleanText(nama);
  return name === null ? null : { name, plate: cleanText(plat)?.toUpperCase() ?? '', phone: normalisePhone(telp) };
}

function proof(penerima: unknown, foto: unknown, at: string | null, lat: unknown, lon: unknown): ProofOfDelivery | null {
  const receiverName = cleanText(penerima);
  return receiverName === null ? null : { receiverName, photoReference: cleanText(foto), at, location: geoPoint(lat, lon) };
}

function cancelledBy(value: unknown): 'CALLER' | 'PARTNER' | null {
  return typeof value === 'string' ? CANCELLED_BY[value.trim().toUpperCase()] ?? null : null;
}

/** The API's number, else its word (a partner release once sent only the word). */
function statusOf(record: { status?: unknown; status_ket?: unknown }): CourierOrderStatus | null {
  return decodeStatus(record.status) ?? decodeStatus(record.status_ket);
}

export function toStep(record: RiwayatRecord): CourierOrderStep {
  return { eventId: String(record.id), status: statusOf(record), note: cleanText(record.keterangan), at: instantFromWib(record.waktu) };
}

export function toQuote(record: TarifRecord, asked: CourierJobKind): FeeQuote | null {
  const feeRupiah = decodeRupiah(record.biaya);
  const validUntil = instantFromWib(record.berlaku_sampai);
  if (feeRupiah === null || validUntil === null || !cleanText(record.id_tarif)) return null;
  return { quoteId: record.id_tarif.trim(), kind: decodeKind(record.jenis) ?? asked, feeRupiah, distanceMeters: decodeKilometres(record.jarak) ?? 0, validUntil };
}

export function toOrder(record: OrderRecord): CourierOrder {
  const history = (record.riwayat ?? []).map(toStep).sort((a, b) => Number(a.eventId) - Number(b.eventId));
  return {
    orderId: record.no_order.trim(),
    reference: cleanText(record.ref_mitra) ?? '',
    kind: decodeKind(record.jenis),
    quoteId: cleanText(record.id_tarif),
    origin: place(record.asal),
    destination: place(record.tujuan),
    itemDescription: cleanText(record.barang) ?? '',
    note: cleanText(record.catatan),
    feeRupiah: decodeRupiah(record.biaya),
    distanceMeters: decodeKilometres(record.jarak),
    status: statusOf(record),
    courier: courier(record.driver_nama, record.driver_plat, record.driver_telp),
    proof: proof(record.penerima, record.foto_bukti, instantFromWib(record.waktu_terima), record.lat_terima, record.lon_terima),
    reason: cleanText(record.alasan),
    cancelledBy: cancelledBy(record.dibatalkan_oleh),
    createdAt: instantFromWib(record.dibuat),
    updatedAt: instantFromWib(record.diubah),
    history,
  };
}

/**
 * A verified callback's body to an event; null when it lacks what every event needs (an event
 * id, an order number, a reference, the moment it was sent).
 */
export function toEvent(record: CallbackRecord): CourierOrderEvent | null {
  const eventId = cleanText(record.id_event);
  const orderId = cleanText(record.no_order);
  const reference = cleanText(record.ref_mitra);
  const sentAt = instantFromEpoch(record.waktu_kirim);
  if (eventId === null || !/^\d+$/.test(eventId) || orderId === null || reference === null || sentAt === null) return null;
  const bukti = record.bukti ?? null;
  return {
    eventId,
    orderId,
    reference,
    kind: decodeKind(record.jenis),
    status: decodeStatus(record.status),
    statusAt: instantFromEpoch(record.waktu_status),
    feeRupiah: decodeRupiah(record.biaya),
    courier: record.driver ? courier(record.driver.nama, record.driver.plat, record.driver.telp) : null,
    proof: bukti ? proof(bukti.penerima, bukti.foto, instantFromEpoch(bukti.waktu), bukti.lat, bukti.lon) : null,
    reason: cleanText(record.alasan),
    cancelledBy: cancelledBy(record.dibatalkan_oleh),
    sentAt,
  };
}

/** The POST body the partner reads for a new order. */
export function orderBody(request: CourierOrderRequest): Record<string, unknown> {
  const end = (p: CourierOrderRequest['origin']) => ({ alamat: p.address, lat: p.location.latitude, lon: p.location.longitude, nama: p.contactName, telp: p.contactPhone });
  return {
    ref_mitra: request.reference,
    id_tarif: request.quoteId,
    jenis: encodeKind(request.kind),
    asal: end(request.origin),
    tujuan: end(request.destination),
    barang: request.itemDescription,
    catatan: request.note ?? undefined,
  };
}

/** The partner's change log (`perubahan`), read by number: cursors 'ojol:<change id>'. */
export const CHANGE_FEED = new NumberedFeed('ojol', 'courier feed', { path: '/api/v1/perubahan', sinceParam: 'sejak', maxLimit: 500 });

export function toChange(record: PerubahanRecord): CourierOrderChange {
  return { ...toStep(record), orderId: record.no_order.trim(), reference: cleanText(record.ref_mitra) ?? '', cursor: CHANGE_FEED.cursorFor(record.id) };
}
