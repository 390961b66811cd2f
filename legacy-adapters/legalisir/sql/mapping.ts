import type { RequestStatus, StatusChange } from '@core/domain/services';
import { cleanText, isoDate, isoDateTime } from '@adapters/siak/sql/mapping';
import type { LegalisationRequest, LegalisationSubmission, LegalisedDocument } from '../port';

/**
 * The legalisation app's rows to domain values and back. Everything legacy stops here:
 * - the status as one letter (B baru, V verifikasi, S siap diambil, A diambil, T tolak);
 * - no history table: the timeline is made from the step date columns, in time order; the app
 *   keeps only the last officer (PETUGAS), so only the last step says who;
 * - the document type as the app's code (LGS_REF_DOKUMEN), its issue date as 'DD-MM-YYYY' text;
 * - the source as a letter (L the Dinas counter, O the online portal).
 */
export interface LgsRow {
  ID: number;
  NO_PERMOHONAN: string;
  NIK_PEMOHON: string;
  NAMA_PEMOHON: string | null;
  KD_DOK: string;
  NO_DOK: string;
  TGL_TERBIT_DOK: string | null;
  JML_LEMBAR: number | string;
  SUMBER: string | null;
  STATUS: string | null;
  TGL_MASUK: string | Date;
  TGL_VERIFIKASI: string | Date | null;
  TGL_SIAP: string | Date | null;
  TGL_AMBIL: string | Date | null;
  TGL_TOLAK: string | Date | null;
  ALASAN_TOLAK: string | null;
  PETUGAS: string | null;
  TGL_UBAH: string | Date;
  REF_GERBANG: string | null;
}

export const LGS_COLUMNS = [
  'ID', 'NO_PERMOHONAN', 'NIK_PEMOHON', 'NAMA_PEMOHON', 'KD_DOK', 'NO_DOK', 'TGL_TERBIT_DOK', 'JML_LEMBAR', 'SUMBER', 'STATUS', 'TGL_MASUK',
  'TGL_VERIFIKASI', 'TGL_SIAP', 'TGL_AMBIL', 'TGL_TOLAK', 'ALASAN_TOLAK', 'PETUGAS', 'TGL_UBAH', 'REF_GERBANG',
] as const;

const DOCUMENTS: Record<string, LegalisedDocument> = {
  KK: 'FAMILY_CARD', KTP: 'ID_CARD', KIA: 'CHILD_ID_CARD', AKTA_LHR: 'BIRTH_DEED', AKTA_MATI: 'DEATH_DEED', AKTA_KWN: 'MARRIAGE_DEED', AKTA_CRAI: 'DIVORCE_DEED',
};
const DOCUMENT_CODES = Object.fromEntries(Object.entries(DOCUMENTS).map(([code, kind]) => [kind, code])) as Record<LegalisedDocument, string>;

const STATUSES: Record<string, RequestStatus> = { B: 'SUBMITTED', V: 'VERIFYING', S: 'READY', A: 'COMPLETED', T: 'REJECTED' };
const LETTERS = Object.fromEntries(Object.entries(STATUSES).map(([letter, status]) => [status, letter])) as Partial<Record<RequestStatus, string>>;

/** Each step's date column, in the order steps can happen (TOLAK and SIAP never both). */
export const STEPS: ReadonlyArray<readonly [string, keyof LgsRow]> = [['B', 'TGL_MASUK'], ['V', 'TGL_VERIFIKASI'], ['T', 'TGL_TOLAK'], ['S', 'TGL_SIAP'], ['A', 'TGL_AMBIL']];

/** What the app lets officers set, by the status it has now (the app's own rule). */
export const ALLOWED_FROM: Readonly<Record<'VERIFYING' | 'READY' | 'COMPLETED' | 'REJECTED', readonly string[]>> = {
  VERIFYING: ['B'],
  READY: ['V'],
  COMPLETED: ['S'],
  REJECTED: ['B', 'V'],
};

