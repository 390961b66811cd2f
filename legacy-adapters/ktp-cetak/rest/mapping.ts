import type { CardPrintJob, CardPrintReason, CardPrintStatus } from '../port';
import { isoDateFromLegacy, isoDateTimeFromLegacy } from '../../base/rest/dates';

/**
 * The print queue API's job records, decoded. Its quirks stop here:
 * - `nik` comes as a JSON number (or a string in newer rows): back to 16 digits;
 * - statuses in three spellings: 'SIAP_AMBIL', the first version's 'SIAP AMBIL' and mixed case
 *   ('Diambil'); unknown ones become null rather than a guess;
 * - `alasan` is the counter form's box number '1'..'4';
 * - blanks mean "none": '' for no reference / place / print date, '00-00-0000' for no pick-up
 *   date, '-' for no remark; text is UPPERCASE with stray blanks.
 */
export interface CetakRecord {
  no_cetak: string;
  nik: number | string;
  no_permohonan?: string | null;
  status_cetak?: string | null;
  alasan?: string | number | null;
  lokasi_ambil?: string | null;
  tgl_permohonan?: string | null;
  tgl_cetak?: string | null;
  tgl_ambil?: string | null;
  keterangan?: string | null;
}

const STATUSES: Record<string, CardPrintStatus> = {
  ANTRI: 'QUEUED',
  CETAK: 'PRINTING',
  SIAP_AMBIL: 'READY_FOR_PICKUP',
  DIAMBIL: 'COLLECTED',
  GAGAL: 'FAILED',
};

const REASONS: Record<string, CardPrintReason> = { '1': 'NEW', '2': 'LOST', '3': 'DAMAGED', '4': 'DATA_CHANGE' };
const REASON_CODES: Record<CardPrintReason, string> = { NEW: '1', LOST: '2', DAMAGED: '3', DATA_CHANGE: '4' };

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

export function decodeStatus(value: unknown): CardPrintStatus | null {
  if (typeof value !== 'string') return null;
  return STATUSES[value.trim().toUpperCase().replace(/\s+/g, '_')] ?? null;
}

export function decodeReason(value: unknown): CardPrintReason | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  return REASONS[String(value).trim()] ?? null;
}

export function encodeReason(reason: CardPrintReason): string {
  return REASON_CODES[reason];
}

export function encodeStatus(status: CardPrintStatus): string {
  return Object.entries(STATUSES).find(([, s]) => s === status)![0];
}

export function toCardPrintJob(record: CetakRecord): CardPrintJob {
  const status = decodeStatus(record.status_cetak);
  return {
    jobNumber: record.no_cetak.trim(),
    nik: decodeNik(record.nik),
    status,
    reason: decodeReason(record.alasan),
    reference: cleanText(record.no_permohonan),
    requestedAt: isoDateTimeFromLegacy(record.tgl_permohonan),
    printedOn: isoDateFromLegacy(record.tgl_cetak),
    collectedOn: isoDateFromLegacy(record.tgl_ambil),
    pickupPlace: cleanText(record.lokasi_ambil),
    // The app keeps the remark when a failed job is queued again; it only means something on FAILED.
    failureNote: status === 'FAILED' ? cleanText(record.keterangan) : null,
  };
}

/** Jobs grouped by NIK, in the order the application listed them (oldest first). */
export function groupByNik(records: readonly CetakRecord[]): Map<string, CardPrintJob[]> {
  const byNik = new Map<string, CardPrintJob[]>();
  for (const record of records) {
    const job = toCardPrintJob(record);
    const list = byNik.get(job.nik);
    if (list) list.push(job);
    else byNik.set(job.nik, [job]);
  }
  return byNik;
}
