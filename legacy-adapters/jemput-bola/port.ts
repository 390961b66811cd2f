/**
 * The outreach port: what the services subgraph may ask of jemput-bola (catalogue #21: home
 * visits for the elderly, the bedridden and people with disabilities), in domain terms. Each visit
 * is a service request with channel OFFLINE and service point OUTREACH (id: the kelurahan's dotted
 * code). The application works in batches: a submitted visit is PENDING until its batch job has
 * run; what the team records at the door shows after the next run.
 *
 * Batch methods take many keys and return a Map; keys without a visit are absent. Every method
 * takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';
import type { RequestStatus, ServiceKind, ServicePoint, StatusChange } from '@core/domain/services';

/**
 * Why the resident is visited at home. Sensitive: disability is protected data (UU 24/2013 art.
 * 84); the subgraph shows it only to roles that need it.
 */
export type OutreachReason = 'ELDERLY' | 'SICK' | 'DISABLED';

/** What happened at the door, when the team has been. */
export type VisitOutcome = 'SERVED' | 'NOT_AT_HOME' | 'RESCHEDULED' | 'CALLED_OFF';

export type VisitRejection = 'INVALID_NIK' | 'OUTSIDE_SERVICE_AREA' | 'INVALID_DATE' | 'UNKNOWN_SERVICE' | 'UNKNOWN_REASON' | 'DAY_FULL' | 'ALREADY_SCHEDULED' | 'MALFORMED' | 'OTHER';

export interface OutreachVisit {
  /** The application's visit number, e.g. 'JB-3674-26-000123'. */
  visitNumber: string;
  applicantNik: string;
  /** The first service asked for; null when the app holds a code this port does not know. */
  serviceKind: ServiceKind | null;
  /** Every service the visit covers (unknown codes left out). */
  services: ServiceKind[];
  channel: 'OFFLINE';
  servicePoint: ServicePoint;
  reason: OutreachReason | null;
  /** ISO date the team is to come (moved when rescheduled). */
  plannedDate: string | null;
  status: RequestStatus | null;
  outcome: VisitOutcome | null;
  /** When the batch job registered the schedule line (ISO local date-time). */
  submittedAt: string | null;
  /** Only for REJECTED visits. */
  rejection: VisitRejection | null;
  timeline: StatusChange[];
}

export interface VisitRequest {
  /** The caller's unique reference: submitting again with it never plans a second visit. */
  reference: string;
  nik: string;
  /** As on the KK; the team reads it at the door. */
  name: string;
  /** Dotted kelurahan code of the city, e.g. '36.74.01.1001'. */
  kelurahanCode: string;
  address: string;
  /** ISO date, from today to three weeks ahead. */
  plannedDate: string;
  services: readonly ServiceKind[];
  reason: OutreachReason;
  phone?: string | null;
}

export type VisitSubmission = { reference: string; state: 'PENDING' } | { reference: string; state: 'REGISTERED'; visit: OutreachVisit };

export interface OutreachWorklistQuery {
  /** A kelurahan ('36.74.01.1001') or a kecamatan ('36.74.01'): visits there. */
  area?: string;
  statuses?: readonly RequestStatus[];
  serviceKind?: ServiceKind;
  /** ISO dates, inclusive, on when the visit was registered. */
  submittedFrom?: string;
  submittedTo?: string;
  /** 1-based. */
  page: number;
  /** 1 to 100. */
  pageSize: number;
}

export interface OutreachWorklistPage {
  /** By planned date, then visit number: a stable order. */
  visits: OutreachVisit[];
  total: number;
  hasNextPage: boolean;
}

export interface OutreachChange extends StatusChange {
  visitNumber: string;
  /** Where to resume after this change. */
  cursor: string;
}

export interface OutreachChanges {
  changes: OutreachChange[];
  cursor: string;
  hasMore: boolean;
}

export interface JemputBolaPort {
  visitsByNumber(visitNumbers: readonly string[], deadline: Deadline): Promise<Map<string, OutreachVisit>>;
  /** Each resident's visits, oldest first. */
  visitsByApplicant(niks: readonly string[], deadline: Deadline): Promise<Map<string, OutreachVisit[]>>;
  /** Where earlier submissions stand; references never submitted are absent. */
  submissions(references: readonly string[], deadline: Deadline): Promise<Map<string, VisitSubmission>>;
  /**
   * Puts visits on the schedule: one schedule file for every request not submitted before (checked
   * first); answers where each stands (PENDING until the batch job has run).
   */
  submitVisits(requests: readonly VisitRequest[], deadline: Deadline): Promise<Map<string, VisitSubmission>>;
  /** One page of visits: one read of the application's export whatever the page size. */
  worklist(query: OutreachWorklistQuery, deadline: Deadline): Promise<OutreachWorklistPage>;
  /** Visits per status for the same filters (statuses ignored), from one read. */
  countsByStatus(query: Omit<OutreachWorklistQuery, 'statuses' | 'page' | 'pageSize'>, deadline: Deadline): Promise<Partial<Record<RequestStatus, number>>>;
  /** Status changes after `cursor` (null: from the first), oldest first, at most `limit` (1–1000), the office's included. */
  changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<OutreachChanges>;
  currentCursor(deadline: Deadline): Promise<string>;
  ping(deadline: Deadline): Promise<void>;
}
