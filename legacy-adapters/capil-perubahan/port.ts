/**
 * The capil-perubahan port: what the civil-registry subgraph may ask of the court-ordered changes
 * application, in domain terms. Court-ordered changes (child recognition, legitimation, name
 * changes) are recorded as annotations on a person's civil-registry record.
 *
 * The application works in batches (a nightly job), so a change request is asynchronous: it is
 * PENDING until the job has run, then ACCEPTED (with the annotation's number) or REJECTED (with a
 * reason). Submitting is idempotent by the caller's `reference`: submitting again with the same
 * reference never records the change twice; it returns where the first submission stands.
 *
 * Every method takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';

export type CourtOrderedChange = 'CHILD_RECOGNITION' | 'CHILD_LEGITIMATION' | 'NAME_CHANGE';

export interface CourtOrder {
  /** Nomor penetapan pengadilan, e.g. '123/Pdt.P/2026/PN.Tng'. */
  number: string;
  /** The court that decided, e.g. 'PENGADILAN NEGERI TANGERANG'. */
  court: string;
  /** ISO date of the decision. */
  date: string;
}

export interface Annotation {
  /** The application's annotation number, e.g. '3674-CP-29112026-0001'. */
  number: string;
  nik: string;
  /** null for change types this application recorded in the past but no longer knows by code. */
  change: CourtOrderedChange | null;
  courtOrder: { number: string; court: string; date: string | null };
  previousName: string | null;
  newName: string | null;
  fatherNik: string | null;
  fatherName: string | null;
  /** ISO date the annotation was recorded. */
  recordedOn: string | null;
  /** Annulled by an officer (e.g. the order was overturned); kept for the record. */
  annulled: boolean;
}

export interface ChangeRequest {
  /** The caller's idempotency reference (e.g. the application number of the service request). */
  reference: string;
  nik: string;
  change: CourtOrderedChange;
  courtOrder: CourtOrder;
  /** NAME_CHANGE: the new name (required) and the old one. */
  previousName?: string;
  newName?: string;
  /** CHILD_RECOGNITION / CHILD_LEGITIMATION: the father (name required). */
  fatherNik?: string;
  fatherName?: string;
}

export type RejectionReason =
  | 'INVALID_NIK' | 'MISSING_DATA' | 'UNKNOWN_CHANGE' | 'INVALID_COURT_ORDER_DATE'
  | 'INVALID_FATHER_NIK' | 'ALREADY_RECORDED' | 'MALFORMED_REQUEST' | 'OTHER';

export type ChangeRequestOutcome =
  | { reference: string; state: 'PENDING' }
  | { reference: string; state: 'ACCEPTED'; annotationNumber: string; processedOn: string | null }
  | { reference: string; state: 'REJECTED'; reason: RejectionReason; processedOn: string | null };

export interface CapilPerubahanPort {
  /** Annotations of each NIK (annulled ones included, flagged); NIKs without any are absent. */
  annotationsByNik(niks: readonly string[], deadline: Deadline): Promise<Map<string, Annotation[]>>;
  /** Hands a change request to the application; PENDING until its batch job has run. */
  submitChangeRequest(request: ChangeRequest, deadline: Deadline): Promise<ChangeRequestOutcome>;
  /** Where earlier submissions stand; references never submitted are absent. */
  changeRequestOutcomes(references: readonly string[], deadline: Deadline): Promise<Map<string, ChangeRequestOutcome>>;
  /** Throws LEGACY_UNAVAILABLE when the application's folders cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
