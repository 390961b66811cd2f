/**
 * The appointment port: what subgraphs may ask of the queue and appointment application
 * (`antrian`, catalogue #15), in domain terms. A booking is a resident's request for a service at
 * an office (the Dinas or a kecamatan) on a day, with a ticket; it is shown as a service request
 * with the shared vocabulary of core/domain/services.ts, and keeps the ticket's own state too.
 * Served by the REST adapter (./rest) over the application's API.
 *
 * Batch methods take many keys and return a Map (one call to the application per batch); keys
 * without a record are absent. Every method takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';
import type { Channel, RequestStatus, ServiceKind, ServicePoint, StatusChange } from '@core/domain/services';

/** The ticket's own life, finer than RequestStatus (a no-show and a cancellation are both CANCELLED there). */
export const TICKET_STATES = ['BOOKED', 'CHECKED_IN', 'SERVED', 'NO_SHOW', 'CANCELLED'] as const;
export type TicketState = (typeof TICKET_STATES)[number];

/** One step of a booking's timeline, with the ticket state it reached. */
export interface AppointmentStatusChange extends StatusChange {
  ticketState: TicketState;
}

export interface Appointment {
  /** The application's booking id (opaque; unique in this application). */
  id: string;
  /** As printed and called out at the office, e.g. 'A-017' (unique per office, queue and day only). */
  ticket: string;
  serviceKind: ServiceKind | null;
  /** ONLINE for the booking site and app, OFFLINE for a ticket taken at the office. */
  channel: Channel | null;
  /** The office: DINAS, or KECAMATAN with its dotted code ('36.74.01'); null for a code this port does not know. */
  servicePoint: ServicePoint | null;
  applicantNik: string;
  /** As the resident gave it (UPPERCASE in the app); null when none. */
  applicantName: string | null;
  /** ISO date of the visit. */
  visitDate: string | null;
  /** SUBMITTED (booked), IN_PROCESS (checked in), COMPLETED (served), CANCELLED (cancelled or never came). */
  status: RequestStatus | null;
  ticketState: TicketState | null;
  /** ISO local date-time 'YYYY-MM-DDTHH:mm:ss' (office time, no zone). */
  submittedAt: string | null;
  /** The counter that served it, e.g. 'B02'. */
  counter: string | null;
  /** The booking site's or caller's reference; null for tickets taken at the office. */
  reference: string | null;
  /** Oldest first; steps with a state this port does not know are left out. */
  timeline: AppointmentStatusChange[];
}

export interface AppointmentRequest {
  /** The caller's own unique reference: asking again with it never books twice. */
  reference: string;
  applicantNik: string;
  applicantName?: string | null;
  /** A mobile number for the app's reminders, digits with an optional leading +. */
  phone?: string | null;
  /** DINAS or KECAMATAN (dotted kecamatan code). */
  servicePoint: ServicePoint;
  serviceKind: ServiceKind;
  /** ISO date. */
  visitDate: string;
  /** ONLINE (booked from home) or OFFLINE (a ticket taken at the office). */
  channel: Channel;
}

/** An open day with places left in a queue. */
export interface FreeDay {
  /** ISO date. */
  date: string;
  /** Places the queue has that day. */
  capacity: number;
  placesLeft: number;
}

export interface FreeDaysQuery {
  servicePoint: ServicePoint;
  serviceKind: ServiceKind;
  /** ISO date to look from (default: the application's today). */
  from?: string;
  /** How many days to list, 1–31. */
  count: number;
}

export interface AppointmentFilter {
  servicePoint?: ServicePoint;
  statuses?: readonly RequestStatus[];
  ticketStates?: readonly TicketState[];
  serviceKinds?: readonly ServiceKind[];
  /** ISO dates, inclusive, on the booking's registration. */
  submittedFrom?: string;
  submittedTo?: string;
  /** ISO dates, inclusive, on the visit date. */
  visitFrom?: string;
  visitTo?: string;
}

export interface AppointmentWorklistQuery extends AppointmentFilter {
  /** 1-based. */
  page: number;
  /** 1–100. */
  perPage: number;
}

/** In the order the bookings were made (registration time, then id): stable from page to page. */
export interface AppointmentWorklistPage {
  appointments: Appointment[];
  total: number | undefined;
  hasNextPage: boolean;
}

export interface AppointmentCounts {
  byStatus: Partial<Record<RequestStatus, number>>;
  byTicketState: Partial<Record<TicketState, number>>;
  total: number;
}

/** A step a booking took, as the application logged it, with the booking as it stands now. */
export interface AppointmentChange {
  /** Where this change sits in the application's log: pass it back to continue after it. */
  cursor: string;
  appointmentId: string;
  ticket: string;
  applicantNik: string;
  serviceKind: ServiceKind | null;
  servicePoint: ServicePoint | null;
  channel: Channel | null;
  visitDate: string | null;
  change: AppointmentStatusChange;
  /** Where the booking stands now (it may have moved on since this change). */
  currentStatus: RequestStatus | null;
}

export interface AppointmentChanges {
  /** Oldest first. */
  changes: AppointmentChange[];
  /** The cursor to ask with next (the last change's, or the one given when there was none). */
  cursor: string;
}

export interface AntrianPort {
  appointmentsById(ids: readonly string[], deadline: Deadline): Promise<Map<string, Appointment>>;
  /** Every booking each resident made, oldest first. */
  appointmentsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, Appointment[]>>;
  /**
   * Books a place, once per reference: a reference already booked answers that booking (CONFLICT
   * REFERENCE_IN_USE if it was another resident's). A full day is CONFLICT DAY_FULL with the next
   * days that have places (`nextFreeDays`, ISO dates); a closed day, a day outside the booking
   * window, or a queue the office does not open are BAD_USER_INPUT; a resident who already holds
   * an open booking in that queue is CONFLICT ALREADY_BOOKED.
   */
  book(request: AppointmentRequest, deadline: Deadline): Promise<Appointment>;
  /** Open days with places, from a date on, in one call. */
  freeDays(query: FreeDaysQuery, deadline: Deadline): Promise<FreeDay[]>;
  /** The resident arrived (on the visit day only); asking again answers the same booking. */
  checkIn(id: string, counter: string | null, deadline: Deadline): Promise<Appointment>;
  /** The resident cancels (while booked); asking again answers the same booking. */
  cancel(id: string, deadline: Deadline): Promise<Appointment>;
  /** One page of bookings, one call whatever its size. */
  worklist(query: AppointmentWorklistQuery, deadline: Deadline): Promise<AppointmentWorklistPage>;
  /** How many bookings per status under a filter, one call. */
  counts(filter: AppointmentFilter, deadline: Deadline): Promise<AppointmentCounts>;
  /**
   * Status changes logged after `cursor` (null: from the beginning of the log), oldest first, at
   * most `limit` (1–500), the office's own included: poll with the cursor returned.
   */
  changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<AppointmentChanges>;
  /** Throws LEGACY_UNAVAILABLE when the application cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
