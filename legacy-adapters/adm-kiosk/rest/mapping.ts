import type { RequestStatus } from '@core/domain/services';
import { isoDateTimeFromLegacy, legacyDateFromIso } from '../../base/rest/dates';
import type { Kiosk, KioskChange, KioskDocumentKind, KioskFilter, KioskPrintRequest, KioskStatusChange, KioskStep, PinRequest, PinState, PrintState } from '../port';

/**
 * The kiosk application's records, decoded. Its quirks stop here:
 * - the PIN is in every record the application sends: it is dropped here (only issuing gives it);
 * - the document type, the PIN's and the print's status and the log's steps are the vendor's
 *   words, the report's one-word `status` beside them; unknown words become null (a log step
 *   with one is left out);
 * - the print job is nested (`cetak`, null before a kiosk); blanks are ''; ids are JSON numbers;
 *   stamps 'DD-MM-YYYY HH:mm:ss' (local mall time).
 */
export interface RiwayatRecord {
  id_log?: number | string;
  peristiwa?: string | null;
  waktu?: string | null;
  id_kiosk?: string | null;
  petugas?: string | null;
  ket?: string | null;
}

export interface PinRecord {
  id_pin: number | string;
  pin?: string | null;
  nik?: string | number | null;
  jenis_dokumen?: string | null;
  no_dokumen?: string | null;
  kanal?: string | null;
  dibuat?: string | null;
  berlaku_sampai?: string | null;
  status_pin?: string | null;
  dipakai?: string | null;
  id_kiosk?: string | null;
  kode_mall?: string | null;
  kd_referensi?: string | null;
  status?: string | null;
  cetak?: { status_cetak?: string | null; mulai?: string | null; estimasi_selesai?: string | null; selesai?: string | null; ket?: string | null } | null;
  riwayat?: RiwayatRecord[] | null;
}

export interface LogRecord extends RiwayatRecord {
  id_log: number | string;
  data: PinRecord;
}

export interface KioskRecord {
  id_kiosk: string;
  kode_mall?: string | null;
  nama_mall?: string | null;
  kode_kec?: string | null;
  status_kiosk?: string | null;
}

const DOCUMENTS: Record<string, KioskDocumentKind> = { KK: 'FAMILY_CARD', AKTA_LAHIR: 'BIRTH_DEED', AKTA_MATI: 'DEATH_DEED', AKTA_KAWIN: 'MARRIAGE_DEED', AKTA_CERAI: 'DIVORCE_DEED', KIA: 'CHILD_ID_CARD' };
const PIN_STATES: Record<string, PinState> = { AKTIF: 'ACTIVE', TERPAKAI: 'USED', KEDALUWARSA: 'EXPIRED', BATAL: 'WITHDRAWN' };
const PRINT_STATES: Record<string, PrintState> = { PROSES: 'PRINTING', SELESAI: 'PRINTED', GAGAL: 'FAILED' };
/** The report's word as a request status: an expired PIN, a withdrawn one and a failed print all end the request unserved. */
const REPORT_STATUSES: Record<string, RequestStatus> = { MENUNGGU: 'SUBMITTED', PROSES: 'IN_PROCESS', SELESAI: 'COMPLETED', GAGAL: 'CANCELLED', KEDALUWARSA: 'CANCELLED', BATAL: 'CANCELLED' };
const STEPS: Record<string, { step: KioskStep; status: RequestStatus }> = {
  PIN_TERBIT: { step: 'PIN_ISSUED', status: 'SUBMITTED' },
  CETAK_MULAI: { step: 'PRINT_STARTED', status: 'IN_PROCESS' },
  CETAK_SELESAI: { step: 'PRINTED', status: 'COMPLETED' },
  CETAK_GAGAL: { step: 'PRINT_FAILED', status: 'CANCELLED' },
  PIN_KEDALUWARSA: { step: 'PIN_EXPIRED', status: 'CANCELLED' },
  PIN_BATAL: { step: 'PIN_WITHDRAWN', status: 'CANCELLED' },
};
const SOURCES = { WEB: 'WEB', APP: 'APP', WHATSAPP: 'WA' } as const;

export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(/\s+/g, ' ').trim();
  return cleaned === '' || cleaned === '-' ? null : cleaned;
}

function word(value: unknown): string {
  return typeof value === 'string' ? value.trim().toUpperCase().replace(/[\s-]+/g, '_') : '';
}

export const decodeDocumentKind = (value: unknown): KioskDocumentKind | null => DOCUMENTS[word(value)] ?? null;
export const decodePinState = (value: unknown): PinState | null => PIN_STATES[word(value)] ?? null;
export const decodePrintState = (value: unknown): PrintState | null => PRINT_STATES[word(value)] ?? null;
export const decodeReportStatus = (value: unknown): RequestStatus | null => REPORT_STATUSES[word(value)] ?? null;

export function encodeDocumentKind(kind: KioskDocumentKind): string {
  return Object.entries(DOCUMENTS).find(([, k]) => k === kind)![0];
}

