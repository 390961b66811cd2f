import type { Channel, RequestStatus, ServiceKind, ServicePoint } from '@core/domain/services';
import { isoDateFromLegacy, isoDateTimeFromLegacy, legacyDateFromIso } from '../../base/rest/dates';
import type { Appointment, AppointmentChange, AppointmentFilter, AppointmentRequest, AppointmentStatusChange, TicketState } from '../port';

/**
 * The queue application's records, decoded. Its quirks stop here:
 * - the office is a code: '00' the Dinas, else the kecamatan's region code without dots;
 * - the service is its queue's letter (A–L), the channel where it was booked (WEB, APP, LOKET);
 * - the status is the vendor's words (BOOKED, CHECK_IN, SELESAI, NO_SHOW, BATAL), mapped onto
 *   the shared RequestStatus and kept as the ticket's own state; unknown words become null (and
 *   a history step with one is left out of the timeline);
 * - the id is a JSON number; blanks ('' ) mean none; dates 'DD-MM-YYYY', moments local
 *   'DD-MM-YYYY HH:mm:ss'.
 */
export interface RiwayatRecord {
  status?: string | null;
  waktu?: string | null;
  petugas?: string | null;
  ket?: string | null;
}

export interface AntrianRecord {
  id_antrian: number | string;
  no_tiket?: string | null;
  kd_kantor?: string | null;
  kd_layanan?: string | null;
  tgl_kunjungan?: string | null;
  nik?: string | number | null;
  nama?: string | null;
  no_hp?: string | null;
  sumber?: string | null;
  status?: string | null;
  jam_daftar?: string | null;
  loket?: string | null;
  petugas?: string | null;
  kd_referensi?: string | null;
  riwayat?: RiwayatRecord[] | null;
}

export interface PerubahanRecord {
  id_log: number | string;
  id_antrian: number | string;
  no_tiket?: string | null;
  kd_kantor?: string | null;
  kd_layanan?: string | null;
  tgl_kunjungan?: string | null;
  nik?: string | number | null;
  sumber?: string | null;
  status?: string | null;
  waktu?: string | null;
  petugas?: string | null;
  ket?: string | null;
  status_terkini?: string | null;
}

const SERVICES: Record<string, ServiceKind> = {
  A: 'FIRST_ID_CARD',
  B: 'ID_CARD_REPLACEMENT',
  C: 'FAMILY_CARD_NEW',
  D: 'FAMILY_CARD_CHANGE',
  E: 'CHILD_ID_CARD',
  F: 'BIRTH_REGISTRATION',
  G: 'DEATH_REGISTRATION',
  H: 'MOVE_OUT',
  I: 'MOVE_IN',
  J: 'DIGITAL_ID_ACTIVATION',
  K: 'MARRIAGE_REGISTRATION',
  L: 'DIVORCE_REGISTRATION',
};
const TICKET_STATES: Record<string, TicketState> = { BOOKED: 'BOOKED', CHECK_IN: 'CHECKED_IN', SELESAI: 'SERVED', NO_SHOW: 'NO_SHOW', BATAL: 'CANCELLED' };
/** A ticket state as a request's status: a no-show ends the request as a cancellation does. */
const STATUS_OF_TICKET: Record<TicketState, RequestStatus> = { BOOKED: 'SUBMITTED', CHECKED_IN: 'IN_PROCESS', SERVED: 'COMPLETED', NO_SHOW: 'CANCELLED', CANCELLED: 'CANCELLED' };
const CHANNELS: Record<string, Channel> = { WEB: 'ONLINE', APP: 'ONLINE', LOKET: 'OFFLINE' };
const DINAS = '00';

/** Blank-looking values ('', '-', whitespace) to null; blanks inside collapsed. */
export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(/\s+/g, ' ').trim();
  return cleaned === '' || cleaned === '-' ? null : cleaned;
}

function word(value: unknown): string {
  return typeof value === 'string' ? value.trim().toUpperCase().replace(/[\s-]+/g, '_') : '';
}

export const decodeServiceKind = (value: unknown): ServiceKind | null => SERVICES[word(value)] ?? null;
export const decodeTicketState = (value: unknown): TicketState | null => TICKET_STATES[word(value)] ?? null;
export const decodeChannel = (value: unknown): Channel | null => CHANNELS[word(value)] ?? null;

export function statusOfTicket(state: TicketState | null): RequestStatus | null {
  return state ? STATUS_OF_TICKET[state] : null;
}

/** '00' → the Dinas; '367401' → kecamatan '36.74.01'; anything else null. */
export function decodeOffice(value: unknown): ServicePoint | null {
  const code = typeof value === 'string' ? value.trim() : '';
  if (code === DINAS) return { kind: 'DINAS', id: null };
  if (/^\d{6}$/.test(code)) return { kind: 'KECAMATAN', id: `${code.slice(0, 2)}.${code.slice(2, 4)}.${code.slice(4)}` };
  return null;
}

/** The office code for a service point; undefined for a point the application has no office for. */
export function encodeOffice(point: ServicePoint): string | undefined {
  if (point.kind === 'DINAS') return DINAS;
  if (point.kind === 'KECAMATAN' && point.id && /^\d{2}\.\d{2}\.\d{2}$/.test(point.id)) return point.id.replace(/\./g, '');
  return undefined;
}

export function encodeServiceKind(kind: ServiceKind): string | undefined {
  return Object.entries(SERVICES).find(([, k]) => k === kind)?.[0];
}

/** Where a booking comes from, as the application records it; undefined for a channel it does not take. */
export function encodeChannel(channel: Channel): string | undefined {
  return channel === 'ONLINE' ? 'WEB' : channel === 'OFFLINE' ? 'LOKET' : undefined;
}

