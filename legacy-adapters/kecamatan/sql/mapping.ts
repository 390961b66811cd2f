import type { RequestStatus, ServiceKind, StatusChange } from '@core/domain/services';
import { cleanText, isoDateTime } from '@adapters/siak/sql/mapping';
import type { CounterRequest, CounterService, CounterSubmission } from '../port';

/**
 * The kecamatan counter app's rows to domain values and back. Everything legacy stops here:
 * - the service as an integer code (kec_ref_layanan; 99 "lain-lain" and unknown codes → null);
 * - the status as an Indonesian word, in lower case (with stray blanks) on version 1 rows;
 * - the office split over no_prop/no_kab/no_kec;
 * - requests from before version 2 (July 2024), or whose history row was never written, have no
 *   history: their timeline is made from the row itself (received at tgl_daftar, the current
 *   status at tgl_update), which is all the app knows of them.
 */
export interface PermohonanRow {
  id_permohonan: number;
  no_registrasi: string;
  kd_layanan: number | string;
  nik_pemohon: string | null;
  nama_pemohon: string | null;
  no_kk: string | null;
  no_prop: number;
  no_kab: number;
  no_kec: number;
  status: string | null;
  nip_petugas: string | null;
  keterangan: string | null;
  tgl_daftar: string | Date;
  tgl_update: string | Date | null;
  ref_gerbang: string | null;
}

/** A request row joined with one of its history rows (all null when it has none). */
export interface PermohonanWithRiwayat extends PermohonanRow {
  r_id: number | null;
  r_status: string | null;
  r_nip: string | null;
  r_catatan: string | null;
  r_tgl: string | Date | null;
}

export const PERMOHONAN_COLUMNS = [
  'id_permohonan', 'no_registrasi', 'kd_layanan', 'nik_pemohon', 'nama_pemohon', 'no_kk', 'no_prop', 'no_kab', 'no_kec',
  'status', 'nip_petugas', 'keterangan', 'tgl_daftar', 'tgl_update', 'ref_gerbang',
] as const;

const SERVICES: Record<number, CounterService> = {
  1: 'FIRST_ID_CARD', 2: 'ID_CARD_REPLACEMENT', 3: 'FAMILY_CARD_NEW', 4: 'FAMILY_CARD_CHANGE', 5: 'CHILD_ID_CARD', 6: 'MOVE_OUT', 7: 'MOVE_IN',
};
const SERVICE_CODES = Object.fromEntries(Object.entries(SERVICES).map(([code, kind]) => [kind, Number(code)])) as Record<CounterService, number>;

const STATUSES: Record<string, RequestStatus> = { DITERIMA: 'SUBMITTED', DIPROSES: 'IN_PROCESS', SELESAI: 'COMPLETED', DITOLAK: 'REJECTED' };
const STATUS_WORDS = Object.fromEntries(Object.entries(STATUSES).map(([word, status]) => [status, word])) as Partial<Record<RequestStatus, string>>;

/** What the counter screen lets staff set, by the status it has now (the app's own rule). */
export const ALLOWED_FROM: Readonly<Record<'IN_PROCESS' | 'COMPLETED' | 'REJECTED', readonly string[]>> = {
  IN_PROCESS: ['DITERIMA'],
  COMPLETED: ['DITERIMA', 'DIPROSES'],
  REJECTED: ['DITERIMA', 'DIPROSES'],
};

export function decodeService(code: number | string | null): ServiceKind | null {
  return SERVICES[Number(code)] ?? null;
}

export function serviceCode(kind: ServiceKind): number | undefined {
  return SERVICE_CODES[kind as CounterService];
}

export function decodeStatus(word: string | null): RequestStatus | null {
  return STATUSES[cleanText(word)?.toUpperCase() ?? ''] ?? null;
}

/** The app's word for a status; undefined for statuses the counter never sets. */
export function statusWord(status: RequestStatus): string | undefined {
  return STATUS_WORDS[status];
}

export function kecamatanCodeOf(row: { no_prop: number; no_kab: number; no_kec: number }): string {
  const two = (n: number) => String(Number(n)).padStart(2, '0');
  return `${two(row.no_prop)}.${two(row.no_kab)}.${two(row.no_kec)}`;
}

