/**
 * The vocabulary of a resident's application for a service, whichever channel and legacy app holds
 * it (domain.md, "Services and documents"; legacy-catalogue.md #14–#21). Each channel app codes
 * these its own way (integer statuses, letters, Indonesian words): its adapter maps them onto
 * these, and the services subgraph speaks only these.
 */

/** What the resident applies for. */
export const SERVICE_KINDS = [
  /** KTP-el first issue (at 17, or when married). */
  'FIRST_ID_CARD',
  /** KTP-el replacement: lost, damaged, data changed, moved. */
  'ID_CARD_REPLACEMENT',
  /** A new family card (a new household). */
  'FAMILY_CARD_NEW',
  /** A changed family card: a member added or removed, data changed, a split. */
  'FAMILY_CARD_CHANGE',
  /** KIA, the child identity card (0–17). */
  'CHILD_ID_CARD',
  'BIRTH_REGISTRATION',
  'DEATH_REGISTRATION',
  'MARRIAGE_REGISTRATION',
  'DIVORCE_REGISTRATION',
  /** An annotation on a deed after a court order (name change, recognition, legitimation). */
  'COURT_ORDERED_CHANGE',
  'MOVE_OUT',
  'MOVE_IN',
  'FOREIGNER_REGISTRATION',
  'DIGITAL_ID_ACTIVATION',
  /** A stamped copy of a document (refused for e-signed documents). */
  'LEGALISATION',
  /** Printing an issued document (KK, deed, KIA) at a self-service kiosk. */
  'DOCUMENT_PRINT',
] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** The three channels the city folded its applications into. */
export const CHANNELS = ['ONLINE', 'OFFLINE', 'OJOL'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Where a request was made or is served. */
export const SERVICE_POINT_KINDS = [
  'ONLINE_PORTAL',
  /** The Dinas office's own counters. */
  'DINAS',
  /** One of the kecamatan offices (7 in Tangsel). */
  'KECAMATAN',
  /** A kelurahan's collective service (Sirena). */
  'KELURAHAN',
  /** A self-service machine (ADM) in a mall. */
  'MALL_KIOSK',
  /** A home visit of the outreach service (jemput bola). */
  'OUTREACH',
] as const;
export type ServicePointKind = (typeof SERVICE_POINT_KINDS)[number];

/** A service point: its kind and, for all but the portal and the Dinas, which one (region code or kiosk id). */
export interface ServicePoint {
  kind: ServicePointKind;
  /** Kecamatan or kelurahan: its dotted region code ('36.74.01', '36.74.01.1001'); kiosk: the app's kiosk id; else null. */
  id: string | null;
}

/**
 * Where a request stands. Apps that know fewer states map onto the nearest (a counter app that
 * only knows "done" answers COMPLETED); none invents a state it has not seen.
 */
export const REQUEST_STATUSES = [
  /** Started but not sent (online drafts). */
  'DRAFT',
  'SUBMITTED',
  /** Requirements being checked. */
  'VERIFYING',
  'REJECTED',
  'IN_PROCESS',
  /** The document is ready: to collect, print or deliver. */
  'READY',
  'COMPLETED',
  'CANCELLED',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Statuses after which nothing more happens to a request. */
export const FINAL_STATUSES: ReadonlySet<RequestStatus> = new Set<RequestStatus>(['REJECTED', 'COMPLETED', 'CANCELLED']);

/** One step of a request's timeline, as the app recorded it. */
export interface StatusChange {
  status: RequestStatus;
  /** ISO local date-time 'YYYY-MM-DDTHH:mm:ss' (office time, no zone), as the apps keep them. */
  at: string;
  /** The app's own note (a rejection reason, a counter's remark), if any. */
  note: string | null;
  /** Who changed it in the app (an officer's NIP or user name), null for the resident or the app itself. */
  by: string | null;
}
