import { badUserInput } from '@core/errors';
import type { Channel, ServicePoint } from '@core/domain/services';
import { isoDateTimeFromLegacy } from '../../base/rest/dates';
import type { Complaint, ComplaintCategory, ComplaintEntry, ComplaintSource, ComplaintStatus, ComplaintSummary, NewComplaint } from '../port';
import { NumberedFeed } from '../../base/rest/feed';

/**
 * The complaints desk's JSON, decoded. Its quirks stop here:
 * - statuses are integers with a gap (1 baru, 2 diproses, 3 dijawab, 4 selesai, 9 ditolak), as
 *   numbers or text; categories two-digit codes, '10' (suggestions) retired: unknown → null;
 * - the channel is one letter (W web, S SMS, L counter, M social media);
 * - the unit a complaint is about is 'DINAS', 'ONLINE' or a region code without dots (6 digits a
 *   kecamatan, 10 a kelurahan): a ServicePoint with a dotted code;
 * - blanks are '' (anonymous: no NIK; the name is then a word like 'ANONIM');
 * - the application number is whatever the resident typed (' po - 20251203 - 00017'): trimmed,
 *   blanks removed, UPPERCASE;
 * - phone numbers as typed ('08…', '628…', '+628…', dashes): '+62…';
 * - moments 'DD-MM-YYYY HH:mm:ss' local time: ISO without a zone;
 * - history kinds L/S/J.
 */
export interface RiwayatRecord {
  id: number | string;
  jenis?: string | null;
  status?: number | string | null;
  isi?: string | null;
  petugas?: string | null;
  tgl?: string | null;
  no_referensi?: string | null;
}

export interface FeedRecord extends RiwayatRecord {
  no_tiket: string;
}

export interface PengaduanRecord {
  no_tiket: string;
  no_referensi?: string | null;
  nik_pelapor?: string | number | null;
  nama_pelapor?: string | null;
  no_hp?: string | null;
  saluran?: string | null;
  kategori?: string | number | null;
  unit?: string | null;
  no_permohonan?: string | null;
  judul?: string | null;
  isi?: string | null;
  status?: number | string | null;
  tgl_lapor?: string | null;
  tgl_update?: string | null;
  riwayat?: RiwayatRecord[] | null;
}

const STATUSES: Record<string, ComplaintStatus> = { '1': 'RECEIVED', '2': 'IN_PROGRESS', '3': 'ANSWERED', '4': 'CLOSED', '9': 'REJECTED' };
const CATEGORIES: Record<string, ComplaintCategory> = {
  '01': 'ID_CARD', '02': 'FAMILY_CARD', '03': 'CIVIL_REGISTRY', '04': 'MOVING', '05': 'ONLINE_SERVICE', '06': 'QUEUE', '07': 'STAFF_CONDUCT', '08': 'ILLEGAL_FEES', '09': 'OTHER',
};
const SOURCES: Record<string, ComplaintSource> = { W: 'WEB', S: 'SMS', L: 'COUNTER', M: 'SOCIAL_MEDIA' };
const CHANNELS: Record<ComplaintSource, Channel> = { WEB: 'ONLINE', SMS: 'ONLINE', SOCIAL_MEDIA: 'ONLINE', COUNTER: 'OFFLINE' };
const KINDS: Record<string, ComplaintEntry['kind']> = { L: 'SUBMITTED', J: 'ANSWERED', S: 'STATUS_CHANGED' };
/** What the desk writes instead of a name for an anonymous complaint. */
const ANONYMOUS = new Set(['ANONIM', 'ANONYMOUS', 'HAMBA ALLAH', 'WARGA', 'NN', '-']);

function encode<T>(table: Record<string, T>, value: T): string {
  return Object.entries(table).find(([, v]) => v === value)![0];
}

/** Blank-looking values ('', whitespace) to null; inner blanks collapsed. */
export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(/\s+/g, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

export function decodeStatus(value: unknown): ComplaintStatus | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  return STATUSES[String(value).trim()] ?? null;
}

export function encodeStatus(status: ComplaintStatus): number {
  return Number(encode(STATUSES, status));
}

export function decodeCategory(value: unknown): ComplaintCategory | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  return CATEGORIES[String(value).trim().padStart(2, '0')] ?? null;
}

export function encodeCategory(category: ComplaintCategory): string {
  return encode(CATEGORIES, category);
}

export function decodeSource(value: unknown): ComplaintSource | null {
  return typeof value === 'string' ? SOURCES[value.trim().toUpperCase()] ?? null : null;
}

export function encodeSource(source: ComplaintSource): string {
  return encode(SOURCES, source);
}

export function channelOf(source: ComplaintSource | null): Channel | null {
  return source ? CHANNELS[source] : null;
}

/** 'DINAS' | 'ONLINE' | '367401' | '3674011001' to a service point; null for blanks and anything else. */
export function decodeUnit(value: unknown): ServicePoint | null {
  const unit = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (unit === 'DINAS') return { kind: 'DINAS', id: null };
  if (unit === 'ONLINE') return { kind: 'ONLINE_PORTAL', id: null };
  if (/^\d{6}$/.test(unit)) return { kind: 'KECAMATAN', id: `${unit.slice(0, 2)}.${unit.slice(2, 4)}.${unit.slice(4)}` };
  if (/^\d{10}$/.test(unit)) return { kind: 'KELURAHAN', id: `${unit.slice(0, 2)}.${unit.slice(2, 4)}.${unit.slice(4, 6)}.${unit.slice(6)}` };
  return null;
}

