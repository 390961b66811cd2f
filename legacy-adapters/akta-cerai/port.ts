/**
 * The divorce registry port (akta perceraian, divorces of non-Muslim marriages before a district
 * court): what subgraphs may ask of it, in domain terms. Served today by the SOAP adapter (./soap).
 *
 * Batch reads take many keys and return a Map; keys without a deed are absent. The write is
 * idempotent by the caller's reference: asked again with the same reference it returns the deed
 * already written (created: false) instead of registering the divorce twice.
 * Every method takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';

export interface Person {
  /** Null when the person is not on file with this registry (e.g. a former spouse living elsewhere). */
  nik: string | null;
  name: string;
}

/** Who filed the suit (the penggugat). */
export type Petitioner = 'HUSBAND' | 'WIFE';

export interface DivorceDeed {
  /** Deed number as issued, e.g. '3674-CR-02032018-0001'. */
  number: string;
  /** The marriage deed that ended (akta-kawin's number, or another regency's). */
  marriageDeedNumber: string | null;
  /** ISO dates. */
  marriedOn: string | null;
  husband: Person;
  wife: Person;
  /** The court's case number, e.g. '245/Pdt.G/2017/PN Tng'. */
  courtDecisionNumber: string | null;
  courtDecisionDate: string | null;
  court: string | null;
  filedBy: Petitioner | null;
  registeredOn: string | null;
  /** Kelurahan of the residence at registration (dotted code), when readable. */
  kelurahanCode: string | null;
}

export interface DivorceRegistration {
  /** The caller's idempotency key (e.g. the application number of the request that asked for it). */
  clientReference: string;
  marriageDeedNumber: string;
  marriedOn: string;
  /** At least one of them with a NIK: the resident the deed is registered for. */
  husband: Person;
  wife: Person;
  /** A district court's civil case ('…/Pdt.G/YYYY/PN …'): Muslim divorces are the Pengadilan Agama's. */
  courtDecisionNumber: string;
  courtDecisionDate: string;
  court: string;
  filedBy: Petitioner;
  kelurahanCode: string;
}

export interface RegisteredDivorce {
  deed: DivorceDeed;
  /** False when this reference had been written before (a retry): nothing new was written. */
  created: boolean;
}

export interface AktaCeraiPort {
  /** Every divorce deed where the NIK is the former husband or wife (oldest registration first). */
  divorceDeedsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, DivorceDeed[]>>;
  divorceDeedsByNumber(numbers: readonly string[], deadline: Deadline): Promise<Map<string, DivorceDeed>>;
  /** The divorce that ended each marriage deed, by the marriage deed number. */
  divorceDeedsByMarriageDeed(marriageDeedNumbers: readonly string[], deadline: Deadline): Promise<Map<string, DivorceDeed>>;
  /** Deeds written through Gerbang, by the caller's reference: check before writing again. */
  divorceRegistrationsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, DivorceDeed>>;
  /**
   * Registers a divorce. BAD_USER_INPUT when the registry refuses it (a religious court's decision,
   * a decision before the marriage, no NIK…); CONFLICT (reason MARRIAGE_ALREADY_DISSOLVED) when
   * the marriage already has a divorce deed under another reference.
   */
  registerDivorce(registration: DivorceRegistration, deadline: Deadline): Promise<RegisteredDivorce>;
  /** Throws LEGACY_UNAVAILABLE when the registry cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
