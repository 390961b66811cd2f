import { badUserInput } from '@core/errors';
import type { RequestStatus, ServiceKind, StatusChange } from '@core/domain/services';
import { cleanText, isoDate, isoDateTime, kelurahanCodeOf } from '@adapters/siak/sql/mapping';
import type { ItemRejectionReason, KelurahanRequest } from '../port';
import { readNote } from './newborn';

/**
 * Sirena's rows to domain values and back. Everything legacy stops here:
 * - item status as a letter (K kirim, V verifikasi, T tolak, P proses, S selesai/siap diambil, A diambil);
 * - the kind as JENIS_BERKAS 1–6; the event date as VARCHAR 'DD-MM-YYYY';
 * - the kelurahan over NO_PROP/NO_KAB/NO_KEC/NO_KEL; the request's id from batch number + item number;
 * - the app's rejection reasons (Indonesian words) to stable codes.
 */
export interface ItemJoinedRow {
  ID_ITEM: number;
  NO_BATCH: string;
  NO_URUT: number;
  JENIS_BERKAS: number | string | null;
  NIK_PEMOHON: string | null;
  NIK_SUBJEK: string | null;
  NO_KK: string | null;
  NAMA_SUBJEK: string | null;
  TGL_PERISTIWA: string | null;
  /** The operator's note, with a newborn's details in Sirena's form (./newborn.ts); absent in rows read without it. */
  KETERANGAN?: string | null;
  STATUS: string | null;
  ALASAN_TOLAK: string | null;
  TGL_STATUS: string | null;
  TGL_KIRIM: string | null;
  NO_PROP: number;
  NO_KAB: number;
  NO_KEC: number;
  NO_KEL: number;
  H_ID: number | null;
  H_STATUS: string | null;
  H_CATATAN: string | null;
  H_PETUGAS: string | null;
  H_TGL: string | null;
}

export const ITEM_COLUMNS = ['I.ID_ITEM', 'B.NO_BATCH', 'I.NO_URUT', 'I.JENIS_BERKAS', 'I.NIK_PEMOHON', 'I.NIK_SUBJEK', 'I.NO_KK', 'I.NAMA_SUBJEK', 'I.TGL_PERISTIWA', 'I.KETERANGAN', 'I.STATUS', 'I.ALASAN_TOLAK', 'I.TGL_STATUS', 'B.TGL_KIRIM', 'B.NO_PROP', 'B.NO_KAB', 'B.NO_KEC', 'B.NO_KEL'] as const;

const STATUS: Record<string, RequestStatus> = { K: 'SUBMITTED', V: 'VERIFYING', T: 'REJECTED', P: 'IN_PROCESS', S: 'READY', A: 'COMPLETED' };
const STATUS_CODE = Object.fromEntries(Object.entries(STATUS).map(([code, status]) => [status, code])) as Partial<Record<RequestStatus, string>>;
const KIND: Record<number, ServiceKind> = { 1: 'FAMILY_CARD_NEW', 2: 'FAMILY_CARD_CHANGE', 3: 'BIRTH_REGISTRATION', 4: 'DEATH_REGISTRATION', 5: 'MARRIAGE_REGISTRATION', 6: 'DIVORCE_REGISTRATION' };
const KIND_CODE = Object.fromEntries(Object.entries(KIND).map(([code, kind]) => [kind, Number(code)])) as Partial<Record<ServiceKind, number>>;
const REJECTION: Record<string, ItemRejectionReason> = {
  'JENIS BERKAS TIDAK DIKENAL': 'UNKNOWN_SERVICE', 'NIK PEMOHON TIDAK VALID': 'INVALID_APPLICANT_NIK', 'NIK SUBJEK TIDAK VALID': 'INVALID_SUBJECT_NIK',
  'NO KK TIDAK VALID': 'INVALID_FAMILY_NUMBER', 'TANGGAL PERISTIWA TIDAK VALID': 'INVALID_EVENT_DATE', 'NAMA SUBJEK KOSONG': 'MISSING_SUBJECT_NAME',
};

export function decodeStatus(code: string | null | undefined): RequestStatus | null {
  return STATUS[cleanText(code)?.toUpperCase() ?? ''] ?? null;
}

export function statusCodes(statuses: readonly RequestStatus[]): string[] {
  return statuses.flatMap((s) => (STATUS_CODE[s] ? [STATUS_CODE[s]] : []));
}

export function decodeKind(code: number | string | null | undefined): ServiceKind | null {
  return code === null || code === undefined || code === '' ? null : KIND[Number(code)] ?? null;
}

/** The app's code for a kind; undefined for a kind Sirena does not handle. */
export function kindCode(kind: ServiceKind): number | undefined {
  return KIND_CODE[kind];
}

