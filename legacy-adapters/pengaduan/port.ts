/**
 * The complaints port: what the services subgraph may ask of the complaints desk (catalogue #20,
 * "pengaduan"), in domain terms. A complaint is not a service request: it has its own types here,
 * and may name the service request it is about (`serviceRequestNumber`, as the resident typed it).
 * Served by the REST adapter (./rest) over the desk's API.
 *
 * Batch methods take many keys and return a Map (one call to the desk per batch); keys without a
 * complaint are absent. Every method takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';
import type { Channel, ServicePoint } from '@core/domain/services';

export type ComplaintCategory =
  | 'ID_CARD' | 'FAMILY_CARD' | 'CIVIL_REGISTRY' | 'MOVING' | 'ONLINE_SERVICE' | 'QUEUE' | 'STAFF_CONDUCT' | 'ILLEGAL_FEES' | 'OTHER';
export const COMPLAINT_CATEGORIES: readonly ComplaintCategory[] = ['ID_CARD', 'FAMILY_CARD', 'CIVIL_REGISTRY', 'MOVING', 'ONLINE_SERVICE', 'QUEUE', 'STAFF_CONDUCT', 'ILLEGAL_FEES', 'OTHER'];

/** RECEIVED → IN_PROGRESS (sent to the unit concerned) → ANSWERED → CLOSED; ANSWERED may go back to IN_PROGRESS; REJECTED (not a complaint). */
export type ComplaintStatus = 'RECEIVED' | 'IN_PROGRESS' | 'ANSWERED' | 'CLOSED' | 'REJECTED';
export const COMPLAINT_STATUSES: readonly ComplaintStatus[] = ['RECEIVED', 'IN_PROGRESS', 'ANSWERED', 'CLOSED', 'REJECTED'];

/** How the complaint came in. WEB, SMS and SOCIAL_MEDIA are the ONLINE channel; COUNTER is OFFLINE. */
export type ComplaintSource = 'WEB' | 'SMS' | 'COUNTER' | 'SOCIAL_MEDIA';

/** One step of a complaint's history, as the desk recorded it. */
export interface ComplaintEntry {
  /** The desk's id of this step (ordered: later steps have larger ids). */
  id: string;
  /** SUBMITTED: the complaint came in; ANSWERED: an officer's answer to the resident; STATUS_CHANGED: a status change (a note may ride on it). */
  kind: 'SUBMITTED' | 'ANSWERED' | 'STATUS_CHANGED' | null;
  /** The complaint's status after this step. */
  status: ComplaintStatus | null;
  /** The answer or note; null when none. */
  text: string | null;
  /** The officer (user name or NIP); null for the resident or the desk itself. */
  by: string | null;
  /** ISO local date-time 'YYYY-MM-DDTHH:mm:ss' (office time, no zone). */
  at: string | null;
  /** The caller's reference when the step was made through the API; null otherwise. */
  reference: string | null;
}

/** A complaint as worklists show it (without its text and history). */
export interface ComplaintSummary {
  /** The desk's ticket number, e.g. 'ADU-202611-00017'. */
  ticketNumber: string;
  /** The submitter's own reference (idempotency key); null for complaints made at a counter or by SMS. */
  reference: string | null;
  /** null for anonymous complaints. */
  complainantNik: string | null;
  /** null when anonymous ('ANONIM', 'HAMBA ALLAH', … as the desk writes it). */
  complainantName: string | null;
  source: ComplaintSource | null;
  channel: Channel | null;
  /** null for a category the desk retired (suggestions) or does not know. */
  category: ComplaintCategory | null;
  /** The office the complaint is about; null when the resident did not say. */
  concerns: ServicePoint | null;
  /** The application number the resident gave (normalised: trimmed, UPPERCASE, no blanks). */
  serviceRequestNumber: string | null;
  subject: string | null;
  status: ComplaintStatus | null;
  submittedAt: string | null;
  updatedAt: string | null;
}

export interface Complaint extends ComplaintSummary {
  text: string;
  /** Personal data: as given, normalised to +62…; null when none. */
  phone: string | null;
  /** Oldest first; the first is the SUBMITTED step. */
  history: ComplaintEntry[];
}

