import { createHash } from 'node:crypto';
import type { AntrianPort, FreeDay } from '@adapters/antrian';
import type { SiakPort } from '@adapters/siak';
import { recordAccess, type AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import type { ServiceKind, ServicePointKind } from '@core/domain/services';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { checkIdempotencyKey, type OutboxMutations } from '@core/outbox';
import type { Tenant } from '@core/tenants';
import { requireNik } from '@core/validation';
import type { SubmissionView } from './context';
import { parseRequestId } from './ids';
import { counterStaffNipOf } from './legalisation';
import type { ServicesLoaders } from './loaders';
import type { ServiceRouting } from './routing/routing';
import { withinRegion } from '@core/domain/regions';
import type { RequestRows } from './row-access';
import { ANTRIAN, fromAppointment } from './sources/antrian';
import { KECAMATAN } from './sources/kecamatan';
import type { ServiceRequestRecord } from './sources/source';
import { submissionView } from './submissions';
import { capped, dayFull, tenantQuota } from './quotas';
import { optionalPhone, requireServicePoint } from './validation';
import { appointmentReference } from './sources/links';
import { SUBMIT, type CounterFiling } from './writers';

/**
 * Appointments (antrian, #15): the free days of an office's queue, booking a place, and checking
 * a resident in at the counter. Booking and check-in are asked of antrian at once, not through the
 * outbox: the quota is antrian's to keep, so only its answer says whether the day has room (a full
 * day is CONFLICT DAY_FULL with `nextFreeDays`), and the resident stands at the desk for the
 * check-in. antrian down is LEGACY_UNAVAILABLE; asking again with the same key books nothing twice
 * (antrian keeps the reference). At check-in at a kecamatan, the counter request is written into
 * the kecamatan application through the outbox, its reference naming the booking (`GB-APT-<id>`),
 * so the request is linked to its appointment for good.
 */
export const BOOK_OPERATION = 'bookAppointment';
export const CHECK_IN_OPERATION = 'checkInAppointment';
const OFFICES: ReadonlySet<ServicePointKind> = new Set(['DINAS', 'KECAMATAN']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const COUNTER = /^[A-Z0-9]{1,8}$/;

export interface BookAppointmentInput {
  service: ServiceKind;
  servicePoint: { kind: ServicePointKind; id?: string | null };
  applicantNik: string;
  visitDate: string;
  phone?: string | null;
}

export interface FreeDaysInput {
  service: ServiceKind;
  servicePoint: { kind: ServicePointKind; id?: string | null };
  from?: string | null;
  days?: number | null;
}

export interface CheckInView {
  appointment: ServiceRequestRecord;
  /** The counter request written into the kecamatan application; null at the Dinas (its queue is the request). */
  counterRequest: SubmissionView | null;
}

export interface Appointments {
  freeDays(input: FreeDaysInput): Promise<FreeDay[]>;
  book(input: BookAppointmentInput, key: string): Promise<ServiceRequestRecord>;
  checkIn(id: string, counter: string | null | undefined): Promise<CheckInView>;
  cancel(id: string): Promise<ServiceRequestRecord>;
}

export interface AppointmentDeps {
  port?: AntrianPort;
  siak: SiakPort;
  audit: AuditWriter;
  mutations: OutboxMutations;
}

const refused = (reason: string, message: string) => new GerbangError(ErrorCode.FORBIDDEN, message, { reason });

export function appointments(deps: AppointmentDeps, loaders: ServicesLoaders, rows: RequestRows, request: RequestContext, tenant: Tenant, routing: ServiceRouting, deadline: Deadline): Appointments {
  const principalId = request.principal.kind === 'anonymous' ? null : request.principal.id;
  const region = request.principal.kind === 'user' ? request.principal.region : undefined;
  const antrian = () => {
    if (!deps.port || !routing.apps().includes(ANTRIAN)) throw badUserInput('input', 'NOT_ROUTED', `${tenant.name} takes no appointments through this API.`);
    return deps.port;
  };
  /** An office with a queue the tenant routes this service to. */
  const office = (input: { service: ServiceKind; servicePoint: FreeDaysInput['servicePoint'] }, argument: string) => {
    const point = requireServicePoint(input.servicePoint, tenant, routing, argument);
    if (!OFFICES.has(point.kind)) throw badUserInput(`${argument}.kind`, 'NO_QUEUE_HERE', 'Appointments are booked at the Dinas or a kecamatan office.');
    if (routing.route(input.service, 'ONLINE', point.kind) !== ANTRIAN) throw badUserInput('input.service', 'NOT_ROUTED', `${tenant.name} takes no appointments for ${input.service} at a ${point.kind} office.`);
    return point;
  };
  const isoDate = (value: string, argument: string) => {
    const date = value.trim();
    if (!ISO_DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) throw badUserInput(argument, 'INVALID_DATE', 'A date like 2026-12-07.');
    return date;
  };
  const auditWrite = (operation: string, niks: string[]) => recordAccess(deps.audit, request, { operation: `services.${operation}`, access: 'write', niks });
  /** The booking, as the caller may see it (row rules and audit of the loaders). */
  const appointmentOf = async (id: string) => {
    const ref = parseRequestId(id);
    if (ref.app !== ANTRIAN) throw badUserInput('id', 'NOT_AN_APPOINTMENT', 'This request is not an appointment.');
    rows.guard();
    const found = await loaders.requestByRef.load(ref);
    if (!found) throw rows.withheld(`${ref.app}:${ref.localId}`) ?? new GerbangError(ErrorCode.NOT_FOUND, 'There is no such appointment.', { reason: 'UNKNOWN_REQUEST' });
    return found;
  };

  return {
    async freeDays(input) {
      const port = antrian();
      const point = office(input, 'servicePoint');
      const days = input.days ?? 7;
      if (!Number.isInteger(days) || days < 1 || days > 31) throw badUserInput('days', 'OUT_OF_RANGE', 'Ask for 1 to 31 days.');
      const from = input.from ? isoDate(input.from, 'from') : undefined;
      const open = await port.freeDays({ servicePoint: point, serviceKind: input.service, count: days, ...(from ? { from } : {}) }, deadline);
      return capped(open, tenantQuota(routing, point, input.service));
    },

    async book(input, key) {
      checkIdempotencyKey(key);
      const port = antrian();
      const point = office(input, 'input.servicePoint');
      const applicantNik = requireNik(input.applicantNik, 'input.applicantNik');
      const visitDate = isoDate(input.visitDate, 'input.visitDate');
      const phone = optionalPhone(input.phone);
      rows.guard();
      const residentBooks = rows.residentMayApplyFor(applicantNik, deadline);
      if (residentBooks) {
        if (!(await residentBooks)) throw refused('NOT_YOUR_FAMILY', 'You may book only for yourself and your own family card.');
      } else if (!rows.mayWriteAt(point.id ?? tenant.regencyCode)) throw rows.outside();
      const resident = (await deps.siak.residentsByNik([applicantNik], deadline)).get(applicantNik);
      if (!resident) throw badUserInput('input.applicantNik', 'UNKNOWN_RESIDENT', 'No resident with this NIK is in the civil register.');
      // The tenant's own cap on the day (antrian's quota is antrian's to enforce): one call to read the day.
      const cap = tenantQuota(routing, point, input.service);
      if (cap !== undefined) {
        const around = await port.freeDays({ servicePoint: point, serviceKind: input.service, from: visitDate, count: 10 }, deadline);
        const left = capped(around, cap);
        // A day antrian itself has no place on is its own refusal (with its next days) below.
        if (around.some((d) => d.date === visitDate) && !left.some((d) => d.date === visitDate)) throw dayFull(left.filter((d) => d.date > visitDate));
      }
      await auditWrite(BOOK_OPERATION, [applicantNik]);
      // Per caller and key: the same key from two callers is two bookings, never one shared.
      const reference = `GB-APT-${createHash('sha256').update(`${tenant.id}\u0000${principalId ?? ''}\u0000${key}`).digest('hex').slice(0, 24)}`;
      const booked = await port.book({
        reference, applicantNik, applicantName: resident.name, ...(phone ? { phone } : {}), servicePoint: point, serviceKind: input.service, visitDate,
        // Residents book from home; staff give a walk-in a ticket at the office.
        channel: residentBooks ? 'ONLINE' : 'OFFLINE',
      }, deadline);
      return fromAppointment(booked);
    },

    async checkIn(id, counterInput) {
      const port = antrian();
      const counter = counterInput?.trim().toUpperCase() || null;
      if (counter && !COUNTER.test(counter)) throw badUserInput('counter', 'INVALID', 'A counter like B02.');
      const booking = await appointmentOf(id);
      const point = booking.servicePoint;
      // The office's own staff check residents in: a kecamatan's officers, or the Dinas's.
      const officeRegion = point.kind === 'KECAMATAN' && point.id ? point.id : tenant.regencyCode;
      if (request.principal.kind !== 'user' || !region || !withinRegion(officeRegion, region) || !request.principal.scopes?.includes('services:work')) {
        throw refused('NOT_YOUR_COUNTER', 'Only the officers of this office check its appointments in.');
      }
      const nip = counterStaffNipOf(request);
      const applicantNik = booking.applicantNik!;
      await auditWrite(CHECK_IN_OPERATION, [applicantNik]);
      const ref = parseRequestId(id);
      const appointment = fromAppointment(await port.checkIn(ref.localId, counter, deadline));
      // What this request reads of the booking from now on is the checked-in one (the counter request's history).
      loaders.requestByRef.clear(ref).prime(ref, appointment);
      const service = appointment.service;
      if (point.kind !== 'KECAMATAN' || !service || routing.route(service, 'OFFLINE', 'KECAMATAN') !== KECAMATAN) return { appointment, counterRequest: null };
      if (!nip) throw refused('NIP_REQUIRED', 'The counter application records the officer\'s NIP: sign in with the account of your NIP.');
      const resident = (await deps.siak.residentsByNik([applicantNik], deadline)).get(applicantNik);
      const payload: CounterFiling = {
        clientReference: appointmentReference(appointment.localId), service: service as CounterFiling['service'], kecamatanCode: point.id!, applicantNik,
        applicantName: resident?.name ?? 'TIDAK DIKETAHUI', ...(resident?.familyNumber ? { familyCardNumber: resident.familyNumber } : {}), counterStaffNip: nip,
      };
      // One counter request per booking, whoever checks it in and however often.
      const outcome = await deps.mutations.run({ tenant: tenant.id, principalId, key: `appointment-${appointment.localId}`, operation: CHECK_IN_OPERATION, input: { id } }, async () => ({
        result: { reference: payload.clientReference, app: KECAMATAN },
        messages: [{ target: KECAMATAN, operation: SUBMIT, payload }],
      }), deadline);
      return { appointment, counterRequest: submissionView(outcome.status, outcome.replayed) };
    },

    async cancel(id) {
      const port = antrian();
      const booking = await appointmentOf(id);
      // Residents cancel their family's bookings; staff of the office cancel for a resident at the desk.
      if (request.principal.kind === 'user' && request.principal.scopes?.includes('self:read') && !request.principal.scopes?.includes('services:work')) {
        const own = rows.residentMayApplyFor(booking.applicantNik!, deadline);
        if (own && !(await own)) throw refused('NOT_YOUR_FAMILY', 'You may cancel only your own family\'s appointments.');
      } else if (!rows.mayWriteAt(booking.servicePoint.id ?? tenant.regencyCode)) throw rows.outside();
      await auditWrite('cancelAppointment', [booking.applicantNik!]);
      return fromAppointment(await port.cancel(parseRequestId(id).localId, deadline));
    },
  };
}
