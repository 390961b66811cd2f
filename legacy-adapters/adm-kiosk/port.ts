/**
 * The mall kiosk port: what subgraphs may ask of the self-service kiosk application (`adm-kiosk`,
 * catalogue #18, ADM — Anjungan Dukcapil Mandiri), in domain terms. A resident asks for a one-time
 * PIN to print one issued document (a family card, a deed, a KIA); entered at a kiosk in one of the
 * malls within its 15 minutes, it starts a print of about two minutes. Each PIN is one service
 * request (DOCUMENT_PRINT, OFFLINE, at a MALL_KIOSK), with its PIN's and its print's own states
 * kept beside the shared status. Served by the REST adapter (./rest).
 *
 * Batch methods take many keys and return a Map (one call per batch); keys without a record are
 * absent. Every method takes the request's deadline last. The PIN itself is given out once, in
 * the answer to issuing it (or asking again with the same reference); nothing else carries it.
 */
import type { Deadline } from '@core/deadline';
import type { Channel, RequestStatus, ServiceKind, ServicePoint, StatusChange } from '@core/domain/services';

export const KIOSK_DOCUMENT_KINDS = ['FAMILY_CARD', 'BIRTH_DEED', 'DEATH_DEED', 'MARRIAGE_DEED', 'DIVORCE_DEED', 'CHILD_ID_CARD'] as const;
export type KioskDocumentKind = (typeof KIOSK_DOCUMENT_KINDS)[number];

/** The PIN's life: usable, used at a kiosk, expired unused, or withdrawn. */
export type PinState = 'ACTIVE' | 'USED' | 'EXPIRED' | 'WITHDRAWN';
/** The print a kiosk runs once the PIN is entered. */
export type PrintState = 'PRINTING' | 'PRINTED' | 'FAILED';
/** A step of the request, as the application logs it. */
export type KioskStep = 'PIN_ISSUED' | 'PRINT_STARTED' | 'PRINTED' | 'PRINT_FAILED' | 'PIN_EXPIRED' | 'PIN_WITHDRAWN';

export interface KioskStatusChange extends StatusChange {
  step: KioskStep;
  /** The kiosk where it happened, if at one. */
  kioskId: string | null;
}

export interface KioskDocument {
  kind: KioskDocumentKind | null;
  /** The family card number, the deed number, or the child's NIK for a KIA. */
  number: string;
}

export interface KioskPrintRequest {
  /** The application's PIN record id (opaque). */
  id: string;
  serviceKind: ServiceKind;
  channel: Channel;
  /** MALL_KIOSK with the kiosk's id once the PIN was entered at one, else with a null id. */
  servicePoint: ServicePoint;
  /** The mall's code, once at a kiosk. */
  mall: string | null;
  applicantNik: string;
  document: KioskDocument;
  /** SUBMITTED (PIN waiting), IN_PROCESS (printing), COMPLETED (printed), CANCELLED (expired, withdrawn, or the print failed). */
  status: RequestStatus | null;
  pinState: PinState | null;
  printState: PrintState | null;
  /** ISO local date-times 'YYYY-MM-DDTHH:mm:ss' (mall time, no zone). */
  submittedAt: string | null;
  pinValidUntil: string | null;
  printStartedAt: string | null;
  /** When the kiosk expects to be done (about two minutes after the start). */
  printExpectedAt: string | null;
  printEndedAt: string | null;
  /** Why the print failed, as the kiosk reported it. */
  failureReason: string | null;
  /** The caller's reference; null for PINs made at the Dinas's desk. */
  reference: string | null;
  /** Oldest first; steps this port does not know are left out. */
  timeline: KioskStatusChange[];
}

export interface PinRequest {
  /** The caller's own unique reference: asking again with it gives the same PIN while it is usable. */
  reference: string;
  applicantNik: string;
  /** The caller checks that the document exists and the applicant may print it (the app cannot). */
  document: { kind: KioskDocumentKind; number: string };
  /** Where the resident asked: the portal (ONLINE, default) — the print itself is always at a kiosk. */
  via?: 'WEB' | 'APP' | 'WHATSAPP';
}

export interface IssuedPin {
  request: KioskPrintRequest;
  /** Six digits, to give the resident and nobody else. */
  pin: string;
  /** ISO local date-time until which the PIN can be entered at a kiosk. */
  validUntil: string;
}

export interface Kiosk {
  id: string;
  mall: { code: string; name: string; kecamatanCode: string | null };
  inService: boolean;
}

export interface KioskFilter {
  /** MALL_KIOSK with a kiosk id (or any MALL_KIOSK when the id is null); other kinds match nothing. */
  servicePoint?: ServicePoint;
  mall?: string;
  statuses?: readonly RequestStatus[];
  serviceKinds?: readonly ServiceKind[];
  /** ISO dates, inclusive, on when the PIN was issued. */
  submittedFrom?: string;
  submittedTo?: string;
}

export interface KioskWorklistQuery extends KioskFilter {
  page: number;
  /** 1–100. */
  perPage: number;
}

/** In the order the PINs were issued (then id): stable from page to page. */
export interface KioskWorklistPage {
  requests: KioskPrintRequest[];
  total: number | undefined;
  hasNextPage: boolean;
}

export interface KioskCounts {
  byStatus: Partial<Record<RequestStatus, number>>;
  total: number;
}

export interface KioskChange {
  /** Pass it back to continue after this change. */
  cursor: string;
  requestId: string;
  change: KioskStatusChange;
  /** The request as it stands now. */
  request: KioskPrintRequest;
}

export interface KioskChanges {
  changes: KioskChange[];
  cursor: string;
}

export interface AdmKioskPort {
  printRequestsById(ids: readonly string[], deadline: Deadline): Promise<Map<string, KioskPrintRequest>>;
  /** Every PIN each resident asked for, oldest first. */
  printRequestsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, KioskPrintRequest[]>>;
  /**
   * A one-time PIN for one document, once per reference: asking again answers the same PIN while
   * it is usable (CONFLICT REFERENCE_IN_USE if the reference was another resident's or document's;
   * CONFLICT PIN_NO_LONGER_USABLE once it expired, was used or withdrawn — ask with a new reference).
   */
  issuePin(request: PinRequest, deadline: Deadline): Promise<IssuedPin>;
  /**
   * A resident enters a PIN at a kiosk: the print starts. Refused as BAD_USER_INPUT on `pin` with
   * PIN_INVALID, PIN_EXPIRED or PIN_ALREADY_USED; UNKNOWN_KIOSK; CONFLICT KIOSK_OUT_OF_SERVICE.
   * A kiosk asking again for the print it just started gets that print.
   */
  redeemPin(kioskId: string, pin: string, deadline: Deadline): Promise<KioskPrintRequest>;
  /** Withdraws an unused PIN; asking again answers the same request. */
  withdrawPin(id: string, deadline: Deadline): Promise<KioskPrintRequest>;
  /** The kiosks, their malls and whether they are in service: one call. */
  kiosks(deadline: Deadline): Promise<Kiosk[]>;
  worklist(query: KioskWorklistQuery, deadline: Deadline): Promise<KioskWorklistPage>;
  counts(filter: KioskFilter, deadline: Deadline): Promise<KioskCounts>;
  /** Steps logged after `cursor` (null: from the start), oldest first, at most `limit` (1–500). */
  changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<KioskChanges>;
  /**
   * A cursor at the newest step now: reading from it sees only what happens from then on. The
   * application has no call for it: found in about 2·log2(steps) one-row reads of the log.
   */
  latestCursor(deadline: Deadline): Promise<string>;
  ping(deadline: Deadline): Promise<void>;
}
