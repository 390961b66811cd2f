/**
 * The SIAK port: what the population subgraph may ask of the civil register, in domain terms.
 * It is served today by the SQL adapter over the local SIAK copy (./sql); a web-service adapter
 * for SIAK Terpusat can implement the same interface without touching the subgraph.
 *
 * Batch methods take many keys and return a Map, so that callers (DataLoaders) make one call per
 * batch; keys without a record are simply absent from the Map.
 *
 * Every method takes the request's deadline last: an adapter waits for SIAK only within it, and
 * stops its work below (a statement, a call) when it passes or the caller hangs up.
 */
import type { Deadline } from '@core/deadline';
import type { Education, FamilyRelationship, MaritalStatus, Religion, Sex } from '@core/domain/population';

export type { Education, FamilyRelationship, MaritalStatus, Religion, Sex };
export type BloodType = 'A' | 'B' | 'AB' | 'O' | 'A_POSITIVE' | 'A_NEGATIVE' | 'B_POSITIVE' | 'B_NEGATIVE' | 'AB_POSITIVE' | 'AB_NEGATIVE' | 'O_POSITIVE' | 'O_NEGATIVE';

export interface RegionRef {
  /** Dotted Kemendagri code, e.g. '36.74.01.1001'. */
  code: string;
  name: string;
}

export interface Occupation {
  /** SIAK occupation code (JENIS_PKRJN). */
  code: number;
  /** Official label, e.g. 'KARYAWAN SWASTA'. */
  label: string;
}

export interface Resident {
  nik: string;
  name: string;
  sex: Sex;
  birthPlace: string | null;
  /** ISO date YYYY-MM-DD. */
  birthDate: string | null;
  bloodType: BloodType | null;
  religion: Religion | null;
  maritalStatus: MaritalStatus | null;
  relationship: FamilyRelationship | null;
  education: Education | null;
  occupation: Occupation | null;
  alive: boolean;
  familyNumber: string | null;
  /** Kelurahan of residence (dotted code). */
  kelurahanCode: string;
  /** ISO date-time of the last change in the register, null when never changed since entry. */
  updatedAt: string | null;
  /** Parents as the record names them (NAMA_LGKP_IBU/NIK_IBU, NAMA_LGKP_AYAH/NIK_AYAH). */
  mother: Parent | null;
  father: Parent | null;
}

export interface Parent {
  name: string;
  /** Null when the record names the parent without a (valid) NIK. */
  nik: string | null;
}

export interface Address {
  street: string | null;
  /** RT and RW as written on the KK: three digits, e.g. '004'. */
  rt: string | null;
  rw: string | null;
  hamlet: string | null;
  postalCode: string | null;
  kelurahan: RegionRef;
  kecamatan: RegionRef;
  regency: RegionRef;
  province: RegionRef;
}

export interface Family {
  number: string;
  headName: string;
  headNik: string | null;
  address: Address;
  updatedAt: string | null;
}

export interface ResidentSearch {
  /** Matches names that start with this text (case-insensitive, blanks collapsed). */
  name?: string;
  /** Dotted region code of residence: regency, kecamatan or kelurahan. */
  regionCode?: string;
  first: number;
  /** Opaque cursor from a previous page. */
  after?: string;
}

export interface ResidentPage {
  edges: Array<{ cursor: string; resident: Resident }>;
  hasNextPage: boolean;
}

