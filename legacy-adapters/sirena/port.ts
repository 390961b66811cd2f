/**
 * Sirena's port (catalogue #16, the kelurahan collective service): batches of KK and
 * civil-registry files kelurahan staff send on residents' behalf, each file a request of its own
 * with its own status, in domain terms. Served by the SQL adapter (./sql). Batch methods take many
 * keys and return a Map (one statement per batch); keys without a record are absent. Every method
 * takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';
import type { Sex } from '@core/domain/population';
import type { Channel, RequestStatus, ServiceKind, ServicePoint, StatusChange } from '@core/domain/services';

/**
 * A newborn's details Sirena has no column for (a birth registration, or a KK change adding the
 * child): kept in the item's note in Sirena's own form (see ./sql/newborn.ts).
 */
export interface NewbornDetails {
  sex: Sex;
  /** As on the birth letter, e.g. 'KOTA TANGERANG SELATAN' (UPPERCASE as Sirena keeps it). */
  birthPlace: string;
}

export interface KelurahanRequest {
  /** '<batch number>/<item number>', e.g. 'SRN-3674011001-20260105-0001/2': the request's id in Sirena. */
  id: string;
  batchNumber: string;
  itemNumber: number;
  /** null for a kind code this port does not know (or an item the app rejected for it). */
  serviceKind: ServiceKind | null;
  /** Always OFFLINE. */
  channel: Channel;
  /** The kelurahan that filed it: { kind: 'KELURAHAN', id: '36.74.01.1001' }. */
  servicePoint: ServicePoint;
  /** Who applied (the head of family, the reporter), as typed: may be malformed on an item the app rejected. */
  applicantNik: string | null;
  /** The person concerned (the deceased, a spouse, a member joining the KK); null for a newborn. */
  subjectNik: string | null;
  subjectName: string | null;
  familyNumber: string | null;
  /** ISO date of the event (birth, death, marriage, divorce), null when none or unreadable. */
  eventDate: string | null;
  /** A newborn's sex and place of birth, when the item carries them (read from its note). */
  newborn: NewbornDetails | null;
  /** The operator's free note (KETERANGAN without the newborn's details). */
  note: string | null;
  status: RequestStatus | null;
  /** The app's or the Dinas's reason when REJECTED. */
  rejectionReason: string | null;
  /** The batch's sending time, ISO local date-time. */
  submittedAt: string | null;
  updatedAt: string | null;
  /** Oldest first. */
  timeline: StatusChange[];
}

export interface KelurahanBatch {
  batchNumber: string;
  kelurahanCode: string;
  /** The kelurahan operator's user name. */
  operator: string;
  sentAt: string | null;
  items: KelurahanRequest[];
  /** The client reference of a batch sent through Gerbang; null for those typed in Sirena. */
  reference: string | null;
}

export interface RequestFilter {
  /** KELURAHAN (one, by its code, or all with id null); any other point matches nothing. */
  servicePoint?: ServicePoint;
  statuses?: readonly RequestStatus[];
  serviceKinds?: readonly ServiceKind[];
  channel?: Channel;
  /** ISO dates, inclusive, on the batch's sending date. */
  submittedFrom?: string;
  submittedTo?: string;
}

export interface WorklistQuery extends RequestFilter {
  page: number;
  /** Up to 100. */
  perPage: number;
}

export interface RequestPage {
  /** Oldest batch first, then by item: stable across pages. */
  requests: KelurahanRequest[];
  total: number;
  hasNextPage: boolean;
}

export interface StatusCount {
  status: RequestStatus | null;
  count: number;
}

export interface RequestStatusChange {
  cursor: string;
  requestId: string;
  applicantNik: string | null;
  serviceKind: ServiceKind | null;
  change: StatusChange;
}

export interface ChangeFeedPage {
  changes: RequestStatusChange[];
  cursor: string;
}

export interface BatchItem {
  serviceKind: ServiceKind;
  applicantNik: string;
  subjectNik?: string;
  subjectName?: string;
  familyNumber?: string;
  /** ISO date of the event. */
  eventDate?: string;
  note?: string;
  /** A newborn's sex and place of birth: written into the note in Sirena's own form. */
  newborn?: NewbornDetails;
}

export interface BatchFiling {
  /** The caller's own unique reference: filing again with it never files twice. */
  clientReference: string;
  /** Dotted kelurahan code, e.g. '36.74.01.1001'. */
  kelurahanCode: string;
  /** The kelurahan operator's user name. */
  operator: string;
  items: readonly BatchItem[];
}

export type ItemRejectionReason = 'UNKNOWN_SERVICE' | 'INVALID_APPLICANT_NIK' | 'INVALID_SUBJECT_NIK' | 'INVALID_FAMILY_NUMBER' | 'INVALID_EVENT_DATE' | 'MISSING_SUBJECT_NAME' | 'REJECTED_BY_APP';

export interface ItemOutcome {
  /** 1-based, in the order given. */
  itemNumber: number;
  requestId: string;
  accepted: boolean;
  /** When the app rejected the item: a stable code and the app's own words. */
  rejection: { reason: ItemRejectionReason; message: string } | null;
}

export interface FiledBatch {
  batch: KelurahanBatch;
  items: ItemOutcome[];
  /** false when the reference was already filed (a retry). */
  created: boolean;
}

export interface SirenaPort {
  requestsById(ids: readonly string[], deadline: Deadline): Promise<Map<string, KelurahanRequest>>;
  /** Every request of each applicant, newest first. */
  requestsByApplicant(niks: readonly string[], deadline: Deadline): Promise<Map<string, KelurahanRequest[]>>;
  batchesByNumber(batchNumbers: readonly string[], deadline: Deadline): Promise<Map<string, KelurahanBatch>>;
  batchesByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, KelurahanBatch>>;
  /** A page of the worklist: one statement, whatever its size. */
  worklist(query: WorklistQuery, deadline: Deadline): Promise<RequestPage>;
  /** How many requests stand at each status: one statement. */
  countByStatus(filter: RequestFilter, deadline: Deadline): Promise<StatusCount[]>;
  /** Status changes recorded after the cursor (null: from the beginning), oldest first, officers' included. */
  changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<ChangeFeedPage>;
  latestChangeCursor(deadline: Deadline): Promise<string>;
  /** Files a batch once per reference; the app rejects malformed items with a reason while the good ones go through. */
  fileBatch(filing: BatchFiling, deadline: Deadline): Promise<FiledBatch>;
  ping(deadline: Deadline): Promise<void>;
}
