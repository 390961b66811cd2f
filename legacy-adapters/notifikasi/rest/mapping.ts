import { createHash } from 'node:crypto';
import { badUserInput } from '@core/errors';
import { isoDateTimeFromLegacy } from '../../base/rest/dates';
import type { DeliveryReport, Notification, NotificationChannel, NotificationFailure, NotificationStatus, OutgoingNotification } from '../port';
import { NumberedFeed } from '../../base/rest/feed';

/**
 * The gateway's JSON, decoded. Its quirks stop here:
 * - ids are JSON numbers (strings in the domain);
 * - statuses are integers with a gap (1 antri, 2 terkirim, 3 diterima, 4 dibaca, 9 gagal), as
 *   numbers or text; 4 (WhatsApp read receipt, often without a 3 before it) is DELIVERED, read;
 *   unknown → null;
 * - failure reasons 'E01'..'E04', '' when none; unknown → null;
 * - the channel 'SMS' or 'WA';
 * - numbers '628…' without the plus: '+628…';
 * - moments 'DD-MM-YYYY HH:mm:ss WIB' (local time with the zone's name after it): ISO instants
 *   with the zone's offset; '' → null;
 * - the reference as stored (cut to 32 characters, compared without case); '' → null.
 */
export interface PesanRecord {
  id_pesan: number | string;
  ref_klien?: string | null;
  kanal?: string | null;
  no_tujuan?: string | number | null;
  jml_bagian?: number | string | null;
  biaya?: number | string | null;
  status?: number | string | null;
  kd_gagal?: string | null;
  tgl_terima?: string | null;
  tgl_kirim?: string | null;
  tgl_laporan?: string | null;
}

export interface LaporanRecord {
  id_laporan: number | string;
  id_pesan: number | string;
  ref_klien?: string | null;
  kanal?: string | null;
  status?: number | string | null;
  kd_gagal?: string | null;
  waktu?: string | null;
  sumber?: string | null;
}

const STATUSES: Record<string, NotificationStatus> = { '1': 'QUEUED', '2': 'SENT', '3': 'DELIVERED', '4': 'DELIVERED', '9': 'FAILED' };
const READ = '4';
const FAILURES: Record<string, NotificationFailure> = { E01: 'UNKNOWN_NUMBER', E02: 'PHONE_UNREACHABLE', E03: 'NOT_ON_WHATSAPP', E04: 'REJECTED_BY_OPERATOR' };
const CHANNELS: Record<string, NotificationChannel> = { SMS: 'SMS', WA: 'WHATSAPP' };
const SOURCES: Record<string, DeliveryReport['source']> = { OPERATOR: 'OPERATOR', PETUGAS: 'GATEWAY_STAFF' };
/** Indonesia's three zones; the vendor writes WIB, but a server moved east would not. */
const ZONES: Record<string, string> = { WIB: '+07:00', WITA: '+08:00', WIT: '+09:00' };

const REFERENCE = /^[A-Za-z0-9._:-]{1,32}$/;
const PHONE = /^\+628\d{8,11}$/;

function code(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return null;
}

export function decodeStatus(value: unknown): NotificationStatus | null {
  const c = code(value);
  return c === null ? null : STATUSES[String(Number(c))] ?? null;
}

export function decodeFailure(value: unknown): NotificationFailure | null {
  const c = code(value);
  return c === null ? null : FAILURES[c.toUpperCase()] ?? null;
}

export function decodeChannel(value: unknown): NotificationChannel | null {
  const c = code(value);
  return c === null ? null : CHANNELS[c.toUpperCase()] ?? null;
}

/** '628…' (or '08…', '+628…', a JSON number) to '+628…'; null for anything else. */
export function decodePhone(value: unknown): string | null {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.replace(/[\s().-]/g, '') : '';
  const m = /^(?:\+62|62|0)(8\d{8,11})$/.exec(text);
  return m ? `+62${m[1]}` : null;
}

/** 'DD-MM-YYYY HH:mm:ss WIB' to '2026-11-30T09:00:00+07:00'; a moment without a zone name is WIB; blanks and nonsense → null. */
export function instantFromWib(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(.*?)(?:\s+(WIB|WITA|WIT))?$/i.exec(value.trim());
  // A date alone is no moment (isoDateTimeFromLegacy would make it midnight).
  const local = m && /\d:\d/.test(m[1]!) ? isoDateTimeFromLegacy(m[1]) : null;
  if (!local) return null;
  return `${local}${ZONES[(m?.[2] ?? 'WIB').toUpperCase()]}`;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function count(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function toNotification(record: PesanRecord): Notification {
  return {
    messageId: String(record.id_pesan),
    reference: text(record.ref_klien),
    channel: decodeChannel(record.kanal),
    phone: decodePhone(record.no_tujuan),
    status: decodeStatus(record.status),
    failure: decodeFailure(record.kd_gagal),
    parts: count(record.jml_bagian, 1),
    priceRupiah: count(record.biaya, 0),
    acceptedAt: instantFromWib(record.tgl_terima),
    sentAt: instantFromWib(record.tgl_kirim),
    finishedAt: instantFromWib(record.tgl_laporan),
  };
}

/** The gateway's delivery reports (`laporan`), read by number: cursors 'notifikasi:<report id>'. */
export const REPORT_FEED = new NumberedFeed('notifikasi', 'delivery-report feed', { path: '/api/laporan', sinceParam: 'sejak', maxLimit: 500 });

export function toReport(record: LaporanRecord): DeliveryReport {
  return {
    messageId: String(record.id_pesan),
    reference: text(record.ref_klien),
    channel: decodeChannel(record.kanal),
    status: decodeStatus(record.status),
    failure: decodeFailure(record.kd_gagal),
    read: code(record.status) !== null && String(Number(code(record.status))) === READ,
    at: instantFromWib(record.waktu),
    source: SOURCES[(text(record.sumber) ?? '').toUpperCase()] ?? null,
    cursor: REPORT_FEED.cursorFor(Number(record.id_laporan)),
  };
}

export function checkReference(reference: string, argument = 'reference'): void {
  if (!REFERENCE.test(reference)) throw badUserInput(argument, 'INVALID_REFERENCE', 'A notification reference is 1 to 32 of A-Z a-z 0-9 . _ : - (build one with notificationReference).');
}

export function checkPhone(phone: string): void {
  if (!PHONE.test(phone)) throw badUserInput('phone', 'INVALID_PHONE', 'A notification goes to an Indonesian mobile number written +628… (10 to 13 digits after +62).');
}

/** The POST body the gateway reads. */
export function sendBody(notification: OutgoingNotification): Record<string, string> {
  return {
    kanal: notification.channel === 'WHATSAPP' ? 'WA' : 'SMS',
    // The gateway reads '+62…' too; '62…' is what it shows back.
    no_tujuan: notification.phone.slice(1),
    pesan: notification.text,
    ref_klien: notification.reference,
  };
}

/**
 * A reference for the gateway from any key (an idempotency key, a request number and a step):
 * `<prefix>-` and 24 hex digits of its SHA-256. The gateway keeps 32 characters of a reference,
 * silently, and compares them without case, so a longer or mixed-case key passed as it is could
 * collide with another; 96 bits of a hash in lower case cannot in practice. Stable: the same key
 * always gives the same reference.
 */
export function notificationReference(prefix: string, key: string): string {
  if (!/^[A-Za-z0-9]{1,7}$/.test(prefix)) throw new Error('a notification reference prefix is 1 to 7 letters or digits');
  return `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}