/** The vendor's words for the request statuses asked for (CANCELLED covers no-shows too). */
export function encodeStatuses(statuses: readonly RequestStatus[]): string[] {
  return Object.entries(TICKET_STATES).filter(([, state]) => statuses.includes(STATUS_OF_TICKET[state])).map(([code]) => code);
}

export function encodeTicketStates(states: readonly TicketState[]): string[] {
  return Object.entries(TICKET_STATES).filter(([, state]) => states.includes(state)).map(([code]) => code);
}

/** A 16-digit NIK sent as text or a JSON number. */
export function decodeNik(value: unknown): string {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value).padStart(16, '0') : '';
  return typeof value === 'string' ? value.trim() : '';
}

export function decodeId(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
}

function decodeStep(record: RiwayatRecord): AppointmentStatusChange | undefined {
  const ticketState = decodeTicketState(record.status);
  const at = isoDateTimeFromLegacy(record.waktu);
  if (!ticketState || !at) return undefined;
  return { status: STATUS_OF_TICKET[ticketState], ticketState, at, note: cleanText(record.ket), by: cleanText(record.petugas) };
}

export function toAppointment(record: AntrianRecord): Appointment {
  const ticketState = decodeTicketState(record.status);
  return {
    id: decodeId(record.id_antrian),
    ticket: cleanText(record.no_tiket) ?? '',
    serviceKind: decodeServiceKind(record.kd_layanan),
    channel: decodeChannel(record.sumber),
    servicePoint: decodeOffice(record.kd_kantor),
    applicantNik: decodeNik(record.nik),
    applicantName: cleanText(record.nama),
    visitDate: isoDateFromLegacy(record.tgl_kunjungan),
    status: statusOfTicket(ticketState),
    ticketState,
    submittedAt: isoDateTimeFromLegacy(record.jam_daftar),
    counter: cleanText(record.loket),
    reference: cleanText(record.kd_referensi),
    timeline: (record.riwayat ?? []).flatMap((step) => decodeStep(step) ?? []),
  };
}

/** A log entry; undefined for a step whose state this port does not know (it is skipped, its cursor still counts). */
export function toChange(record: PerubahanRecord, cursor: string): AppointmentChange | undefined {
  const change = decodeStep(record);
  if (!change) return undefined;
  return {
    cursor,
    appointmentId: decodeId(record.id_antrian),
    ticket: cleanText(record.no_tiket) ?? '',
    applicantNik: decodeNik(record.nik),
    serviceKind: decodeServiceKind(record.kd_layanan),
    servicePoint: decodeOffice(record.kd_kantor),
    channel: decodeChannel(record.sumber),
    visitDate: isoDateFromLegacy(record.tgl_kunjungan),
    change,
    currentStatus: statusOfTicket(decodeTicketState(record.status_terkini)),
  };
}

/** Bookings grouped under each asked NIK, in the application's order (oldest first). */
export function groupByApplicant(records: readonly AntrianRecord[], asked: readonly string[]): Map<string, Appointment[]> {
  const wanted = new Set(asked);
  const byNik = new Map<string, Appointment[]>();
  for (const appointment of records.map(toAppointment)) {
    if (!wanted.has(appointment.applicantNik)) continue;
    const list = byNik.get(appointment.applicantNik);
    if (list) list.push(appointment);
    else byNik.set(appointment.applicantNik, [appointment]);
  }
  return byNik;
}

/** The POST body the application reads; undefined fields are left out. */
export function bookingBody(request: AppointmentRequest, office: string, service: string, source: string): Record<string, string | undefined> {
  return {
    kd_referensi: request.reference,
    nik: request.applicantNik,
    nama: request.applicantName ?? undefined,
    no_hp: request.phone ?? undefined,
    kd_kantor: office,
    kd_layanan: service,
    tgl_kunjungan: legacyDateFromIso(request.visitDate),
    sumber: source,
  };
}

/**
 * The list filters as query parameters; undefined when the filter can match nothing in this
 * application (a status, service or service point it never holds), so that no call is made.
 */
export function filterQuery(filter: AppointmentFilter): Record<string, string | string[] | undefined> | undefined {
  let office: string | undefined;
  if (filter.servicePoint) {
    office = encodeOffice(filter.servicePoint);
    if (!office) return undefined;
  }
  let status: string[] | undefined;
  if (filter.statuses) status = encodeStatuses(filter.statuses);
  if (filter.ticketStates) {
    const states = encodeTicketStates(filter.ticketStates);
    status = status ? status.filter((s) => states.includes(s)) : states;
  }
  if (status && status.length === 0) return undefined;
  let services: string[] | undefined;
  if (filter.serviceKinds) {
    services = filter.serviceKinds.flatMap((k) => encodeServiceKind(k) ?? []);
    if (services.length === 0) return undefined;
  }
  return {
    kd_kantor: office,
    status,
    kd_layanan: services,
    tgl_daftar_dari: filter.submittedFrom && legacyDateFromIso(filter.submittedFrom),
    tgl_daftar_sampai: filter.submittedTo && legacyDateFromIso(filter.submittedTo),
    tgl_kunjungan_dari: filter.visitFrom && legacyDateFromIso(filter.visitFrom),
    tgl_kunjungan_sampai: filter.visitTo && legacyDateFromIso(filter.visitTo),
  };
}

/** The change log's cursor: the application's log id, wrapped so that callers cannot mistake it for anything else. */
const CURSOR = /^antrian:log:(\d{1,10})$/;

export function encodeCursor(logId: number | string): string {
  return `antrian:log:${String(logId).trim()}`;
}

/** The log id inside a cursor; undefined for a cursor this adapter did not make. */
export function decodeCursor(cursor: string): number | undefined {
  const m = CURSOR.exec(cursor);
  return m ? Number(m[1]) : undefined;
}