export interface NewComplaint {
  /** The caller's unique reference: submitting again with it never makes a second complaint. */
  reference: string;
  /** null for an anonymous complaint. */
  complainantNik: string | null;
  complainantName: string;
  phone?: string | null;
  source: ComplaintSource;
  category: ComplaintCategory;
  concerns?: ServicePoint | null;
  serviceRequestNumber?: string | null;
  subject?: string | null;
  /** 10 to 2000 characters. */
  text: string;
}

export interface ComplaintResponse {
  /** The caller's unique reference for this step: sending it again never records it twice. */
  reference: string;
  /** The officer answering (user name or NIP). */
  officer: string;
  /** An answer to the resident; with no status, the complaint becomes ANSWERED. */
  text?: string | null;
  /** A status change; CONFLICT (STATUS_CHANGE_NOT_ALLOWED) when the desk's rules refuse it. */
  status?: ComplaintStatus | null;
}

export interface ComplaintWorklistQuery {
  statuses?: readonly ComplaintStatus[];
  category?: ComplaintCategory;
  /** The office complaints are about (DINAS, ONLINE_PORTAL, a kecamatan or a kelurahan). */
  concerns?: ServicePoint;
  /** ISO dates, inclusive, on the submission date. */
  submittedFrom?: string;
  submittedTo?: string;
  /** 1-based. */
  page: number;
  /** 1 to 100. */
  pageSize: number;
}

export interface ComplaintWorklistPage {
  /** Newest first (the ticket breaks ties): a stable order. */
  complaints: ComplaintSummary[];
  total: number | undefined;
  hasNextPage: boolean;
}

/** A history step with the complaint it belongs to, as the "since" feed gives it. */
export interface ComplaintChange extends ComplaintEntry {
  ticketNumber: string;
  /** Where to resume after this change. */
  cursor: string;
}

export interface ComplaintChanges {
  /** Oldest first, each once. */
  changes: ComplaintChange[];
  /** Where to resume: after the last change, or the cursor given when there were none. */
  cursor: string;
  /** True when `limit` cut the batch short (ask again at once). */
  hasMore: boolean;
}

export interface PengaduanPort {
  complaintsByTicket(ticketNumbers: readonly string[], deadline: Deadline): Promise<Map<string, Complaint>>;
  /** Each resident's complaints, oldest first. */
  complaintsByComplainant(niks: readonly string[], deadline: Deadline): Promise<Map<string, Complaint[]>>;
  /** Complaints naming each service request number (compared after normalising), oldest first. */
  complaintsAboutRequest(serviceRequestNumbers: readonly string[], deadline: Deadline): Promise<Map<string, Complaint[]>>;
  /** One page of the desk's worklist: one call whatever the page size. */
  worklist(query: ComplaintWorklistQuery, deadline: Deadline): Promise<ComplaintWorklistPage>;
  /** Complaints per status for the same filters (statuses ignored), one call; statuses without any are 0. */
  countsByStatus(query: Omit<ComplaintWorklistQuery, 'statuses' | 'page' | 'pageSize'>, deadline: Deadline): Promise<Record<ComplaintStatus, number>>;
  /**
   * History steps recorded after `cursor` (null: from the very first), oldest first, at most
   * `limit` (1 to 500): new complaints, answers and status changes, the desk's officers' included.
   * A cursor this port did not make is BAD_USER_INPUT (`cursor`, INVALID_CURSOR).
   */
  changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<ComplaintChanges>;
  /** A cursor at the desk's newest step: polling from it sees only what happens from now on. */
  currentCursor(deadline: Deadline): Promise<string>;
  /** Files a complaint, once per reference (CONFLICT REFERENCE_IN_USE if it is another complainant's). */
  submitComplaint(complaint: NewComplaint, deadline: Deadline): Promise<Complaint>;
  /** An officer's answer or status change through the API, once per reference; NOT_FOUND for an unknown ticket. */
  respond(ticketNumber: string, response: ComplaintResponse, deadline: Deadline): Promise<Complaint>;
  /** Throws LEGACY_UNAVAILABLE when the desk cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