/** The office columns of a dotted kecamatan code ('36.74.01'); undefined for anything else. */
export function officeColumns(code: string): { no_prop: number; no_kab: number; no_kec: number } | undefined {
  const m = /^(\d{2})\.(\d{2})\.(\d{2})$/.exec(code);
  return m ? { no_prop: Number(m[1]), no_kab: Number(m[2]), no_kec: Number(m[3]) } : undefined;
}

/** 'REG-<6-digit kecamatan>-<YYYYMMDD>-': an office's registration numbers of a day, before the serial. */
export function registrationPrefix(kecamatanCode: string, isoDay: string): string {
  return `REG-${kecamatanCode.replace(/\./g, '')}-${isoDay.replace(/-/g, '')}-`;
}

function stamp(value: string | Date | null): string | null {
  return isoDateTime(value);
}

/** The timeline the app can tell: its history rows, or, without any, what the request row says. */
function timelineOf(row: PermohonanRow, history: readonly PermohonanWithRiwayat[]): StatusChange[] {
  if (history.length > 0) {
    return history.flatMap((h) => {
      const status = decodeStatus(h.r_status);
      return status ? [{ status, at: stamp(h.r_tgl) ?? '', note: cleanText(h.r_catatan), by: cleanText(h.r_nip) }] : [];
    });
  }
  const submittedAt = stamp(row.tgl_daftar) ?? '';
  const status = decodeStatus(row.status);
  const timeline: StatusChange[] = [{ status: 'SUBMITTED', at: submittedAt, note: null, by: status === 'SUBMITTED' ? cleanText(row.nip_petugas) : null }];
  if (status && status !== 'SUBMITTED') timeline.push({ status, at: stamp(row.tgl_update) ?? submittedAt, note: cleanText(row.keterangan), by: cleanText(row.nip_petugas) });
  return timeline;
}

export function toCounterRequest(row: PermohonanRow, history: readonly PermohonanWithRiwayat[] = []): CounterRequest {
  return {
    registrationNumber: row.no_registrasi.trim(),
    service: decodeService(row.kd_layanan),
    channel: 'OFFLINE',
    servicePoint: { kind: 'KECAMATAN', id: kecamatanCodeOf(row) },
    applicantNik: cleanText(row.nik_pemohon),
    applicantName: cleanText(row.nama_pemohon),
    familyCardNumber: cleanText(row.no_kk),
    status: decodeStatus(row.status),
    submittedAt: stamp(row.tgl_daftar) ?? '',
    updatedAt: stamp(row.tgl_update),
    counterStaffNip: cleanText(row.nip_petugas),
    note: cleanText(row.keterangan),
    timeline: timelineOf(row, history),
    reference: cleanText(row.ref_gerbang),
  };
}

/** Joined rows (one per history row, in order) to requests, in the order they came. */
export function groupRequests(rows: readonly PermohonanWithRiwayat[]): CounterRequest[] {
  const byId = new Map<number, { row: PermohonanWithRiwayat; history: PermohonanWithRiwayat[] }>();
  for (const row of rows) {
    const id = Number(row.id_permohonan);
    let entry = byId.get(id);
    if (!entry) byId.set(id, (entry = { row, history: [] }));
    if (row.r_id !== null) entry.history.push(row);
  }
  return [...byId.values()].map(({ row, history }) => toCounterRequest(row, history));
}

/** The new row's columns (the number goes in separately), as the counter screen writes them. */
export function toPermohonanValues(submission: CounterSubmission, stampNow: string): Record<string, string | number | null> {
  const office = officeColumns(submission.kecamatanCode)!;
  return {
    kd_layanan: SERVICE_CODES[submission.service],
    nik_pemohon: submission.applicantNik,
    nama_pemohon: submission.applicantName.replace(/\s+/g, ' ').trim().toUpperCase(),
    no_kk: submission.familyCardNumber ?? null,
    ...office,
    status: 'DITERIMA',
    nip_petugas: submission.counterStaffNip ?? null,
    keterangan: null,
    tgl_daftar: stampNow,
    tgl_update: stampNow,
    ref_gerbang: submission.clientReference,
  };
}

