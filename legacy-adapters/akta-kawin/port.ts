/**
 * The marriage registry port (akta perkawinan, non-Muslim marriages): what subgraphs may ask of
 * it, in domain terms. Served today by the SOAP adapter (./soap).
 *
 * Batch reads take many keys and return a Map; keys without a deed are absent. The write is
 * idempotent by the caller's reference: asked again with the same reference it returns the deed
 * already written (created: false) instead of registering the marriage twice.
 * Every method takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';
import type { Religion } from '@core/domain/population';

export type { Religion };

export interface Person {
  /** Null when the person is not on file with this registry (e.g. a former spouse from elsewhere). */
  nik: string | null;
  name: string;
  /** ISO date, when the deed records it. */
  birthDate: string | null;
}

export interface MarriageDeed {
  /** Deed number as issued, e.g. '3674-KW-14022015-0003'. */
  number: string;
  husband: Person;
  wife: Person;
  /** ISO dates. */
  marriedOn: string | null;
  registeredOn: string | null;
  place: string | null;
  /** Religion of the blessing; null when the registry's code is unknown. */
  religion: Religion | null;
  /** Church, temple or other institution that blessed the marriage. */
  religiousInstitution: string | null;
  witnesses: Person[];
  /** Kelurahan of the couple's residence at registration (dotted code), when readable. */
  kelurahanCode: string | null;
}

export interface MarriageRegistration {
  /** The caller's idempotency key (e.g. the application number of the request that asked for it). */
  clientReference: string;
  husband: Person & { nik: string };
  wife: Person & { nik: string };
  marriedOn: string;
  place: string | null;
  /** Anything but ISLAM: Muslim marriages are registered by the KUA. */
  religion: Religion;
  religiousInstitution: string;
  /** Exactly two, each at least 21 on the wedding day, with their birth dates. */
  witnesses: [Person & { birthDate: string }, Person & { birthDate: string }];
  kelurahanCode: string;
}

export interface RegisteredMarriage {
  deed: MarriageDeed;
  /** False when this reference had been written before (a retry): nothing new was written. */
  created: boolean;
}

export interface AktaKawinPort {
  /** Every marriage deed where the NIK is the husband or the wife (newest registration last). */
  marriageDeedsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, MarriageDeed[]>>;
  marriageDeedsByNumber(numbers: readonly string[], deadline: Deadline): Promise<Map<string, MarriageDeed>>;
  /** Deeds written through Gerbang, by the caller's reference: check before writing again. */
  marriageRegistrationsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, MarriageDeed>>;
  /**
   * Registers a marriage. BAD_USER_INPUT when the registry refuses it (a Muslim marriage, a
   * witness under 21…); CONFLICT (reason MARRIAGE_ALREADY_REGISTERED) when the same marriage is
   * already registered under another reference.
   */
  registerMarriage(registration: MarriageRegistration, deadline: Deadline): Promise<RegisteredMarriage>;
  /** Throws LEGACY_UNAVAILABLE when the registry cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