export interface SiakPort {
  residentsByNik(niks: readonly string[], deadline: Deadline): Promise<Map<string, Resident>>;
  familiesByNumber(numbers: readonly string[], deadline: Deadline): Promise<Map<string, Family>>;
  /** Members of each family in KK order (head first). */
  membersByFamily(numbers: readonly string[], deadline: Deadline): Promise<Map<string, Resident[]>>;
  searchResidents(search: ResidentSearch, deadline: Deadline): Promise<ResidentPage>;
  /** Throws LEGACY_UNAVAILABLE when SIAK cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}

/** A registered death as SIAK records it: the resident is marked deceased (STAT_HIDUP). */
export interface SiakDeath {
  /** The caller's reference (the death registration's client reference), for logs and support. */
  reference: string;
  nik: string;
  /** ISO date of death. */
  dateOfDeath: string;
}

export interface RecordedDeath {
  nik: string;
  /** False when SIAK already had the resident as deceased (a re-delivery): nothing was written. */
  changed: boolean;
}

/**
 * SIAK's one write through Gerbang, apart from the read port so that read-only wrappers (the
 * population subgraph's row and audit layers) need not forward it. The SQL adapter serves both.
 */
export interface SiakDeathRecorder {
  /**
   * Marks the resident deceased. Check before writing: the update only applies to a living
   * resident, so a re-delivery changes nothing and answers `changed: false`. NOT_FOUND (reason
   * UNKNOWN_NIK) when SIAK has no such resident: a permanent refusal, not retried.
   */
  recordDeath(death: SiakDeath, deadline: Deadline): Promise<RecordedDeath>;
}

/** Where a move within the city takes people: a kelurahan of the city and the street address. */
export interface SiakMoveDestination {
  /** Dotted kelurahan code, e.g. '36.74.02.1003'. */
  kelurahanCode: string;
  /** Street and house number as written on the KK (stored UPPERCASE). */
  street: string;
  rt: number;
  rw: number;
}

/** A move within the city as SIAK records it: the family card's address, or a new family card. */
export interface SiakMove {
  /** The move registration's client reference, for logs and support (SIAK keeps none). */
  reference: string;
  /** The family card the movers are on before the move. */
  familyCardNumber: string;
  /**
   * NIKs of the people moving, all on `familyCardNumber`. When only part of the family moves, the
   * first heads the new family card; when the card's head moves with part of the family, the head
   * must be the first.
   */
  movers: readonly string[];
  destination: SiakMoveDestination;
  /**
   * When part of the family moves and the card's head is among the movers: the NIK of the member
   * staying behind who heads the remaining family. Ignored otherwise.
   */
  remainingHeadNik?: string | null;
}

export interface RecordedMove {
  /** The family card the movers are on after the move: the same card, or the new one. */
  familyCardNumber: string;
  /** True when a new family card was made for the movers (part of the family moved). */
  newFamilyCard: boolean;
  /** False when SIAK already showed the move (a re-delivery): nothing was written. */
  changed: boolean;
}

/**
 * SIAK's move write, apart from the read port like the death write. The SQL adapter serves it.
 */
export interface SiakMoveRecorder {
  /**
   * Records a move within the city. The whole family moving changes the family card's address and
   * the members' kelurahan; part of the family moving gets a new family card at the new address.
   * Check before writing: a move SIAK already shows (the movers together on a card at that
   * address) changes nothing and answers `changed: false` with that card. Refusals are permanent:
   * NOT_FOUND (UNKNOWN_NIK, UNKNOWN_FAMILY_CARD), BAD_USER_INPUT (NEW_HEAD_REQUIRED,
   * HEAD_MUST_LEAD_MOVE), CONFLICT (MOVERS_NOT_ON_FAMILY_CARD).
   */
  recordMove(move: SiakMove, deadline: Deadline): Promise<RecordedMove>;
}

/** A newborn added to their family's card, as SIAK's KK screen records a birth. */
export interface SiakBirth {
  /** The caller's reference (the fulfilment's), for logs and support: SIAK keeps none. */
  reference: string;
  /** The family card the child joins. */
  familyCardNumber: string;
  /** Full name as it goes on the KK (stored UPPERCASE, blanks collapsed; up to 60 characters). */
  name: string;
  sex: Sex;
  /** Place of birth as written on the birth letter (stored UPPERCASE; up to 60 characters). */
  birthPlace: string;
  /** ISO date of birth, not after today on the office's calendar. */
  birthDate: string;
}

export interface RecordedBirth {
  /** The child's new NIK (the family's kecamatan, the birth date, the next serial). */
  nik: string;
  familyCardNumber: string;
  /** False when the child was already on the card (a re-delivery): nothing was written. */
  changed: boolean;
}

/** SIAK's birth write, apart from the read port like the death and move writes. The SQL adapter serves it. */
export interface SiakBirthRecorder {
  /**
   * Adds a newborn to a family card: a new NIK, relationship ANAK (child), parents' names and NIKs
   * from the card (its head and spouse). Check before writing: a child of that name and birth
   * date already on the card as a child is this birth (SIAK keeps no reference column), so a
   * re-delivery adds no second child and answers `changed: false` with that NIK. Refusals are
   * permanent: NOT_FOUND (UNKNOWN_FAMILY_CARD), BAD_USER_INPUT (INVALID_NAME, INVALID_BIRTH_PLACE,
   * INVALID_BIRTH_DATE, BIRTH_DATE_IN_FUTURE, INVALID_FAMILY_CARD).
   */
  recordBirth(birth: SiakBirth, deadline: Deadline): Promise<RecordedBirth>;
}

/**
 * How to reach a resident by phone: the number on the family card they are on (DATA_KELUARGA.TELP;
 * SIAK keeps one per card, not per person). Apart from the read port, like the writes, so that the
 * read-only wrappers need not forward it. The SQL adapter serves it. Personal data: callers audit.
 */
export interface SiakContactReader {
  /**
   * Each resident's family-card phone as an Indonesian mobile number, '+628…', keyed by NIK, in one
   * statement. Absent: no such resident, no card, no number, or a number that is not a mobile one
   * (a landline cannot take an SMS).
   */
  familyPhonesByNik(niks: readonly string[], deadline: Deadline): Promise<Map<string, string>>;
}
