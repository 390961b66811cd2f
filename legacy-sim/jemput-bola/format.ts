import { compactDate, dashedDate, parseDashedDate } from '../base/files/dates';
/**
 * jemput-bola's file formats and codes, as the old application defines them (catalogue #21: the
 * outreach service — home visits for the elderly, the sick and people with disabilities, who
 * cannot come to an office).
 *
 * The kelurahan (or Gerbang) drops a weekly schedule file in the inbox, one planned visit per line;
 * the batch job registers each line (a visit number, or a rejection code) and answers with a
 * result file. The outreach team then goes out; what happened at each door (served, not at home,
 * rescheduled) is recorded in the app's screen and published by the next batch run: a results
 * file for the kelurahan (HASIL_<serial>.TXT) and the whole register as an export for other systems.
 *
 * Quirks kept on purpose: Windows-1252, ';' without quoting, CRLF; dates 'DD-MM-YYYY' in the
 * schedule and the register, 'DDMMYYYY' and a separate 'HHMM' in the export; kelurahan codes ten
 * digits without dots; the services of a visit as three-letter codes joined with '+'; statuses as
 * letters; rejection codes A01…A09.
 */

/** Schedule file in the inbox: JADWAL_<id>.CSV. */
export const REQUEST_FIELDS = ['ID_KUNJUNGAN', 'NIK', 'NAMA', 'KD_KEL', 'ALAMAT', 'TGL_RENCANA', 'KD_LAYANAN', 'KD_SASARAN', 'NO_HP'] as const;
/** Result file in the outbox: JADWAL_<id>.HSL, one line per schedule line, same order. */
export const RESULT_FIELDS = ['ID_KUNJUNGAN', 'STATUS', 'NO_KUNJUNGAN', 'KD_ALASAN', 'TGL_PROSES'] as const;
/** The register (data/KUNJUNGAN.DAT): append-only, one line per event; NO_URUT counts the events. */
export const REGISTER_FIELDS = ['NO_URUT', 'NO_KUNJUNGAN', 'ID_KUNJUNGAN', 'NIK', 'NAMA', 'KD_KEL', 'ALAMAT', 'KD_LAYANAN', 'KD_SASARAN', 'TGL_RENCANA', 'STATUS', 'KD_ALASAN', 'TGL_STATUS', 'PETUGAS', 'KETERANGAN'] as const;
export type RegisterEvent = Record<(typeof REGISTER_FIELDS)[number], string>;
/** The export (outbox/REKAP_KUNJUNGAN.TXT): every event, then 'TRL;<count>;<DDMMYYYY>;<last NO_URUT>'. */
export const EXPORT_FIELDS = ['NO_URUT', 'NO_KUNJUNGAN', 'ID_KUNJUNGAN', 'NIK', 'KD_KEL', 'KD_LAYANAN', 'KD_SASARAN', 'TGL_RENCANA', 'STATUS', 'KD_ALASAN', 'TGL_STATUS', 'JAM_STATUS', 'PETUGAS', 'KETERANGAN'] as const;
export const EXPORT_FILE = 'REKAP_KUNJUNGAN.TXT';
export const EXPORT_TRAILER = 'TRL';
/** The kelurahan's results file: the door outcomes recorded since the previous one. */
export const RESULTS_FIELDS = ['NO_KUNJUNGAN', 'NIK', 'KD_KEL', 'TGL_KUNJUNGAN', 'HASIL', 'TGL_BARU', 'PETUGAS', 'KETERANGAN'] as const;
export const REGISTER_FILE = 'KUNJUNGAN.DAT';

export const REQUEST_FILE = /^JADWAL_[A-Z0-9-]{1,40}\.CSV$/i;
export function resultFileName(requestFileName: string): string {
  return requestFileName.replace(/\.CSV$/i, '.HSL');
}
export function resultsFileName(serial: number): string {
  return `HASIL_${String(serial).padStart(6, '0')}.TXT`;
}

/** Services the team offers at home. */
export const LAYANAN = {
  REK: 'PEREKAMAN KTP-EL',
  KTP: 'CETAK ULANG KTP-EL',
  KK: 'PERUBAHAN KK',
  IKD: 'AKTIVASI IKD',
  AKM: 'AKTA KEMATIAN',
  KIA: 'KARTU IDENTITAS ANAK',
} as const;
export type LayananCode = keyof typeof LAYANAN;

/** Who the visit is for: L lansia (elderly), S sakit (bedridden), D disabilitas. */
export const SASARAN = { L: 'LANSIA', S: 'SAKIT', D: 'DISABILITAS' } as const;

/** Visit statuses: J dijadwalkan, U dijadwal ulang, L dilayani, T tidak di rumah, B batal, X ditolak. */
export const STATUS = { JADWAL: 'J', ULANG: 'U', LAYANI: 'L', TIDAK_DI_RUMAH: 'T', BATAL: 'B', TOLAK: 'X' } as const;
/** Statuses a visit can still leave (the team has not been, or comes back). */
export const OPEN = new Set<string>([STATUS.JADWAL, STATUS.ULANG]);
/** What the team records at the door (and the office when a visit is called off). */
export const OUTCOMES = new Set<string>([STATUS.LAYANI, STATUS.TIDAK_DI_RUMAH, STATUS.ULANG, STATUS.BATAL]);

export const REASONS = {
  A01: 'NIK TIDAK VALID',
  A02: 'KELURAHAN BUKAN WILAYAH LAYANAN',
  A03: 'TANGGAL RENCANA TIDAK VALID',
  A04: 'LAYANAN TIDAK DIKENAL',
  A05: 'SASARAN TIDAK DIKENAL',
  A06: 'KUOTA KUNJUNGAN KELURAHAN PENUH',
  A07: 'SUDAH ADA KUNJUNGAN TERJADWAL',
  A09: 'FORMAT BARIS SALAH',
} as const;
export type ReasonCode = keyof typeof REASONS;

/** Visits one team can make in one kelurahan on one day. */
export const DAILY_QUOTA = 6;
/** How far ahead a schedule may plan. */
export const PLAN_AHEAD_DAYS = 21;




/** 'YYYY-MM-DD HH:mm:ss' → 'DD-MM-YYYY HH:mm' (the register's stamp). */
export function dashedStamp(local: string): string {
  return `${dashedDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

export { compactDate, dashedDate, parseDashedDate };
