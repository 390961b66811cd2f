/**
 * The foreign residents' register port (SKTT): foreigners living in the city, found by passport
 * number (they have no NIK), in domain terms. Served by the SQL adapter (./sql) over the register's
 * table. Batch methods take many keys and return a Map (one statement per batch); keys without a
 * record are absent. Every method takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';
import type { Sex } from '@core/domain/population';

export type { Sex };

/** KITAS: limited stay permit; KITAP: permanent stay permit. */
export type StayPermitType = 'KITAS' | 'KITAP';

export interface StayPermit {
  /** null when the register holds a type this port does not know. */
  type: StayPermitType | null;
  number: string;
  /** ISO date the permit ends. */
  expiresOn: string | null;
}

export interface ForeignResident {
  /** The SKTT number, e.g. '3674-SKTT-05012026-0003'. */
  registrationNumber: string;
  passportNumber: string;
  /** ISO 3166 alpha-3 (e.g. 'JPN'); null when the register holds a country this port does not know. */
  nationality: string | null;
  name: string;
  sex: Sex | null;
  birthDate: string | null;
  permit: StayPermit;
  /** The employer or institution sponsoring the stay. */
  sponsor: string | null;
  street: string | null;
  rt: number | null;
  rw: number | null;
  /** Dotted kelurahan code, e.g. '36.74.01.1003'. */
  kelurahanCode: string;
  /** ISO local date-time the registration was entered. */
  registeredAt: string | null;
  /** The client reference of a registration made through Gerbang; null for counter registrations. */
  reference: string | null;
}

export interface ForeignerRegistration {
  /** The caller's own unique reference: registering again with it never registers twice. */
  clientReference: string;
  passportNumber: string;
  /** ISO 3166 alpha-3. */
  nationality: string;
  name: string;
  sex: Sex;
  birthDate: string;
  permitType: StayPermitType;
  permitNumber: string;
  permitExpiresOn: string;
  sponsor?: string;
  street: string;
  rt: number;
  rw: number;
  kelurahanCode: string;
}

export interface RegisteredForeigner {
  foreigner: ForeignResident;
  /** false when the reference was already registered (a retry). */
  created: boolean;
}

export interface ForeignerSearch {
  /** A dotted region code at any level: regency '36.74', kecamatan '36.74.01', kelurahan '36.74.01.1003'. */
  regionCode?: string;
  /** Part of the name, any case. */
  name?: string;
  /** Permits ending on or before this ISO date (those already ended included). */
  expiringBefore?: string;
  /** 1-based. */
  page: number;
  perPage: number;
}

export interface ForeignerPage {
  foreigners: ForeignResident[];
  total: number;
  hasNextPage: boolean;
}

export interface OrangAsingPort {
  foreignersByPassport(passportNumbers: readonly string[], deadline: Deadline): Promise<Map<string, ForeignResident>>;
  /** Registrations made through Gerbang, by client reference (to check before registering again). */
  foreignersByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, ForeignResident>>;
  /** Soonest-ending permit first, then by name; one statement per page. */
  searchForeigners(search: ForeignerSearch, deadline: Deadline): Promise<ForeignerPage>;
  /**
   * Registers a foreigner once per reference; CONFLICT when the passport is already registered
   * (under another reference, or at the counter).
   */
  registerForeigner(registration: ForeignerRegistration, deadline: Deadline): Promise<RegisteredForeigner>;
  ping(deadline: Deadline): Promise<void>;
}
