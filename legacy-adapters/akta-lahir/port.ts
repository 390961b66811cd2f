/**
 * The birth registry port: what subgraphs may ask of the birth registry (akta kelahiran), in
 * domain terms. Served today by the SQL adapter over the application's own table (./sql).
 *
 * Batch reads take many keys and return a Map; keys without a deed are absent. The write is
 * idempotent by the caller's reference: retried with the same reference it returns the deed
 * already written (created: false) instead of writing a second one.
 * Every method takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';
import type { Sex } from '@core/domain/population';

export type { Sex };

export interface Parent {
  /** Null when the parent's NIK is not on the deed (not on the child's KK at registration). */
  nik: string | null;
  name: string;
}

export interface BirthDeed {
  /** Deed number as issued, e.g. '3674-LU-01012020-0001'. */
  number: string;
  /** Null on old deeds issued before the child had a NIK. */
  childNik: string | null;
  childName: string;
  sex: Sex | null;
  birthPlace: string | null;
  /** ISO dates. */
  birthDate: string | null;
  registeredOn: string | null;
  /** Registered more than 60 working days after the birth; null when the registry cannot say. */
  lateRegistration: boolean | null;
  mother: Parent | null;
  father: Parent | null;
  /** Kelurahan of the family's residence at registration (dotted code). */
  kelurahanCode: string;
}

export interface BirthRegistration {
  /** The caller's idempotency key (e.g. the application number of the request that asked for it). */
  clientReference: string;
  childNik: string;
  childName: string;
  sex: Sex;
  birthPlace: string;
  birthDate: string;
  mother: Parent;
  /** Null when no father is recorded (a child of the mother only). */
  father: Parent | null;
  kelurahanCode: string;
  /** ISO date of registration on the tenant's calendar: it goes into the deed number. */
  registeredOn: string;
}

export interface RegisteredBirth {
  deed: BirthDeed;
  /** False when this reference had been written before (a retry): nothing new was written. */
  created: boolean;
}

export interface AktaLahirPort {
  /** The birth deed of each child NIK (the latest, should the registry hold more than one). */
  birthDeedsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, BirthDeed>>;
  birthDeedByNumber(numbers: readonly string[], deadline: Deadline): Promise<Map<string, BirthDeed>>;
  /** Deeds written through Gerbang, by the caller's reference: check before writing again. */
  birthRegistrationsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, BirthDeed>>;
  /**
   * Registers a birth. CONFLICT (reason BIRTH_ALREADY_REGISTERED) when the child already has a
   * deed under another reference. Two statements: the conditional insert and the read-back.
   */
  registerBirth(registration: BirthRegistration, deadline: Deadline): Promise<RegisteredBirth>;
  /** Throws LEGACY_UNAVAILABLE when the registry cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
