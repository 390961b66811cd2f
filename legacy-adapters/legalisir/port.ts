/**
 * The legalisation port (catalogue #19): requests for stamped copies of population documents, at
 * the Dinas counter or from the online portal, in domain terms (core/domain/services.ts). Served by
 * the SQL adapter (./sql) over the app's own tables. The app refuses documents that carry an
 * electronic signature (TTE): their printouts are valid as they are; this port says so as a
 * CONFLICT with reason DOCUMENT_E_SIGNED, and `checkDocument` answers it before a request is made.
 * Batch methods take many keys and return a Map (one statement per batch); keys without a request
 * are absent. Every method takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';
import type { Channel, RequestStatus, ServiceKind, ServicePoint, ServicePointKind, StatusChange } from '@core/domain/services';

export type { Channel, RequestStatus, ServiceKind, ServicePoint, ServicePointKind, StatusChange };

/** The documents the app legalises copies of. */
export const LEGALISED_DOCUMENTS = ['FAMILY_CARD', 'ID_CARD', 'CHILD_ID_CARD', 'BIRTH_DEED', 'DEATH_DEED', 'MARRIAGE_DEED', 'DIVORCE_DEED'] as const;
export type LegalisedDocument = (typeof LEGALISED_DOCUMENTS)[number];

/** The most copies stamped per request (the app's limit). */
export const MAX_COPIES = 10;

export interface DocumentReference {
  /** null for a document type this port does not know. */
  kind: LegalisedDocument | null;
  /** The document's own number (KK number, NIK for a KTP-el, deed number). */
  number: string;
  /** ISO date it was issued. */
  issuedOn: string | null;
}

export interface LegalisationRequest {
  /** The app's request number, e.g. 'LGS-3674-20251203-0007': the request's id in this app. */
  requestNumber: string;
  service: ServiceKind;
  /** OFFLINE at the Dinas counter, ONLINE from the portal. */
  channel: Channel | null;
  /** { kind: 'DINAS', id: null } or { kind: 'ONLINE_PORTAL', id: null }. */
  servicePoint: ServicePoint | null;
  applicantNik: string;
  applicantName: string | null;
  document: DocumentReference;
  copies: number;
  /** SUBMITTED, VERIFYING, READY (stamped, to collect), COMPLETED (collected), REJECTED; null for a letter this port does not know. */
  status: RequestStatus | null;
  /** ISO local date-times (office time, no zone). */
  submittedAt: string;
  updatedAt: string | null;
  /** The officer (user name) who last worked it. */
  officer: string | null;
  /** A rejection's reason. */
  note: string | null;
  /** Oldest first, from the app's step dates. */
  timeline: StatusChange[];
  /** The client reference of a request made through Gerbang; null for the app's own. */
  reference: string | null;
}

export interface DocumentCheck {
  legalisable: boolean;
  /** Why not: E_SIGNED (valid as printed, with its TTE and QR) or UNKNOWN_DOCUMENT (a type the app does not list); null when legalisable. */
  reason: 'E_SIGNED' | 'UNKNOWN_DOCUMENT' | null;
  /** The day documents of this kind started carrying a TTE (null: they never do). */
  eSignedSince: string | null;
}

export interface WorklistFilter {
  servicePoints?: readonly ServicePointKind[];
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

/** Oldest received first. */
export interface WorklistPage {
  requests: LegalisationRequest[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface StatusCounts {
  byStatus: Partial<Record<RequestStatus, number>>;
  unknown: number;
  total: number;
}

export interface RecordedChange {
  /** Unique per change: the request number and the step (each step happens once per request). */
  changeId: string;
  requestNumber: string;
  servicePoint: ServicePoint | null;
  applicantNik: string;
  change: StatusChange;
}

export interface ChangeBatch {
  /** In the order they happened (so in order per request). */
  changes: RecordedChange[];
  /** Where the next poll continues. */
  cursor: string;
}

export interface LegalisationSubmission {
  /** The caller's own unique reference: submitting again with it never submits twice. */
  clientReference: string;
  /** ONLINE (from the portal) or OFFLINE (at the Dinas counter). */
  channel: Extract<Channel, 'ONLINE' | 'OFFLINE'>;
  applicantNik: string;
  applicantName: string;
  document: { kind: LegalisedDocument; number: string; issuedOn: string };
  /** 1–10. */
  copies: number;
}

export interface SubmittedRequest {
  request: LegalisationRequest;
  /** false when the reference was already submitted (a retry). */
  created: boolean;
}

export interface LegalisationStatusUpdate {
  requestNumber: string;
  status: Extract<RequestStatus, 'VERIFYING' | 'READY' | 'COMPLETED' | 'REJECTED'>;
  /** The officer's user name in the app. */
  officer: string;
  /** Required for REJECTED. */
  note?: string;
}

export interface UpdatedRequest {
  request: LegalisationRequest;
  /** false when the request already had that status (a retry). */
  changed: boolean;
}

export interface LegalisirPort {
  requestsByNumber(requestNumbers: readonly string[], deadline: Deadline): Promise<Map<string, LegalisationRequest>>;
  requestsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, LegalisationRequest>>;
  /** Each applicant's requests, newest first; one statement for all. */
  requestsByApplicant(niks: readonly string[], deadline: Deadline): Promise<Map<string, LegalisationRequest[]>>;
  /** Would the app take this document? (One statement on its document table.) */
  checkDocument(kind: LegalisedDocument, issuedOn: string, deadline: Deadline): Promise<DocumentCheck>;
  /** One statement per page, whatever its size. */
  worklist(query: WorklistQuery, deadline: Deadline): Promise<WorklistPage>;
  /** One statement. */
  countByStatus(filter: Omit<WorklistFilter, 'statuses'>, deadline: Deadline): Promise<StatusCounts>;
  /**
   * Steps recorded after `cursor` (null: from the first), in the order they happened, about
   * `limit` (1–500; more when several share the last second), those officers made in the app's
   * own screen included. Steps of the current second, or younger than the settle time, wait for
   * the next poll.
   */
  changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<ChangeBatch>;
  /** The cursor of now: start polling from here. */
  latestCursor(deadline: Deadline): Promise<string>;
  /**
   * Enters a request once per reference, after the app's own check: CONFLICT DOCUMENT_E_SIGNED for
   * a document that carries a TTE (nothing written), BAD_USER_INPUT for too many copies.
   */
  submitRequest(submission: LegalisationSubmission, deadline: Deadline): Promise<SubmittedRequest>;
  /**
   * Moves a request on as the app allows (submitted → verifying or rejected; verifying → ready or
   * rejected; ready → completed). The same status again is a no-op; NOT_FOUND, CONFLICT
   * STATUS_CHANGE_NOT_ALLOWED otherwise.
   */
  updateStatus(update: LegalisationStatusUpdate, deadline: Deadline): Promise<UpdatedRequest>;
  ping(deadline: Deadline): Promise<void>;
}
