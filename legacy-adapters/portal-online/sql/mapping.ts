import { badUserInput } from '@core/errors';
import type { Channel, RequestStatus, ServiceKind, StatusChange } from '@core/domain/services';
import { cleanText, isoDateTime } from '@adapters/siak/sql/mapping';
import type { Attachment, OnlineApplication } from '../port';

/**
 * The portal's rows to domain values and back. Everything legacy stops here:
 * - status as the portal's integers (0 draft, 1 diajukan, 2 verifikasi, 3 ditolak, 4 diproses, 5 selesai);
 * - the service as a row of `ref_layanan`, known to us by its `kode`;
 * - ojol delivery as a 0/1 flag beside an online application;
 * - the status page's log began with the 2023 upgrade: older applications lack the rows of their
 *   earlier steps, so the timeline is completed from the application's own columns (its submission
 *   and its current status), never with a state the portal did not record.
 */
export interface PermohonanRow {
  id_permohonan: number;
  no_registrasi: string;
  nik_pemohon: string;
  id_layanan: number;
  status: number | string | null;
  antar_ojol: number | string | null;
  catatan: string | null;
  tgl_dibuat: string | Date | null;
  tgl_pengajuan: string | Date | null;
  tgl_update: string | Date | null;
  ref_klien: string | null;
  kode: string | null;
  nama_layanan: string | null;
  sla_hari: number | string | null;
}

/** A log row as joined beside its application (null columns when it has none). */
export interface JoinedLogRow {
  log_id: number | null;
  log_status_lama: number | string | null;
  log_status_baru: number | string | null;
  log_keterangan: string | null;
  log_petugas: string | null;
  log_tgl: string | Date | null;
}

export const PERMOHONAN_COLUMNS = ['id_permohonan', 'no_registrasi', 'nik_pemohon', 'id_layanan', 'status', 'antar_ojol', 'catatan', 'tgl_dibuat', 'tgl_pengajuan', 'tgl_update', 'ref_klien'] as const;

const STATUS: Record<number, RequestStatus> = { 0: 'DRAFT', 1: 'SUBMITTED', 2: 'VERIFYING', 3: 'REJECTED', 4: 'IN_PROCESS', 5: 'COMPLETED' };
const STATUS_CODE: Partial<Record<RequestStatus, number>> = Object.fromEntries(Object.entries(STATUS).map(([code, status]) => [status, Number(code)]));

/** The portal's service codes. SKAW (inheritance letters) has no kind in Gerbang. */
const SERVICE: Record<string, ServiceKind> = {
  KTP_PEMULA: 'FIRST_ID_CARD', KTP_HILANG: 'ID_CARD_REPLACEMENT', KTP_UBAH: 'ID_CARD_REPLACEMENT', KK_BARU: 'FAMILY_CARD_NEW', KK_UBAH: 'FAMILY_CARD_CHANGE',
  KIA: 'CHILD_ID_CARD', AKTA_LAHIR: 'BIRTH_REGISTRATION', AKTA_MATI: 'DEATH_REGISTRATION', PINDAH_KELUAR: 'MOVE_OUT', PINDAH_DATANG: 'MOVE_IN', LEGALISIR: 'LEGALISATION',
};

/**
 * The moves the portal's admin screen allows, by target: from which statuses. Completion is
 * allowed only after processing; a rejection at any step before completion.
 */
const ALLOWED_FROM: Partial<Record<RequestStatus, readonly number[]>> = { VERIFYING: [1], REJECTED: [1, 2, 4], IN_PROCESS: [2], COMPLETED: [4] };

export function decodeStatus(code: number | string | null | undefined): RequestStatus | null {
  if (code === null || code === undefined || code === '') return null;
  return STATUS[Number(code)] ?? null;
}

export function statusCode(status: RequestStatus): number | undefined {
  return STATUS_CODE[status];
}

/** The portal codes a status filter matches (READY and CANCELLED: none, the portal has no such state). */
export function statusCodes(statuses: readonly RequestStatus[]): number[] {
  return statuses.flatMap((s) => (STATUS_CODE[s] === undefined ? [] : [STATUS_CODE[s]]));
}

/** From which portal statuses an officer may move an application to `target`; empty when never. */
export function allowedFrom(target: RequestStatus): readonly number[] {
  return ALLOWED_FROM[target] ?? [];
}

export function decodeService(kode: string | null | undefined): ServiceKind | null {
  return SERVICE[cleanText(kode)?.toUpperCase() ?? ''] ?? null;
}

