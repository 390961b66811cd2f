/**
 * capil-perubahan's file formats and codes, as the old application defines them (catalogue #10:
 * court-ordered changes — child recognition, legitimation, name changes — recorded as annotations,
 * "catatan pinggir", on the person's civil-registry record).
 *
 * Quirks kept on purpose: Windows-1252 text, ';' without quoting, CRLF; dates 'DD-MM-YYYY' in
 * requests and in the register but 'DDMMYYYY' in result files and the export; change types as
 * two-digit codes with a gap (03 and 04 belonged to changes this app no longer records);
 * status '1'/'0' in results and 'A'/'B' (aktif/batal) in the register.
 */

/** Request file in the inbox: PERUBAHAN_<id>.CSV, one request per line after the header. */
export const REQUEST_FIELDS = ['ID_PERMOHONAN', 'NIK', 'KD_JENIS', 'NAMA_LAMA', 'NAMA_BARU', 'NIK_AYAH', 'NAMA_AYAH', 'NO_PENETAPAN', 'NAMA_PN', 'TGL_PENETAPAN'] as const;

/** Result file in the outbox: PERUBAHAN_<id>.HSL, one line per request line, same order. */
export const RESULT_FIELDS = ['ID_PERMOHONAN', 'STATUS', 'NO_CATATAN', 'KD_ALASAN', 'KETERANGAN', 'TGL_PROSES'] as const;

/** The app's register (its own storage, data/REGISTER_CP.DAT): append-only, the last line per NO_CATATAN wins. */
export const REGISTER_FIELDS = ['NO_CATATAN', 'ID_PERMOHONAN', 'NIK', 'KD_JENIS', 'NAMA_LAMA', 'NAMA_BARU', 'NIK_AYAH', 'NAMA_AYAH', 'NO_PENETAPAN', 'NAMA_PN', 'TGL_PENETAPAN', 'TGL_CATAT', 'STATUS', 'PETUGAS'] as const;

/**
 * The register export the app publishes in its outbox after every batch run (REKAP_CATATAN.TXT):
 * every annotation, annulled ones included, then a trailer line 'TRL;<count>;<DDMMYYYY>' that lets
 * a reader tell a complete export from one cut short.
 */
export const EXPORT_FIELDS = ['NO_CATATAN', 'NIK', 'KD_JENIS', 'NAMA_LAMA', 'NAMA_BARU', 'NIK_AYAH', 'NAMA_AYAH', 'NO_PENETAPAN', 'NAMA_PN', 'TGL_PENETAPAN', 'TGL_CATAT', 'STATUS'] as const;
export const EXPORT_FILE = 'REKAP_CATATAN.TXT';
export const EXPORT_TRAILER = 'TRL';

export const REGISTER_FILE = 'REGISTER_CP.DAT';

export const REQUEST_FILE = /^PERUBAHAN_[A-Z0-9-]{1,40}\.CSV$/i;
export function resultFileName(requestFileName: string): string {
  return requestFileName.replace(/\.CSV$/i, '.HSL');
}

export const CHANGE_TYPES = {
  '01': 'PENGAKUAN ANAK',
  '02': 'PENGESAHAN ANAK',
  '05': 'PERUBAHAN NAMA',
} as const;
export type ChangeTypeCode = keyof typeof CHANGE_TYPES;

export const STATUS_ACCEPTED = '1';
export const STATUS_REJECTED = '0';
export const REGISTER_ACTIVE = 'A';
export const REGISTER_ANNULLED = 'B';

/** Rejection codes the app writes in KD_ALASAN, with its own wording in KETERANGAN. */
export const REASONS = {
  E01: 'NIK TIDAK VALID',
  E02: 'DATA WAJIB TIDAK LENGKAP',
  E03: 'JENIS PERUBAHAN TIDAK DIKENAL',
  E04: 'TANGGAL PENETAPAN TIDAK VALID',
  E05: 'NIK AYAH TIDAK VALID',
  E06: 'SUDAH DICATAT',
  E09: 'FORMAT BARIS SALAH',
} as const;
export type ReasonCode = keyof typeof REASONS;

/** The dates these apps write in their files (shared by the file applications). */
export { compactDate, dashedDate, parseDashedDate } from '../base/files/dates';