/** The report's words for the request statuses asked for. */
export function encodeStatuses(statuses: readonly RequestStatus[]): string[] {
  return Object.entries(REPORT_STATUSES).filter(([, s]) => statuses.includes(s)).map(([w]) => w);
}

function id(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
}

function nik(value: unknown): string {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value).padStart(16, '0') : '';
  return typeof value === 'string' ? value.trim() : '';
}

export function decodeStep(record: RiwayatRecord): KioskStatusChange | undefined {
  const known = STEPS[word(record.peristiwa)];
  const at = isoDateTimeFromLegacy(record.waktu);
  if (!known || !at) return undefined;
  return { status: known.status, step: known.step, at, note: cleanText(record.ket), by: cleanText(record.petugas), kioskId: cleanText(record.id_kiosk) };
}

export function toPrintRequest(record: PinRecord): KioskPrintRequest {
  const kiosk = cleanText(record.id_kiosk);
  return {
    id: id(record.id_pin),
    serviceKind: 'DOCUMENT_PRINT',
    channel: 'OFFLINE',
    servicePoint: { kind: 'MALL_KIOSK', id: kiosk },
    mall: cleanText(record.kode_mall),
    applicantNik: nik(record.nik),
    document: { kind: decodeDocumentKind(record.jenis_dokumen), number: cleanText(record.no_dokumen) ?? '' },
    status: decodeReportStatus(record.status),
    pinState: decodePinState(record.status_pin),
    printState: record.cetak ? decodePrintState(record.cetak.status_cetak) : null,
    submittedAt: isoDateTimeFromLegacy(record.dibuat),
    pinValidUntil: isoDateTimeFromLegacy(record.berlaku_sampai),
    printStartedAt: isoDateTimeFromLegacy(record.cetak?.mulai),
    printExpectedAt: isoDateTimeFromLegacy(record.cetak?.estimasi_selesai),
    printEndedAt: isoDateTimeFromLegacy(record.cetak?.selesai),
    failureReason: record.cetak && decodePrintState(record.cetak.status_cetak) === 'FAILED' ? cleanText(record.cetak.ket) : null,
    reference: cleanText(record.kd_referensi),
    timeline: (record.riwayat ?? []).flatMap((r) => decodeStep(r) ?? []),
  };
}

export function toChange(record: LogRecord, cursor: string): KioskChange | undefined {
  const change = decodeStep(record);
  if (!change) return undefined;
  const request = toPrintRequest(record.data);
  return { cursor, requestId: request.id, change, request };
}

export function toKiosk(record: KioskRecord): Kiosk {
  const kec = cleanText(record.kode_kec);
  return {
    id: record.id_kiosk.trim(),
    mall: { code: cleanText(record.kode_mall) ?? '', name: cleanText(record.nama_mall) ?? '', kecamatanCode: kec && /^\d{6}$/.test(kec) ? `${kec.slice(0, 2)}.${kec.slice(2, 4)}.${kec.slice(4)}` : null },
    inService: word(record.status_kiosk) === 'AKTIF',
  };
}

export function groupByApplicant(records: readonly PinRecord[], asked: readonly string[]): Map<string, KioskPrintRequest[]> {
  const wanted = new Set(asked);
  const byNik = new Map<string, KioskPrintRequest[]>();
  for (const request of records.map(toPrintRequest)) {
    if (!wanted.has(request.applicantNik)) continue;
    const list = byNik.get(request.applicantNik);
    if (list) list.push(request);
    else byNik.set(request.applicantNik, [request]);
  }
  return byNik;
}

export function pinBody(request: PinRequest): Record<string, string> {
  return { kd_referensi: request.reference, nik: request.applicantNik, jenis_dokumen: encodeDocumentKind(request.document.kind), no_dokumen: request.document.number, kanal: SOURCES[request.via ?? 'WEB'] };
}

/** The list filters as parameters; undefined when nothing in this application can match. */
export function filterQuery(filter: KioskFilter): Record<string, string | string[] | undefined> | undefined {
  if (filter.servicePoint && filter.servicePoint.kind !== 'MALL_KIOSK') return undefined;
  if (filter.serviceKinds && !filter.serviceKinds.includes('DOCUMENT_PRINT')) return undefined;
  let status: string[] | undefined;
  if (filter.statuses) {
    status = encodeStatuses(filter.statuses);
    if (status.length === 0) return undefined;
  }
  return {
    id_kiosk: filter.servicePoint?.id ?? undefined,
    kode_mall: filter.mall,
    status,
    tgl_dari: filter.submittedFrom && legacyDateFromIso(filter.submittedFrom),
    tgl_sampai: filter.submittedTo && legacyDateFromIso(filter.submittedTo),
  };
}

const CURSOR = /^adm-kiosk:log:(\d{1,10})$/;

export function encodeCursor(logId: number | string): string {
  return `adm-kiosk:log:${String(logId).trim()}`;
}

export function decodeCursor(cursor: string): number | undefined {
  const m = CURSOR.exec(cursor);
  return m ? Number(m[1]) : undefined;
}