/** The portal codes of a kind, the first being the one a new application uses (a lost card for a replacement). */
export function serviceCodes(kinds: readonly ServiceKind[]): string[] {
  return Object.entries(SERVICE).filter(([, kind]) => kinds.includes(kind)).map(([code]) => code);
}

export function decodeChannel(antarOjol: number | string | null): Channel {
  return Number(antarOjol) === 1 ? 'OJOL' : 'ONLINE';
}

function change(status: RequestStatus | null, at: string | null, note: string | null, by: string | null): StatusChange[] {
  return status && at ? [{ status, at, note, by }] : [];
}

/**
 * The status page's timeline: the log rows in order, completed for what the log does not have
 * (a submission before the 2023 upgrade; a current status whose log row is missing). A draft's
 * timeline is its creation.
 */
export function timelineOf(row: PermohonanRow, log: readonly JoinedLogRow[]): StatusChange[] {
  const current = decodeStatus(row.status);
  const submitted = isoDateTime(row.tgl_pengajuan);
  if (submitted === null) return change(current, isoDateTime(row.tgl_dibuat), null, null);
  const logged = log.filter((l) => l.log_id !== null).flatMap((l) => change(decodeStatus(l.log_status_baru), isoDateTime(l.log_tgl), cleanText(l.log_keterangan), cleanText(l.log_petugas)));
  const timeline = logged.some((c) => c.status === 'SUBMITTED') ? logged : [...change('SUBMITTED', submitted, null, null), ...logged];
  const last = timeline[timeline.length - 1];
  if (current && last?.status !== current) timeline.push(...change(current, isoDateTime(row.tgl_update), null, null));
  return timeline;
}

export function toOnlineApplication(row: PermohonanRow, log: readonly JoinedLogRow[]): OnlineApplication {
  return {
    registrationNumber: row.no_registrasi.trim(),
    serviceKind: decodeService(row.kode),
    serviceName: cleanText(row.nama_layanan),
    channel: decodeChannel(row.antar_ojol),
    servicePoint: { kind: 'ONLINE_PORTAL', id: null },
    applicantNik: row.nik_pemohon.trim(),
    status: decodeStatus(row.status),
    createdAt: isoDateTime(row.tgl_dibuat),
    submittedAt: isoDateTime(row.tgl_pengajuan),
    updatedAt: isoDateTime(row.tgl_update),
    standardDays: row.sla_hari === null ? null : Number(row.sla_hari),
    note: cleanText(row.catatan),
    timeline: timelineOf(row, log),
    reference: cleanText(row.ref_klien),
  };
}

/** Rows of applications joined with their log rows (ordered by application, then log) to applications, in the rows' order. */
export function groupApplications(rows: ReadonlyArray<PermohonanRow & JoinedLogRow>): OnlineApplication[] {
  const byId = new Map<number, { row: PermohonanRow; log: JoinedLogRow[] }>();
  for (const row of rows) {
    const id = Number(row.id_permohonan);
    const entry = byId.get(id) ?? { row, log: [] };
    entry.log.push(row);
    byId.set(id, entry);
  }
  return [...byId.values()].map(({ row, log }) => toOnlineApplication(row, log.sort((a, b) => Number(a.log_id) - Number(b.log_id))));
}

export interface LampiranRow {
  no_registrasi: string;
  jenis_dokumen: string;
  id_arsip: string;
  nama_file: string | null;
  tgl_unggah: string | Date | null;
}

export function toAttachment(row: LampiranRow): Attachment {
  return { documentType: cleanText(row.jenis_dokumen)?.toUpperCase() ?? '', archiveId: row.id_arsip.trim().toUpperCase(), fileName: cleanText(row.nama_file), uploadedAt: isoDateTime(row.tgl_unggah) };
}

/** The change feed's cursor: opaque to callers, the log row's id to us. */
const CURSOR = /^po1\.(\d{1,15})$/;

export function encodeCursor(logId: number): string {
  return `po1.${logId}`;
}

export function decodeCursor(cursor: string | null): number {
  if (cursor === null || cursor === '') return 0;
  const m = CURSOR.exec(cursor);
  if (!m) throw badUserInput('cursor', 'INVALID_CURSOR', 'cursor must be one this feed gave out.');
  return Number(m[1]);
}

/** '<regency4>-ONL-<YYYYMMDD>-': the portal's registration numbers of a day, before the serial. */
export function registrationPrefix(regencyCode: string, isoDay: string): string {
  return `${regencyCode.replace('.', '')}-ONL-${isoDay.replace(/-/g, '')}-`;
}

/** The day after an ISO date (for an inclusive upper bound on a DATETIME column). */
export function nextDay(isoDay: string): string {
  return new Date(Date.parse(`${isoDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