export function kindCodes(kinds: readonly ServiceKind[]): number[] {
  return kinds.flatMap((k) => (KIND_CODE[k] === undefined ? [] : [KIND_CODE[k]]));
}

/** The app's reason to a stable code (an officer's own words are REJECTED_BY_APP). */
export function rejectionReason(text: string | null): ItemRejectionReason {
  return REJECTION[cleanText(text)?.toUpperCase() ?? ''] ?? 'REJECTED_BY_APP';
}

/** ISO 'YYYY-MM-DD' to the app's 'DD-MM-YYYY'; anything else as given, for the app to judge. */
export function toAppDate(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  return m ? `${m[3]}-${m[2]}-${m[1]}` : value.trim();
}

export function requestId(batchNumber: string, itemNumber: number): string {
  return `${batchNumber.trim()}/${itemNumber}`;
}

export function parseRequestId(id: string): { batchNumber: string; itemNumber: number } | undefined {
  const m = /^(SRN-\d{10}-\d{8}-\d{4})\/(\d{1,4})$/.exec(id.trim());
  return m ? { batchNumber: m[1]!, itemNumber: Number(m[2]) } : undefined;
}

/** The item's history rows in order; an item without any (typed before history existed) shows its current status at its last change. */
export function timelineOf(row: ItemJoinedRow, history: readonly ItemJoinedRow[]): StatusChange[] {
  const steps = history.filter((h) => h.H_ID !== null).flatMap((h) => {
    const status = decodeStatus(h.H_STATUS);
    const at = isoDateTime(h.H_TGL);
    return status && at ? [{ status, at, note: cleanText(h.H_CATATAN), by: cleanText(h.H_PETUGAS) }] : [];
  });
  const current = decodeStatus(row.STATUS);
  const at = isoDateTime(row.TGL_STATUS);
  if (current && at && steps[steps.length - 1]?.status !== current) steps.push({ status: current, at, note: cleanText(row.ALASAN_TOLAK), by: null });
  return steps;
}

export function toRequest(row: ItemJoinedRow, history: readonly ItemJoinedRow[]): KelurahanRequest {
  const status = decodeStatus(row.STATUS);
  const { newborn, note } = readNote(row.KETERANGAN);
  return {
    id: requestId(row.NO_BATCH, Number(row.NO_URUT)),
    batchNumber: row.NO_BATCH.trim(),
    itemNumber: Number(row.NO_URUT),
    serviceKind: decodeKind(row.JENIS_BERKAS),
    channel: 'OFFLINE',
    servicePoint: { kind: 'KELURAHAN', id: kelurahanCodeOf(row) },
    applicantNik: cleanText(row.NIK_PEMOHON),
    subjectNik: cleanText(row.NIK_SUBJEK),
    subjectName: cleanText(row.NAMA_SUBJEK),
    familyNumber: cleanText(row.NO_KK),
    eventDate: isoDate(row.TGL_PERISTIWA),
    newborn,
    note,
    status,
    rejectionReason: status === 'REJECTED' ? cleanText(row.ALASAN_TOLAK) : null,
    submittedAt: isoDateTime(row.TGL_KIRIM),
    updatedAt: isoDateTime(row.TGL_STATUS),
    timeline: timelineOf(row, history),
  };
}

/** Joined rows (ordered by item, then history) to requests, in the rows' order. */
export function groupRequests(rows: readonly ItemJoinedRow[]): KelurahanRequest[] {
  const byId = new Map<number, ItemJoinedRow[]>();
  for (const row of rows) byId.set(Number(row.ID_ITEM), [...(byId.get(Number(row.ID_ITEM)) ?? []), row]);
  return [...byId.values()].map((group) => toRequest(group[0]!, [...group].sort((a, b) => Number(a.H_ID) - Number(b.H_ID))));
}

const CURSOR = /^sr1\.(\d{1,15})$/;

export function encodeCursor(id: number): string {
  return `sr1.${id}`;
}

export function decodeCursor(cursor: string | null): number {
  if (cursor === null || cursor === '') return 0;
  const m = CURSOR.exec(cursor);
  if (!m) throw badUserInput('cursor', 'INVALID_CURSOR', 'cursor must be one this feed gave out.');
  return Number(m[1]);
}

/** 'SRN-<kelurahan 10 digits>-<YYYYMMDD>-': a kelurahan's batch numbers of a day, before the serial. */
export function batchPrefix(kelurahanCode: string, isoDay: string): string {
  return `SRN-${kelurahanCode.replace(/\./g, '')}-${isoDay.replace(/-/g, '')}-`;
}

/** The day after an ISO date (for an inclusive upper bound on a DATETIME column). */
export function nextDay(isoDay: string): string {
  return new Date(Date.parse(`${isoDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
