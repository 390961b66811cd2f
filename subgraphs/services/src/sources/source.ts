import type { Deadline } from '@core/deadline';
import type { Sex } from '@core/domain/population';
import type { Channel, RequestStatus, ServiceKind, ServicePoint, StatusChange } from '@core/domain/services';

/**
 * One channel application as the services subgraph sees it: a "request source". Every
 * application that holds service requests (portal-online, sirena, jemput-bola now; kecamatan,
 * legalisir, antrian, adm-kiosk as they land) plugs in as one small file implementing this over its
 * port. Each method is one call to the application whatever the number of keys or the page size.
 */
export type SourceApp = string;

/** A request as one application holds it, in domain terms (what `ServiceRequest` resolves from). */
export interface ServiceRequestRecord {
  /** Catalogue id of the application that holds it. */
  app: SourceApp;
  /** The application's own id for it (never shown in clear: the API's id encodes it). */
  localId: string;
  service: ServiceKind | null;
  serviceName: string | null;
  channel: Channel;
  servicePoint: ServicePoint;
  applicantNik: string | null;
  /** Everyone else the request names (the deceased, a spouse): row rules look at them too. */
  otherNiks: string[];
  familyNumber: string | null;
  status: RequestStatus | null;
  /** Oldest first. */
  timeline: StatusChange[];
  /** ISO local date-time, office time. */
  submittedAt: string | null;
  /** What the resident's receipt shows. */
  registrationNumber: string | null;
  producedDocuments: string[];
  rejectionReason: string | null;
  /** antrian's id of the booking this request was made from (checked in at the counter), if any. */
  appointment?: string;
  /** Who the request is about, where the application keeps it (Sirena's items): for the fulfilment's write, not given out. */
  subject?: RequestSubject;
}

export interface RequestSubject {
  /** Null for a newborn (no NIK yet). */
  nik: string | null;
  name: string | null;
  /** ISO date of the event (a birth, a death). */
  eventDate: string | null;
  /** A newborn's sex and place of birth, when the request carries them. */
  newborn: { sex: Sex; birthPlace: string } | null;
}

export interface SourceFilter {
  servicePoint?: ServicePoint;
  statuses?: readonly RequestStatus[];
  services?: readonly ServiceKind[];
  channel?: Channel;
  /** ISO date, inclusive, on the submission date. */
  submittedTo?: string;
  /** The region the caller serves (a kecamatan or kelurahan code): a source that can filter by it does. */
  area?: string;
}

export interface SourcePage {
  records: ServiceRequestRecord[];
  total: number;
}

export interface SourceCount {
  channel: Channel;
  status: RequestStatus | null;
  count: number;
}

/** A status change the application recorded (its officers' included), for the event flow. */
export interface SourceChange {
  /** The application's id of the change: the event's id is app + this. */
  changeId: string;
  localId: string;
  applicantNik: string | null;
  service: ServiceKind | null;
  change: StatusChange;
}

export interface SourceChanges {
  changes: SourceChange[];
  cursor: string;
}

/** A page read by the application's own keyset cursor (apps that cannot jump to an offset). */
export interface SourceKeysetPage {
  records: ServiceRequestRecord[];
  /** Pass back as `after` for the rows after this page; null on an empty page. */
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * Each source pages its worklist one of two ways, as its application does: by page number
 * (`worklistPage`, with a total) or by its own cursor (`worklistAfter`). It has exactly one.
 */
export interface RequestSource {
  readonly app: SourceApp;
  /** Whether a filter can match anything here (false: no call is made). */
  couldMatch(filter: SourceFilter): boolean;
  byIds(localIds: readonly string[], deadline: Deadline): Promise<Map<string, ServiceRequestRecord>>;
  /** Each applicant's requests, newest first. */
  byApplicants(niks: readonly string[], deadline: Deadline): Promise<Map<string, ServiceRequestRecord[]>>;
  /** One page in the application's own stable order; `page` is 1-based, `perPage` up to 100. */
  worklistPage?(filter: SourceFilter, page: number, perPage: number, deadline: Deadline): Promise<SourcePage>;
  /** Up to `first` (≤ 100) rows after the application's cursor (null: from the first), in its own stable order. */
  worklistAfter?(filter: SourceFilter, after: string | null, first: number, deadline: Deadline): Promise<SourceKeysetPage>;
  counts(filter: SourceFilter, deadline: Deadline): Promise<SourceCount[]>;
  /** Changes after the cursor (null: from the first), oldest first. */
  changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<SourceChanges>;
  /** The cursor of the newest change now. */
  latestCursor(deadline: Deadline): Promise<string>;
  ping(deadline: Deadline): Promise<void>;
}

/** The most a source page may hold (the applications' own limit). */
export const MAX_SOURCE_PAGE = 100;
