/**
 * The online application portal's port (catalogue #14): residents' online applications, their
 * uploaded requirement documents (archive ids in arsip) and the status page's timeline, in domain
 * terms. Served by the SQL adapter (./sql) over the portal's tables. Batch methods take many keys
 * and return a Map (one statement per batch); keys without a record are absent. Every method takes
 * the request's deadline last.
 */
import type { Deadline } from '@core/deadline';
import type { Channel, RequestStatus, ServiceKind, ServicePoint, StatusChange } from '@core/domain/services';

export interface OnlineApplication {
  /** The portal's registration number, e.g. '3674-ONL-20260105-0003': what the resident follows on the status page. */
  registrationNumber: string;
  /** null for a service of the portal's list that Gerbang has no kind for. */
  serviceKind: ServiceKind | null;
  /** The portal's own name for the service, as residents saw it. */
  serviceName: string | null;
  /** ONLINE, or OJOL when the resident asked for courier delivery. */
  channel: Channel;
  /** Always the online portal. */
  servicePoint: ServicePoint;
  applicantNik: string;
  /** null for a status code this port does not know. */
  status: RequestStatus | null;
  /** ISO local date-times (office time, no zone). */
  createdAt: string | null;
  /** null for a draft never sent. */
  submittedAt: string | null;
  updatedAt: string | null;
  /** The service standard the portal shows for this service, in days. */
  standardDays: number | null;
  /** The resident's note on the application. */
  note: string | null;
  /** Oldest first. */
  timeline: StatusChange[];
  /** The client reference of an application sent through Gerbang; null for those made on the portal. */
  reference: string | null;
}

export interface Attachment {
  /** The portal's name for the requirement, e.g. 'KK', 'SURAT_KEHILANGAN'. */
  documentType: string;
  /** The file's id in the digital archive (arsip), 'ARS-YYYYMMDD-XXXXXXXX'. */
  archiveId: string;
  fileName: string | null;
  uploadedAt: string | null;
}

export interface ApplicationFilter {
  /** Only the online portal holds portal applications: any other point matches nothing. */
  servicePoint?: ServicePoint;
  statuses?: readonly RequestStatus[];
  serviceKinds?: readonly ServiceKind[];
  channel?: Channel;
  /** ISO dates, inclusive, on the submission date (drafts have none and are left out when either is given). */
  submittedFrom?: string;
  submittedTo?: string;
}

export interface WorklistQuery extends ApplicationFilter {
  /** 1-based. */
  page: number;
  /** Up to 100. */
  perPage: number;
}

export interface ApplicationPage {
  /** Oldest submission first (drafts by creation), then by the portal's row order: stable across pages. */
  applications: OnlineApplication[];
  total: number;
  hasNextPage: boolean;
}

export interface StatusCount {
  status: RequestStatus | null;
  channel: Channel;
  count: number;
}

export interface ApplicationStatusChange {
  /** Where this change sits in the feed: pass it back to changesSince to get what came after. */
  cursor: string;
  registrationNumber: string;
  applicantNik: string;
  serviceKind: ServiceKind | null;
  /** The status before (null for one this port does not know, or none). */
  previous: RequestStatus | null;
  change: StatusChange;
}

export interface ChangeFeedPage {
  /** Oldest first. */
  changes: ApplicationStatusChange[];
  /** The cursor to ask from next time: the last change's, or the one given when there was none. */
  cursor: string;
}

export interface AttachmentReference {
  documentType: string;
  archiveId: string;
  fileName?: string;
}

export interface ApplicationSubmission {
  /** The caller's own unique reference: submitting again with it never submits twice. */
  clientReference: string;
  applicantNik: string;
  serviceKind: ServiceKind;
  /** Ask for delivery by an ojol courier (the OJOL channel). */
  courierDelivery?: boolean;
  phone?: string;
  note?: string;
  attachments: readonly AttachmentReference[];
}

export interface SubmittedApplication {
  application: OnlineApplication;
  /** false when the reference was already submitted (a retry). */
  created: boolean;
}

export interface StatusUpdate {
  registrationNumber: string;
  status: RequestStatus;
  /** A rejection's reason, an officer's remark. */
  note?: string;
  /** The officer's NIP. */
  officer: string;
}

export interface PortalOnlinePort {
  applicationsByNumber(registrationNumbers: readonly string[], deadline: Deadline): Promise<Map<string, OnlineApplication>>;
  /** Every application of each applicant, newest first. */
  applicationsByApplicant(niks: readonly string[], deadline: Deadline): Promise<Map<string, OnlineApplication[]>>;
  /** Applications sent through Gerbang, by client reference (to check before sending again). */
  applicationsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, OnlineApplication>>;
  /** The uploaded requirement documents of each application. */
  attachmentsOf(registrationNumbers: readonly string[], deadline: Deadline): Promise<Map<string, Attachment[]>>;
  /** A page of the officers' worklist: one statement, whatever its size. */
  worklist(query: WorklistQuery, deadline: Deadline): Promise<ApplicationPage>;
  /** How many applications stand at each status, per channel: one statement. */
  countByStatus(filter: ApplicationFilter, deadline: Deadline): Promise<StatusCount[]>;
  /** Status changes recorded after the cursor (null: from the beginning), oldest first, officers' included. */
  changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<ChangeFeedPage>;
  /** The cursor of the newest change now: to follow the feed from here on. */
  latestChangeCursor(deadline: Deadline): Promise<string>;
  /** Submits once per reference; the portal numbers it and logs it on the status page. */
  submit(submission: ApplicationSubmission, deadline: Deadline): Promise<SubmittedApplication>;
  /** An officer moves an application on through the API, as the admin screen allows. */
  changeStatus(update: StatusUpdate, deadline: Deadline): Promise<OnlineApplication>;
  ping(deadline: Deadline): Promise<void>;
}
