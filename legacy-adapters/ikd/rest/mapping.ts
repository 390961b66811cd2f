import type { DevicePlatform, DigitalId, DigitalIdState } from '../port';
import { isoDateTimeFromLegacy } from '../../base/rest/dates';

/**
 * The IKD API's activation records, decoded. Its quirks stop here:
 * - a batch answers every NIK asked, those the register does not know as 'TIDAK TERDAFTAR' with
 *   blanks: they are left out (absent from the Map), as for any other app;
 * - state words in two generations: 'BELUM AKTIVASI' / 'MENUNGGU VERIFIKASI' / 'AKTIF' /
 *   'DITANGGUHKAN', and the pilot's 'SUDAH AKTIVASI', 'PROSES VERIFIKASI', 'BLOKIR'; unknown → null;
 * - moments are local 'DD-MM-YYYY HH:mm:ss', '' when none;
 * - the phone is free text ('Android 13 (SM-A145F)', 'iOS 17.4 (iPhone 13)', the pilot's
 *   'ANDROID' / 'IPHONE', '-' when not recorded): only the platform is kept.
 */
export interface IkdRecord {
  nik: string | number;
  status_aktivasi?: string | null;
  tgl_daftar?: string | null;
  tgl_aktivasi?: string | null;
  perangkat?: string | null;
  keterangan?: string | null;
}

export const NOT_REGISTERED = 'TIDAK TERDAFTAR';

const STATES: Record<string, DigitalIdState> = {
  'BELUM AKTIVASI': 'NOT_ACTIVATED',
  'MENUNGGU VERIFIKASI': 'PENDING_VERIFICATION',
  'PROSES VERIFIKASI': 'PENDING_VERIFICATION',
  AKTIF: 'ACTIVE',
  'SUDAH AKTIVASI': 'ACTIVE',
  DITANGGUHKAN: 'SUSPENDED',
  BLOKIR: 'SUSPENDED',
};

function word(value: unknown): string | null {
  return typeof value === 'string' ? value.trim().toUpperCase().replace(/[\s_]+/g, ' ') : null;
}

/** Blank-looking values ('', '-', whitespace) to null; blanks inside collapsed. */
export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(/\s+/g, ' ').trim();
  return cleaned === '' || cleaned === '-' ? null : cleaned;
}

export function decodeNik(value: number | string): string {
  const digits = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : '') : value.trim();
  return digits.padStart(16, '0');
}

export function decodeState(value: unknown): DigitalIdState | null {
  const w = word(value);
  return w === null ? null : (STATES[w] ?? null);
}

export function isRegistered(record: IkdRecord): boolean {
  return word(record.status_aktivasi) !== NOT_REGISTERED;
}

/** The phone's platform from what the app reported; null when nothing was. */
export function decodePlatform(value: unknown): DevicePlatform | null {
  const text = cleanText(value);
  if (!text) return null;
  if (/\bandroid\b/i.test(text)) return 'ANDROID';
  if (/\b(ios|iphone|ipad)\b/i.test(text)) return 'IOS';
  return 'OTHER';
}

export function toDigitalId(record: IkdRecord): DigitalId {
  const state = decodeState(record.status_aktivasi);
  return {
    nik: decodeNik(record.nik),
    state,
    registeredAt: isoDateTimeFromLegacy(record.tgl_daftar),
    activatedAt: isoDateTimeFromLegacy(record.tgl_aktivasi),
    platform: decodePlatform(record.perangkat),
    // The app keeps the remark when a suspension is lifted; it only means something on SUSPENDED.
    suspensionNote: state === 'SUSPENDED' ? cleanText(record.keterangan) : null,
  };
}

/** A batch answer by NIK, the register's unknown NIKs left out. */
export function digitalIdsByNik(records: readonly IkdRecord[]): Map<string, DigitalId> {
  const byNik = new Map<string, DigitalId>();
  for (const record of records) {
    if (!isRegistered(record)) continue;
    const id = toDigitalId(record);
    byNik.set(id.nik, id);
  }
  return byNik;
}
