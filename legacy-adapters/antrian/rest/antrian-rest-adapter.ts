import { cancellationOf, type Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { faultOf } from '../../base/resilience';
import type { RestLegacyClient } from '../../base/rest/client';
import { slices } from '../../base/rest/slices';
import { legacyDateFromIso } from '../../base/rest/dates';
import type { Appointment, AppointmentChanges, AppointmentCounts, AppointmentFilter, AppointmentRequest, AppointmentWorklistPage, AppointmentWorklistQuery, AntrianPort, FreeDay, FreeDaysQuery, TicketState } from '../port';
import {
  bookingBody, decodeCursor, decodeTicketState, encodeChannel, encodeCursor, encodeOffice, encodeServiceKind, filterQuery, groupByApplicant, statusOfTicket, toAppointment, toChange,
  type AntrianRecord, type PerubahanRecord,
} from './mapping';

/**
 * The queue and appointment application through its REST API. One call per port method whatever
 * the number of keys, up to the application's limit of 200 keys per call (beyond it, one call per
 * slice); the application answers a batch with no booking as status 14.
 *
 * The application's own refusals become domain errors without its wording: 62 (day full) is
 * CONFLICT DAY_FULL with the next free days (one more call, if time is left); 63, 64, 65 are
 * BAD_USER_INPUT; 66 is CONFLICT ALREADY_BOOKED; 67 (a status change that does not fit) is read
 * back: a booking already where it was asked to go is the answer (asking twice is safe), else
 * CONFLICT. Writes are made safe to ask again with the caller's reference (kd_referensi), unique
 * in the application: looked up before booking, and again after a POST that got no answer.
 */
const MAX_KEYS = 200;
const ALREADY_EXISTS = '51';
const INVALID_REQUEST = '05';
const DAY_FULL = '62';
const OUTSIDE_WINDOW = '63';
const OFFICE_CLOSED = '64';
const NOT_OFFERED = '65';
const ALREADY_BOOKED = '66';
const STATUS_MISMATCH = '67';
const REFUSALS = [ALREADY_EXISTS, DAY_FULL, OUTSIDE_WINDOW, OFFICE_CLOSED, NOT_OFFERED, ALREADY_BOOKED];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^\d{1,10}$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;
const MAX_CHANGES = 500;
const NEXT_FREE_DAYS = 5;

/** No answer came (timed out, connection cut): the request may have landed. */
function unanswered(error: unknown): boolean {
  if (!(error instanceof GerbangError)) return false;
  const fault = faultOf(error);
  return error.code === ErrorCode.LEGACY_TIMEOUT || (error.code === ErrorCode.LEGACY_UNAVAILABLE && fault !== undefined && fault.legacyStatus === undefined && fault.httpStatus === undefined);
}

function refusedByApplication(error: unknown): boolean {
  return faultOf(error)?.kind === 'rejected' && faultOf(error)?.legacyStatus === INVALID_REQUEST;
}

function notOffered(): GerbangError {
  return badUserInput('serviceKind', 'SERVICE_NOT_OFFERED', 'This office does not take appointments for this service; book it at the Dinas or another office.');
}

function officeCode(point: AppointmentRequest['servicePoint'], argument: string): string {
  const code = encodeOffice(point);
  if (!code) throw badUserInput(argument, 'UNKNOWN_SERVICE_POINT', 'Appointments are made at the Dinas or at a kecamatan office (with its code, e.g. 36.74.01).');
  return code;
}

function serviceCode(kind: AppointmentRequest['serviceKind']): string {
  const code = encodeServiceKind(kind);
  if (!code) throw notOffered();
  return code;
}

function checkDate(value: string | undefined, argument: string): void {
  if (value !== undefined && (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)) {
    throw badUserInput(argument, 'INVALID_DATE', 'Dates are ISO dates YYYY-MM-DD.');
  }
}

function checkId(id: string): void {
  if (!ID.test(id)) throw badUserInput('id', 'INVALID_ID', 'Not an appointment id of this application.');
}

export class AntrianRestAdapter implements AntrianPort {
  constructor(private readonly rest: RestLegacyClient) {}

  async appointmentsById(ids: readonly string[], deadline: Deadline): Promise<Map<string, Appointment>> {
    const result = new Map<string, Appointment>();
    // Ids that are no id of this application cannot be there: not sent.
    for (const slice of slices([...new Set(ids)].filter((id) => ID.test(id)), MAX_KEYS)) {
      const records = await this.rest.get<AntrianRecord[]>('/api/antrian', { id: slice }, deadline);
      for (const appointment of (records ?? []).map(toAppointment)) result.set(appointment.id, appointment);
    }
    return result;
  }

  async appointmentsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, Appointment[]>> {
    const result = new Map<string, Appointment[]>();
    for (const slice of slices([...new Set(niks)].filter((n) => /^\d{16}$/.test(n)), MAX_KEYS)) {
      const records = await this.rest.get<AntrianRecord[]>('/api/antrian', { nik: slice }, deadline);
      for (const [nik, list] of groupByApplicant(records ?? [], slice)) result.set(nik, list);
    }
    return result;
  }

  async book(request: AppointmentRequest, deadline: Deadline): Promise<Appointment> {
    if (!REFERENCE.test(request.reference)) throw badUserInput('reference', 'INVALID_REFERENCE', 'A reference is 1 to 40 letters, digits and / _ . - (starting with a letter or digit).');
    if (!/^\d{16}$/.test(request.applicantNik)) throw badUserInput('applicantNik', 'INVALID_NIK', 'A NIK is 16 digits.');
    checkDate(request.visitDate, 'visitDate');
    const office = officeCode(request.servicePoint, 'servicePoint');
    const service = serviceCode(request.serviceKind);
    const source = encodeChannel(request.channel);
    if (!source) throw badUserInput('channel', 'CHANNEL_NOT_BOOKABLE', 'Appointments are booked online or at the office.');
    const known = await this.byReference(request, deadline);
    if (known) return known;
    let answer;
    try {
      answer = await this.rest.post<AntrianRecord>('/api/antrian', bookingBody(request, office, service, source), deadline, REFUSALS);
    } catch (error) {
      if (refusedByApplication(error)) throw badUserInput('request', 'REFUSED_BY_APPLICATION', 'The appointment application refused this booking: check the NIK, the name and the phone number.');
      if (!unanswered(error) || cancellationOf(deadline)) throw error;
      const landed = await this.byReference(request, deadline).catch(() => undefined);
      if (landed) return landed;
      throw error;
    }
    switch (answer.status) {
      case DAY_FULL:
        throw await this.dayFull(request, deadline);
      case OUTSIDE_WINDOW:
        throw badUserInput('visitDate', 'OUTSIDE_BOOKING_WINDOW', 'Appointments can be booked from today up to the end of the booking window (30 days by default).');
      case OFFICE_CLOSED:
        throw badUserInput('visitDate', 'OFFICE_CLOSED', 'The office is closed that day (a weekend or a holiday); choose another day.');
      case NOT_OFFERED:
        throw notOffered();
      case ALREADY_BOOKED:
        throw new GerbangError(ErrorCode.CONFLICT, 'This resident already holds an open appointment for this service.', { argument: 'applicantNik', reason: 'ALREADY_BOOKED' });
      case ALREADY_EXISTS: {
        // Booked meanwhile by another try with the same reference.
        const existing = await this.byReference(request, deadline);
        if (existing) return existing;
        break;
      }
      default:
        if (answer.data) return toAppointment(answer.data);
    }
    throw new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'The antrian application is not available right now; try again later.', { app: 'antrian', retryable: true });
  }

  async freeDays(query: FreeDaysQuery, deadline: Deadline): Promise<FreeDay[]> {
    checkDate(query.from, 'from');
    if (!Number.isInteger(query.count) || query.count < 1 || query.count > 31) throw badUserInput('count', 'OUT_OF_RANGE', 'Ask for 1 to 31 days.');
    const office = officeCode(query.servicePoint, 'servicePoint');
    const service = serviceCode(query.serviceKind);
    const answer = await this.rest.call<Array<{ tanggal: string; kuota: number | string; sisa: number | string }>>(
      { method: 'GET', path: '/api/kuota', query: { kd_kantor: office, kd_layanan: service, tgl_dari: query.from && legacyDateFromIso(query.from), jumlah: query.count }, safe: true, accept: [NOT_OFFERED] },
      deadline,
    );
    if (answer.status === NOT_OFFERED) throw notOffered();
    return (answer.data ?? []).flatMap((d) => {
      const date = /^(\d{2})-(\d{2})-(\d{4})$/.exec(d.tanggal);
      return date ? [{ date: `${date[3]}-${date[2]}-${date[1]}`, capacity: Number(d.kuota), placesLeft: Number(d.sisa) }] : [];
    });
  }

  checkIn(id: string, counter: string | null, deadline: Deadline): Promise<Appointment> {
    if (counter !== null && !/^[A-Za-z]\d{2}$/.test(counter)) throw badUserInput('counter', 'INVALID_COUNTER', 'A counter is a letter and two digits, e.g. B02.');
    return this.move(id, 'checkin', 'CHECKED_IN', counter ? { loket: counter } : {}, deadline);
  }

  cancel(id: string, deadline: Deadline): Promise<Appointment> {
    return this.move(id, 'batal', 'CANCELLED', {}, deadline);
  }

  async worklist(query: AppointmentWorklistQuery, deadline: Deadline): Promise<AppointmentWorklistPage> {
    if (!Number.isInteger(query.page) || query.page < 1) throw badUserInput('page', 'OUT_OF_RANGE', 'Pages count from 1.');
    if (!Number.isInteger(query.perPage) || query.perPage < 1 || query.perPage > 100) throw badUserInput('perPage', 'OUT_OF_RANGE', 'A page holds 1 to 100 items.');
    const filter = this.filter(query);
    if (!filter) return { appointments: [], total: 0, hasNextPage: false };
    const page = await this.rest.getPage<AntrianRecord>('/api/daftar-antrian', filter, { halaman: query.page, perHalaman: query.perPage }, deadline);
    return { appointments: page.items.map(toAppointment), total: page.total, hasNextPage: page.hasNextPage };
  }

  async counts(filter: AppointmentFilter, deadline: Deadline): Promise<AppointmentCounts> {
    const counts: AppointmentCounts = { byStatus: {}, byTicketState: {}, total: 0 };
    const query = this.filter(filter);
    if (!query) return counts;
    const rows = (await this.rest.get<Array<{ status: string; jumlah: number | string }>>('/api/rekap', query, deadline)) ?? [];
    for (const row of rows) {
      const n = Number(row.jumlah);
      if (!Number.isFinite(n)) continue;
      counts.total += n;
      const state = decodeTicketState(row.status);
      const status = statusOfTicket(state);
      if (!state || !status) continue;
      counts.byTicketState[state] = (counts.byTicketState[state] ?? 0) + n;
      counts.byStatus[status] = (counts.byStatus[status] ?? 0) + n;
    }
    return counts;
  }

  async changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<AppointmentChanges> {
    const after = cursor === null ? 0 : decodeCursor(cursor);
    if (after === undefined) throw badUserInput('cursor', 'INVALID_CURSOR', 'This cursor was not given by the antrian change feed.');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CHANGES) throw badUserInput('limit', 'OUT_OF_RANGE', `Ask for 1 to ${MAX_CHANGES} changes.`);
    const records = (await this.rest.get<PerubahanRecord[]>('/api/riwayat', { sejak: after, jumlah: limit }, deadline)) ?? [];
    const changes = records.flatMap((r) => toChange(r, encodeCursor(r.id_log)) ?? []);
    // The cursor moves past steps this port cannot read too, so that they do not block the feed.
    const last = records.at(-1);
    return { changes, cursor: last ? encodeCursor(last.id_log) : encodeCursor(after) };
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.rest.ping(deadline);
  }

  private filter(filter: AppointmentFilter): Record<string, string | string[] | undefined> | undefined {
    for (const [value, argument] of [[filter.submittedFrom, 'submittedFrom'], [filter.submittedTo, 'submittedTo'], [filter.visitFrom, 'visitFrom'], [filter.visitTo, 'visitTo']] as const) checkDate(value, argument);
    return filterQuery(filter);
  }

  /** A status change asked of the application; one that already happened answers the booking as it is. */
  private async move(id: string, action: 'checkin' | 'batal', target: TicketState, body: Record<string, string>, deadline: Deadline): Promise<Appointment> {
    checkId(id);
    let answer;
    try {
      answer = await this.rest.post<AntrianRecord>(`/api/antrian/${id}/${action}`, body, deadline, [STATUS_MISMATCH]);
    } catch (error) {
      if (!unanswered(error) || cancellationOf(deadline)) throw error;
      const landed = (await this.appointmentsById([id], deadline).catch(() => undefined))?.get(id);
      if (landed?.ticketState === target) return landed;
      throw error;
    }
    if (answer.status === '14') throw new GerbangError(ErrorCode.NOT_FOUND, 'No such appointment.', { argument: 'id', reason: 'NOT_FOUND' });
    if (answer.status === '00' && answer.data) return toAppointment(answer.data);
    const current = (await this.appointmentsById([id], deadline)).get(id);
    if (!current) throw new GerbangError(ErrorCode.NOT_FOUND, 'No such appointment.', { argument: 'id', reason: 'NOT_FOUND' });
    if (current.ticketState === target) return current;
    if (target === 'CHECKED_IN' && current.ticketState === 'BOOKED') {
      throw new GerbangError(ErrorCode.CONFLICT, 'An appointment is checked in on its visit day only.', { argument: 'id', reason: 'NOT_THE_VISIT_DAY' });
    }
    throw new GerbangError(ErrorCode.CONFLICT, 'The appointment can no longer change this way.', { argument: 'id', reason: 'STATUS_DOES_NOT_ALLOW', ticketState: current.ticketState });
  }

  /** CONFLICT DAY_FULL, with the next days that have places when the application can say in time. */
  private async dayFull(request: AppointmentRequest, deadline: Deadline): Promise<GerbangError> {
    const next = await this.freeDays({ servicePoint: request.servicePoint, serviceKind: request.serviceKind, from: request.visitDate, count: NEXT_FREE_DAYS }, deadline).catch(() => undefined);
    return new GerbangError(ErrorCode.CONFLICT, 'No places are left that day for this service at this office; choose one of the next free days.', {
      argument: 'visitDate',
      reason: 'DAY_FULL',
      nextFreeDays: next?.map((d) => d.date) ?? [],
    });
  }

  /** The booking already made under this reference; CONFLICT when it is another resident's. */
  private async byReference(request: AppointmentRequest, deadline: Deadline): Promise<Appointment | undefined> {
    const records = await this.rest.get<AntrianRecord[]>('/api/antrian', { kd_referensi: request.reference }, deadline);
    const appointment = records?.map(toAppointment)[0];
    if (appointment && appointment.applicantNik !== request.applicantNik) {
      throw new GerbangError(ErrorCode.CONFLICT, 'This reference was already used for another resident\'s appointment.', { argument: 'reference', reason: 'REFERENCE_IN_USE' });
    }
    return appointment;
  }
}