/** The desk's unit code for a service point, or BAD_USER_INPUT for one it has no code for (a kiosk, an outreach visit). */
export function encodeUnit(point: ServicePoint, argument = 'concerns'): string {
  if (point.kind === 'DINAS') return 'DINAS';
  if (point.kind === 'ONLINE_PORTAL') return 'ONLINE';
  if (point.kind === 'KECAMATAN' && point.id && /^\d{2}\.\d{2}\.\d{2}$/.test(point.id)) return point.id.replace(/\./g, '');
  if (point.kind === 'KELURAHAN' && point.id && /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(point.id)) return point.id.replace(/\./g, '');
  throw badUserInput(argument, 'UNSUPPORTED_SERVICE_POINT', 'Complaints can be about the Dinas, the online portal, a kecamatan (36.74.01) or a kelurahan (36.74.01.1001).');
}

/** What the resident typed as an application number, as a comparable key: no blanks, UPPERCASE. */
export function normaliseRequestNumber(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const key = value.replace(/\s+/g, '').toUpperCase();
  return key === '' || key === '-' ? null : key;
}

/** Indonesian mobile numbers as typed to +62…; null when it is no phone number. */
export function normalisePhone(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const digits = value.replace(/[\s().-]/g, '');
  const m = /^(?:\+62|62|0)(8\d{7,12})$/.exec(digits);
  return m ? `+62${m[1]}` : null;
}

export function decodeNik(value: unknown): string | null {
  const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value).padStart(16, '0') : '') : typeof value === 'string' ? value.trim() : '';
  return /^\d{16}$/.test(text) ? text : null;
}

export function toEntry(record: RiwayatRecord): ComplaintEntry {
  return {
    id: String(record.id),
    kind: typeof record.jenis === 'string' ? KINDS[record.jenis.trim().toUpperCase()] ?? null : null,
    status: decodeStatus(record.status),
    text: cleanText(record.isi),
    by: cleanText(record.petugas),
    at: isoDateTimeFromLegacy(record.tgl),
    reference: cleanText(record.no_referensi),
  };
}

export function toSummary(record: PengaduanRecord): ComplaintSummary {
  const nik = decodeNik(record.nik_pelapor);
  const name = cleanText(record.nama_pelapor);
  const source = decodeSource(record.saluran);
  return {
    ticketNumber: record.no_tiket.trim(),
    reference: cleanText(record.no_referensi),
    complainantNik: nik,
    complainantName: name && !(nik === null && ANONYMOUS.has(name.toUpperCase())) ? name : null,
    source,
    channel: channelOf(source),
    category: decodeCategory(record.kategori),
    concerns: decodeUnit(record.unit),
    serviceRequestNumber: normaliseRequestNumber(record.no_permohonan),
    subject: cleanText(record.judul),
    status: decodeStatus(record.status),
    submittedAt: isoDateTimeFromLegacy(record.tgl_lapor),
    updatedAt: isoDateTimeFromLegacy(record.tgl_update),
  };
}

export function toComplaint(record: PengaduanRecord): Complaint {
  const history = (record.riwayat ?? []).map(toEntry);
  history.sort((a, b) => Number(a.id) - Number(b.id));
  return { ...toSummary(record), text: (record.isi ?? '').trim(), phone: normalisePhone(record.no_hp), history };
}

/** The POST body the desk reads for a new complaint. */
export function complaintBody(complaint: NewComplaint): Record<string, string | undefined> {
  return {
    no_referensi: complaint.reference,
    nik_pelapor: complaint.complainantNik ?? undefined,
    nama_pelapor: complaint.complainantName,
    no_hp: complaint.phone ?? undefined,
    saluran: encodeSource(complaint.source),
    kategori: encodeCategory(complaint.category),
    unit: complaint.concerns ? encodeUnit(complaint.concerns) : undefined,
    no_permohonan: complaint.serviceRequestNumber ?? undefined,
    judul: complaint.subject ?? undefined,
    isi: complaint.text,
  };
}

/** The desk's complaint history (`riwayat`), read by number: cursors 'pengaduan:<history id>'. */
export const HISTORY_FEED = new NumberedFeed('pengaduan', 'complaints feed', { path: '/api/riwayat', sinceParam: 'sejak_id', maxLimit: 500 });

export function toChange(record: FeedRecord): { ticketNumber: string; cursor: string } & ComplaintEntry {
  return { ...toEntry(record), ticketNumber: record.no_tiket.trim(), cursor: HISTORY_FEED.cursorFor(record.id) };
}

/** Complaints grouped under each asked key, in the desk's order. */
export function groupBy(complaints: readonly Complaint[], keyOf: (c: Complaint) => string | null, asked: readonly string[]): Map<string, Complaint[]> {
  const wanted = new Set(asked);
  const out = new Map<string, Complaint[]>();
  for (const complaint of complaints) {
    const key = keyOf(complaint);
    if (key === null || !wanted.has(key)) continue;
    const list = out.get(key);
    if (list) list.push(complaint);
    else out.set(key, [complaint]);
  }
  return out;
}
