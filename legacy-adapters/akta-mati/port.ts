/**
 * The death registry port: what subgraphs may ask of the death registry (akta kematian), in
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
export type DeathCause = 'ILLNESS' | 'EPIDEMIC' | 'ACCIDENT' | 'CRIME' | 'SUICIDE' | 'OTHER';

export interface DeathReporter {
  nik: string | null;
  name: string | null;
}

export interface DeathDeed {
  /** Deed number as issued, e.g. '3674-KM-05022025-0003'. */
  number: string;
  nik: string;
  name: string;
  sex: Sex | null;
  /** ISO dates. */
  birthDate: string | null;
  dateOfDeath: string | null;
  /** 'HH:MM', local time, when recorded. */
  timeOfDeath: string | null;
  placeOfDeath: string | null;
  cause: DeathCause | null;
  reporter: DeathReporter;
  /** ISO date the death was reported and the deed issued. */
  registeredOn: string | null;
  /** Kelurahan of residence (dotted code). */
  kelurahanCode: string;
}

export interface DeathRegistration {
  /** The caller's idempotency key (e.g. the application number of the request that asked for it). */
  clientReference: string;
  nik: string;
  name: string;
  sex: Sex;
  birthDate: string | null;
  dateOfDeath: string;
  timeOfDeath?: string | null;
  placeOfDeath: string;
  cause: DeathCause;
  reporter: { nik: string | null; name: string };
  kelurahanCode: string;
  /** ISO date of registration on the tenant's calendar: it goes into the deed number. */
  registeredOn: string;
}

export interface RegisteredDeath {
  deed: DeathDeed;
  /** False when this reference had been written before (a retry): nothing new was written. */
  created: boolean;
}

export interface AktaMatiPort {
  /** The death deed of each NIK (the latest, should the registry hold more than one). */
  deathDeedsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, DeathDeed>>;
  deathDeedByNumber(numbers: readonly string[], deadline: Deadline): Promise<Map<string, DeathDeed>>;
  /** Deeds written through Gerbang, by the caller's reference: check before writing again. */
  deathRegistrationsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, DeathDeed>>;
  /**
   * Registers a death. CONFLICT (reason DEATH_ALREADY_REGISTERED) when the person already has a
   * deed under another reference. Two statements: the conditional insert and the read-back.
   */
  registerDeath(registration: DeathRegistration, deadline: Deadline): Promise<RegisteredDeath>;
  /** Throws LEGACY_UNAVAILABLE when the registry cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
