import type { MoveOutLetter, MoveOutLetterStatus, MoveOutRequest, MoveReason, MoveScope, MovingMembers } from '../port';
import { isoDateFromLegacy, isoDateTimeFromLegacy, legacyDateFromIso } from '../../base/rest/dates';

/**
 * The SKPWNI API's letter records, decoded. Its quirks stop here:
 * - the people moving come as one string of NIKs separated by ';' (`nik_anggota`), their count
 *   as a string; stray blanks and empty pieces are dropped;
 * - `no_kk` and `nik_pemohon` come as JSON numbers (or strings): back to 16 digits;
 * - region codes are ten digits without dots: dotted again;
 * - the form's boxes (klasifikasi, alasan, jenis_kepindahan) are one-digit codes; unknown ones
 *   become null rather than a guess;
 * - blanks mean "none": '-' for no address, '' for no reference; text is UPPERCASE with stray blanks.
 */
export interface SkpwniRecord {
  no_skpwni: string;
  no_kk: number | string;
  nik_pemohon: number | string;
  nik_anggota?: string | null;
  jumlah_anggota?: string | number | null;
  kode_wil_asal?: string | null;
  alamat_asal?: string | null;
  kode_wil_tujuan?: string | null;
  alamat_tujuan?: string | null;
  klasifikasi?: string | number | null;
  alasan?: string | number | null;
  jenis_kepindahan?: string | number | null;
  tgl_pindah?: string | null;
  tgl_terbit?: string | null;
  status_surat?: string | null;
  no_referensi?: string | null;
}

const SCOPES: Record<string, MoveScope> = { '1': 'SAME_VILLAGE', '2': 'BETWEEN_VILLAGES', '3': 'BETWEEN_DISTRICTS', '4': 'BETWEEN_REGENCIES', '5': 'BETWEEN_PROVINCES' };
const REASONS: Record<string, MoveReason> = { '1': 'WORK', '2': 'EDUCATION', '3': 'SECURITY', '4': 'HEALTH', '5': 'HOUSING', '6': 'FAMILY', '7': 'OTHER' };
const MEMBERS: Record<string, MovingMembers> = { '1': 'HEAD_ONLY', '2': 'WHOLE_FAMILY', '3': 'HEAD_AND_SOME_MEMBERS', '4': 'MEMBERS_ONLY' };
const STATUSES: Record<string, MoveOutLetterStatus> = { TERBIT: 'ISSUED', BATAL: 'CANCELLED' };

function codeOf<T>(table: Record<string, T>, value: unknown): T | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  return table[String(value).trim()] ?? null;
}

function encode<T>(table: Record<string, T>, value: T): string {
  return Object.entries(table).find(([, v]) => v === value)![0];
}

/** Blank-looking values ('', '-', whitespace) to null; blanks inside collapsed. */
export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(/\s+/g, ' ').trim();
  return cleaned === '' || cleaned === '-' ? null : cleaned;
}

/** A 16-digit number sent as a JSON number or text. */
export function decodeDigits16(value: number | string): string {
  const digits = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : '') : value.trim();
  return digits.padStart(16, '0');
}

/** 'a;b; c;' to ['a', 'b', 'c']. */
export function decodeMovers(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value.split(';').map((n) => n.trim()).filter((n) => /^\d{16}$/.test(n));
}

/** '3674011001' to '36.74.01.1001'; '' when it is not ten digits. */
export function dottedRegion(value: unknown): string {
  const code = typeof value === 'string' ? value.trim() : '';
  return /^\d{10}$/.test(code) ? `${code.slice(0, 2)}.${code.slice(2, 4)}.${code.slice(4, 6)}.${code.slice(6)}` : '';
}

export function undottedRegion(code: string): string {
  return code.replace(/\./g, '');
}

export const decodeScope = (value: unknown) => codeOf(SCOPES, value);
export const decodeReason = (value: unknown) => codeOf(REASONS, value);
export const decodeMovingMembers = (value: unknown) => codeOf(MEMBERS, value);
export const decodeStatus = (value: unknown): MoveOutLetterStatus | null => (typeof value === 'string' ? STATUSES[value.trim().toUpperCase()] ?? null : null);

export function toMoveOutLetter(record: SkpwniRecord): MoveOutLetter {
  const origin = dottedRegion(record.kode_wil_asal);
  const destination = dottedRegion(record.kode_wil_tujuan);
  return {
    letterNumber: record.no_skpwni.trim(),
    status: decodeStatus(record.status_surat),
    familyCardNumber: decodeDigits16(record.no_kk),
    applicantNik: decodeDigits16(record.nik_pemohon),
    movers: decodeMovers(record.nik_anggota),
    origin: { regionCode: origin, address: cleanText(record.alamat_asal) },
    destination: { regionCode: destination, address: cleanText(record.alamat_tujuan) },
    scope: decodeScope(record.klasifikasi),
    // From the codes rather than the classification: a first-version row may lack the latter.
    leavesRegency: origin.slice(0, 5) !== destination.slice(0, 5),
    reason: decodeReason(record.alasan),
    movingMembers: decodeMovingMembers(record.jenis_kepindahan),
    moveDate: isoDateFromLegacy(record.tgl_pindah),
    issuedAt: isoDateTimeFromLegacy(record.tgl_terbit),
    reference: cleanText(record.no_referensi),
  };
}

/** The POST body the application reads. */
export function requestBody(request: MoveOutRequest): Record<string, string | undefined> {
  return {
    no_referensi: request.reference,
    no_kk: request.familyCardNumber,
    nik_pemohon: request.applicantNik,
    nik_anggota: request.movers.join(';'),
    kode_wil_asal: undottedRegion(request.origin.regionCode),
    alamat_asal: request.origin.address ?? undefined,
    kode_wil_tujuan: undottedRegion(request.destination.regionCode),
    alamat_tujuan: request.destination.address ?? undefined,
    alasan: encode(REASONS, request.reason),
    jenis_kepindahan: encode(MEMBERS, request.movingMembers),
    tgl_pindah: legacyDateFromIso(request.moveDate),
  };
}

/** Letters grouped under each asked NIK they name, in the application's order (oldest first). */
export function groupByMover(records: readonly SkpwniRecord[], asked: readonly string[]): Map<string, MoveOutLetter[]> {
  const wanted = new Set(asked);
  const byNik = new Map<string, MoveOutLetter[]>();
  for (const record of records) {
    const letter = toMoveOutLetter(record);
    for (const nik of letter.movers) {
      if (!wanted.has(nik)) continue;
      const list = byNik.get(nik);
      if (list) list.push(letter);
      else byNik.set(nik, [letter]);
    }
  }
  return byNik;
}