export function decodeDocument(code: string | null): LegalisedDocument | null {
  return DOCUMENTS[cleanText(code)?.toUpperCase() ?? ''] ?? null;
}

export function documentCode(kind: LegalisedDocument): string {
  return DOCUMENT_CODES[kind];
}

export function decodeStatus(letter: string | null): RequestStatus | null {
  return STATUSES[cleanText(letter)?.toUpperCase() ?? ''] ?? null;
}

export function statusLetter(status: RequestStatus): string | undefined {
  return LETTERS[status];
}

/** Source letter → channel and service point; null for a letter this port does not know. */
export function decodeSource(letter: string | null): Pick<LegalisationRequest, 'channel' | 'servicePoint'> {
  const source = cleanText(letter)?.toUpperCase();
  if (source === 'L') return { channel: 'OFFLINE', servicePoint: { kind: 'DINAS', id: null } };
  if (source === 'O') return { channel: 'ONLINE', servicePoint: { kind: 'ONLINE_PORTAL', id: null } };
  return { channel: null, servicePoint: null };
}

/** 'DD-MM-YYYY', as the app keeps a document's issue date. */
export function legacyDate(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

/** 'LGS-<regency, 4 digits>-<YYYYMMDD>-': the app's request numbers of a day, before the serial. */
export function requestPrefix(regencyCode: string, isoDay: string): string {
  return `LGS-${regencyCode.replace(/\./g, '')}-${isoDay.replace(/-/g, '')}-`;
}

/** The steps the row records, in time order; only the last says who (the app keeps one officer). */
export function stepsOf(row: LgsRow): Array<StatusChange & { letter: string }> {
  const steps = STEPS.flatMap(([letter, column]) => {
    const at = isoDateTime(row[column] as string | Date | null);
    return at ? [{ letter, status: STATUSES[letter]!, at, note: letter === 'T' ? cleanText(row.ALASAN_TOLAK) : null, by: null as string | null }] : [];
  });
  steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const last = steps.at(-1);
  if (last) last.by = cleanText(row.PETUGAS);
  return steps;
}

export function toLegalisationRequest(row: LgsRow): LegalisationRequest {
  const status = decodeStatus(row.STATUS);
  return {
    requestNumber: row.NO_PERMOHONAN.trim(),
    service: 'LEGALISATION',
    ...decodeSource(row.SUMBER),
    applicantNik: row.NIK_PEMOHON.trim(),
    applicantName: cleanText(row.NAMA_PEMOHON),
    document: { kind: decodeDocument(row.KD_DOK), number: cleanText(row.NO_DOK) ?? '', issuedOn: isoDate(row.TGL_TERBIT_DOK) },
    copies: Number(row.JML_LEMBAR),
    status,
    submittedAt: isoDateTime(row.TGL_MASUK) ?? '',
    updatedAt: isoDateTime(row.TGL_UBAH),
    officer: cleanText(row.PETUGAS),
    note: status === 'REJECTED' ? cleanText(row.ALASAN_TOLAK) : null,
    timeline: stepsOf(row).map(({ letter: _letter, ...change }) => change),
    reference: cleanText(row.REF_GERBANG),
  };
}

/** The new row's columns (the number goes in separately), as the app's entry screen writes them. */
export function toLgsValues(submission: LegalisationSubmission, stamp: string): Record<string, string | number | null> {
  return {
    NIK_PEMOHON: submission.applicantNik,
    NAMA_PEMOHON: submission.applicantName.replace(/\s+/g, ' ').trim().toUpperCase(),
    KD_DOK: documentCode(submission.document.kind),
    NO_DOK: submission.document.number.replace(/\s+/g, '').toUpperCase(),
    TGL_TERBIT_DOK: legacyDate(submission.document.issuedOn),
    JML_LEMBAR: submission.copies,
    SUMBER: submission.channel === 'ONLINE' ? 'O' : 'L',
    STATUS: 'B',
    TGL_MASUK: stamp,
    PETUGAS: null,
    TGL_UBAH: stamp,
    REF_GERBANG: submission.clientReference,
  };
}
