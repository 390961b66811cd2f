import { createHash } from 'node:crypto';
import { badUserInput } from '@core/errors';
import { cannotWrite } from '../../base/files/codec';
import type { Annotation, ChangeRequest, ChangeRequestOutcome, CourtOrderedChange, RejectionReason } from '../port';

/**
 * capil-perubahan's files to domain values and back. Everything legacy stops here: the file names,
 * the field lists, two-digit change codes with a gap, '1'/'0' and 'A'/'B' statuses, E-codes,
 * dates as 'DD-MM-YYYY' in requests but 'DDMMYYYY' in results and the export, UPPERCASE names,
 * and what the format cannot carry (';', line breaks, characters outside Windows-1252).
 */
export const REQUEST_FIELDS = ['ID_PERMOHONAN', 'NIK', 'KD_JENIS', 'NAMA_LAMA', 'NAMA_BARU', 'NIK_AYAH', 'NAMA_AYAH', 'NO_PENETAPAN', 'NAMA_PN', 'TGL_PENETAPAN'] as const;
export const EXPORT_FILE = 'REKAP_CATATAN.TXT';
const EXPORT_FIELD_COUNT = 12;

const CHANGE_CODES: Record<CourtOrderedChange, string> = { CHILD_RECOGNITION: '01', CHILD_LEGITIMATION: '02', NAME_CHANGE: '05' };
const CHANGE_BY_CODE = new Map(Object.entries(CHANGE_CODES).map(([change, code]) => [code, change as CourtOrderedChange]));
const REASONS: Record<string, RejectionReason> = {
  E01: 'INVALID_NIK', E02: 'MISSING_DATA', E03: 'UNKNOWN_CHANGE', E04: 'INVALID_COURT_ORDER_DATE',
  E05: 'INVALID_FATHER_NIK', E06: 'ALREADY_RECORDED', E09: 'MALFORMED_REQUEST',
};

/** The request id written on the line (ID_PERMOHONAN): fixed-length, derived from the caller's reference. */
export function requestIdFor(reference: string): string {
  return `G${createHash('sha256').update(reference).digest('hex').slice(0, 19).toUpperCase()}`;
}

export function requestFileName(requestId: string): string {
  return `PERUBAHAN_${requestId}.CSV`;
}

export function resultFileName(requestId: string): string {
  return `PERUBAHAN_${requestId}.HSL`;
}

/** Change code ('01', also '1' as spreadsheets write it) to the domain; null for codes no longer known. */
export function changeOf(code: string): CourtOrderedChange | null {
  return CHANGE_BY_CODE.get(code.trim().padStart(2, '0')) ?? null;
}

export function changeCode(change: CourtOrderedChange): string {
  return CHANGE_CODES[change];
}

export function rejectionOf(code: string): RejectionReason {
  return REASONS[code.trim().toUpperCase()] ?? 'OTHER';
}

/** 'DD-MM-YYYY' or 'DDMMYYYY' to ISO; null when blank or not a real date. */
export function isoFromLegacy(text: string | undefined): string | null {
  const m = /^(\d{2})-?(\d{2})-?(\d{4})$/.exec((text ?? '').trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/** ISO to the requests' 'DD-MM-YYYY'. */
export function dashedFromIso(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw badUserInput('courtOrder.date', 'INVALID_DATE', 'The court order date must be a date like 2026-01-31.');
  return `${m[3]}-${m[2]}-${m[1]}`;
}

function blankToNull(text: string | undefined): string | null {
  const cleaned = (text ?? '').replace(/\s+/g, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

/** A value for a request line, or BAD_USER_INPUT naming the argument when the format cannot carry it. */
export function writable(argument: string, value: string | undefined): string {
  const text = (value ?? '').replace(/\s+/g, ' ').trim();
  const problem = cannotWrite(text);
  if (problem === 'NOT_WINDOWS_1252') throw badUserInput(argument, problem, `${argument} contains characters the application cannot store (it accepts Latin letters, including accented ones like É or ñ).`);
  if (problem) throw badUserInput(argument, problem, `${argument} may not contain ';' or line breaks.`);
  return text;
}

/** The request line, fields in REQUEST_FIELDS order. */
export function toRequestLine(request: ChangeRequest, requestId: string): string[] {
  return [
    requestId,
    writable('nik', request.nik),
    changeCode(request.change),
    writable('previousName', request.previousName),
    writable('newName', request.newName),
    writable('fatherNik', request.fatherNik),
    writable('fatherName', request.fatherName),
    writable('courtOrder.number', request.courtOrder.number),
    writable('courtOrder.court', request.courtOrder.court),
    dashedFromIso(request.courtOrder.date),
  ];
}

/** A result line (STATUS '1' accepted with NO_CATATAN, '0' rejected with KD_ALASAN). */
export function toOutcome(reference: string, record: Record<string, string>): ChangeRequestOutcome {
  const processedOn = isoFromLegacy(record.TGL_PROSES);
  if (record.STATUS === '1' && record.NO_CATATAN) return { reference, state: 'ACCEPTED', annotationNumber: record.NO_CATATAN, processedOn };
  return { reference, state: 'REJECTED', reason: rejectionOf(record.KD_ALASAN ?? ''), processedOn };
}

/** An export line. */
export function toAnnotation(record: Record<string, string>): Annotation {
  return {
    number: record.NO_CATATAN ?? '',
    nik: (record.NIK ?? '').trim(),
    change: changeOf(record.KD_JENIS ?? ''),
    courtOrder: { number: blankToNull(record.NO_PENETAPAN) ?? '', court: blankToNull(record.NAMA_PN) ?? '', date: isoFromLegacy(record.TGL_PENETAPAN) },
    previousName: blankToNull(record.NAMA_LAMA),
    newName: blankToNull(record.NAMA_BARU),
    fatherNik: blankToNull(record.NIK_AYAH),
    fatherName: blankToNull(record.NAMA_AYAH),
    recordedOn: isoFromLegacy(record.TGL_CATAT),
    annulled: (record.STATUS ?? '').trim().toUpperCase() === 'B',
  };
}

/**
 * Checks the export is whole: the right header, and a trailer 'TRL;<count>;<DDMMYYYY>' whose count
 * matches the lines read. Returns why not, or undefined when it is.
 */
export function exportProblem(parsed: { header: string[]; records: unknown[]; malformed: string[][]; complete: boolean }): string | undefined {
  if (parsed.header.length !== EXPORT_FIELD_COUNT || parsed.header[0] !== 'NO_CATATAN') return 'unexpected export header';
  const trailer = parsed.malformed.find((fields) => fields[0] === 'TRL');
  if (!parsed.complete || !trailer) return 'export has no trailer (cut short?)';
  if (Number(trailer[1]) !== parsed.records.length) return `export trailer counts ${trailer[1]} lines, ${parsed.records.length} read`;
  return undefined;
}
