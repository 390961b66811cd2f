/**
 * The KTP-el enrolment port: what subgraphs may ask of the enrolment application, in domain terms.
 * Served today by the SQL adapter over the application's own table (./sql).
 *
 * Enrolment is biometric, and biometrics are specific personal data (UU 27/2022): this port says
 * only WHETHER fingerprints, iris, photo and signature were captured, never anything of them.
 *
 * Every method takes the request's deadline last: the adapter waits for the application only
 * within it, and stops its work below when it passes or the caller hangs up.
 */
import type { Deadline } from '@core/deadline';

/** NEW: sent, awaiting the central biometric match; DUPLICATE: matched another record; SUCCESSFUL: unique, card may be printed. */
export type EnrolmentStatus = 'NEW' | 'DUPLICATE' | 'SUCCESSFUL';

export interface EnrolmentOffice {
  /** The Dinas itself, or one of the kecamatan offices. */
  kind: 'DINAS' | 'KECAMATAN';
  /** Dotted region code of the office: the regency for the Dinas, the kecamatan otherwise. */
  regionCode: string;
  name: string | null;
}

/** Whether each biometric was captured (null when the record does not say). */
export interface BiometricsCaptured {
  fingerprints: boolean | null;
  iris: boolean | null;
  photo: boolean | null;
  signature: boolean | null;
}

export interface Enrolment {
  nik: string;
  /** Null for a status code the application has and this port does not know. */
  status: EnrolmentStatus | null;
  /** ISO date of enrolment. */
  enrolledOn: string | null;
  /** ISO local date-time of enrolment (the application's wall clock, no zone). */
  enrolledAt: string | null;
  office: EnrolmentOffice;
  biometrics: BiometricsCaptured;
}

export interface KtpRekamPort {
  /**
   * Every enrolment of each NIK, newest first (a person enrolled again after a duplicate has
   * several). NIKs never enrolled are absent from the Map.
   */
  enrolmentsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, Enrolment[]>>;
  /** Throws LEGACY_UNAVAILABLE when the application cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
