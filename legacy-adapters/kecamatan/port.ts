/**
 * The kecamatan counter port (catalogue #17): requests for the 7 kecamatan services, made at the
 * counters of the regency's kecamatan offices, in domain terms (core/domain/services.ts). Served by
 * the SQL adapter (./sql) over the app's own tables. Batch methods take many keys and return a Map
 * (one statement per batch); keys without a request are absent. Every method takes the request's
 * deadline last.
 */
import type { Deadline } from '@core/deadline';
import type { Channel, RequestStatus, ServiceKind, ServicePoint, StatusChange } from '@core/domain/services';

export type { Channel, RequestStatus, ServiceKind, ServicePoint, StatusChange };

/** The services a kecamatan counter takes. */
export const COUNTER_SERVICES = ['FIRST_ID_CARD', 'ID_CARD_REPLACEMENT', 'FAMILY_CARD_NEW', 'FAMILY_CARD_CHANGE', 'CHILD_ID_CARD', 'MOVE_OUT', 'MOVE_IN'] as const satisfies readonly ServiceKind[];
export type CounterService = (typeof COUNTER_SERVICES)[number];

/** The statuses counter staff can set; the counter knows no others (SUBMITTED is "received"). */
export type CounterStatus = Extract<RequestStatus, 'SUBMITTED' | 'IN_PROCESS' | 'COMPLETED' | 'REJECTED'>;

export interface CounterRequest {
  /** The app's registration number, e.g. 'REG-367401-20251203-0007': the request's id in this app. */
  registrationNumber: string;
  /** null for what the counter wrote down as "other" (or a code this port does not know). */
  service: ServiceKind | null;
  /** Always OFFLINE: a kecamatan counter. */
  channel: Channel;
  /** The kecamatan office: { kind: 'KECAMATAN', id: '36.74.01' }. */
  servicePoint: ServicePoint;
  applicantNik: string | null;
  applicantName: string | null;
  familyCardNumber: string | null;
  /** null for a status word this port does not know. */
  status: RequestStatus | null;
  /** ISO local date-time (office time, no zone) the request was received. */
  submittedAt: string;
  /** ISO local date-time of its last change. */
  updatedAt: string | null;
  /** NIP of the counter staff who last worked it. */
  counterStaffNip: string | null;
  /** The counter's remark on its last status (a rejection's reason). */
  note: string | null;
  /** Oldest first. */
  timeline: StatusChange[];
  /** The client reference of a request made through Gerbang; null for the counter's own. */
  reference: string | null;
}

export interface WorklistFilter {
  /** Dotted kecamatan code, '36.74.01'. */
  kecamatanCode?: string;
  /** The counter is OFFLINE only: any other channel alone matches nothing. */
  channels?: readonly Channel[];
  statuses?: readonly RequestStatus[];
  services?: readonly ServiceKind[];
  /** Received at or after this ISO date or local date-time. */
  submittedFrom?: string;
  /** Received before this ISO date or local date-time (a date: before that day starts). */
  submittedBefore?: string;
}

export interface WorklistQuery extends WorklistFilter {
  /** Page size, 1–100. */
  first: number;
  /** The endCursor of the previous page. */
  after?: string;
}

/** Oldest received first (the order a counter works in). */
export interface WorklistPage {
  requests: CounterRequest[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface StatusCounts {
  byStatus: Partial<Record<RequestStatus, number>>;
  /** Requests whose status word this port does not know. */
  unknown: number;
  total: number;
}

/** One status change the app recorded, for the event flow. */
export interface RecordedChange {
  /** Unique per change (the history row): what a publisher remembers to publish each once. */
  changeId: string;
  /** Pass it back to changesSince to continue after this change. */
  cursor: string;
  registrationNumber: string;
  service: ServiceKind | null;
  servicePoint: ServicePoint;
  applicantNik: string | null;
  change: StatusChange;
}

export interface ChangeBatch {
  /** Oldest first; in order per request. */
  changes: RecordedChange[];
  /** Where the next poll continues: the last change's cursor, or the one given when nothing is new. */
  cursor: string | null;
}

export interface CounterSubmission {
  /** The caller's own unique reference: submitting again with it never submits twice. */
  clientReference: string;
  service: CounterService;
  /** Dotted kecamatan code of the office, '36.74.01'. */
  kecamatanCode: string;
  applicantNik: string;
  applicantName: string;
  familyCardNumber?: string;
  /** NIP of the counter staff entering it (18 digits), when staff submit through Gerbang. */
  counterStaffNip?: string;
}

export interface SubmittedRequest {
  request: CounterRequest;
  /** false when the reference was already submitted (a retry). */
  created: boolean;
}

export interface CounterStatusUpdate {
  registrationNumber: string;
  status: Exclude<CounterStatus, 'SUBMITTED'>;
  /** NIP of the staff member (18 digits). */
  counterStaffNip: string;
  /** Required for REJECTED: the reason the resident is told. */
  note?: string;
}

export interface UpdatedRequest {
  request: CounterRequest;
  /** false when the request already had that status (a retry). */
  changed: boolean;
}

export interface KecamatanPort {
  requestsByNumber(registrationNumbers: readonly string[], deadline: Deadline): Promise<Map<string, CounterRequest>>;
  /** Requests made through Gerbang, by client reference (to check before submitting again). */
  requestsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, CounterRequest>>;
  /** Each applicant's requests, newest first; one statement for all. */
  requestsByApplicant(niks: readonly string[], deadline: Deadline): Promise<Map<string, CounterRequest[]>>;
  /** One statement per page, whatever its size. */
  worklist(query: WorklistQuery, deadline: Deadline): Promise<WorklistPage>;
  /** One statement. */
  countByStatus(filter: Omit<WorklistFilter, 'statuses'>, deadline: Deadline): Promise<StatusCounts>;
  /**
   * Status changes recorded after `cursor` (null: from the first), oldest first, at most `limit`
   * (1–500), including those staff made in the app's own screen. Changes younger than the
   * adapter's settle time wait for the next poll, so that none is skipped.
   */
  changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<ChangeBatch>;
  /** The cursor of the newest change: start polling from now. */
  latestCursor(deadline: Deadline): Promise<string | null>;
  /** Enters a request as received, once per reference. */
  submitRequest(submission: CounterSubmission, deadline: Deadline): Promise<SubmittedRequest>;
  /**
   * Moves a request on as the counter screen allows (received → in process, completed or rejected;
   * in process → completed or rejected). NOT_FOUND for an unknown number; CONFLICT
   * STATUS_CHANGE_NOT_ALLOWED otherwise; the same status again is a no-op.
   */
  updateStatus(update: CounterStatusUpdate, deadline: Deadline): Promise<UpdatedRequest>;
  ping(deadline: Deadline): Promise<void>;
}
