/**
 * The move-out port: what subgraphs may ask of the SKPWNI application (Surat Keterangan Pindah
 * WNI, the letter a resident needs to move out of a kelurahan), in domain terms. Served by the
 * REST adapter (./rest) over the application's API.
 *
 * Batch methods take many keys and return a Map (one call to the application per batch); keys
 * without a record are absent. Every method takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';

/** How far the move goes, as the application classifies it from the two region codes. */
export type MoveScope = 'SAME_VILLAGE' | 'BETWEEN_VILLAGES' | 'BETWEEN_DISTRICTS' | 'BETWEEN_REGENCIES' | 'BETWEEN_PROVINCES';
export type MoveReason = 'WORK' | 'EDUCATION' | 'SECURITY' | 'HEALTH' | 'HOUSING' | 'FAMILY' | 'OTHER';
/** Who of the family card moves (the form's "jenis kepindahan"). */
export type MovingMembers = 'HEAD_ONLY' | 'WHOLE_FAMILY' | 'HEAD_AND_SOME_MEMBERS' | 'MEMBERS_ONLY';
export type MoveOutLetterStatus = 'ISSUED' | 'CANCELLED';

export interface MovePlace {
  /** Dotted desa/kelurahan code, e.g. '36.74.01.1001'. */
  regionCode: string;
  /** Street address with RT/RW as written on the letter; null when it has none. */
  address: string | null;
}

export interface MoveOutLetter {
  /** The letter number, e.g. '474.2/00017/SKPWNI/3674/XI/2026'. */
  letterNumber: string;
  /** null when the application holds a status this port does not know. */
  status: MoveOutLetterStatus | null;
  /** The family card the people move from. */
  familyCardNumber: string;
  applicantNik: string;
  /** NIKs of the people moving, in the letter's order. */
  movers: string[];
  origin: MovePlace;
  destination: MovePlace;
  scope: MoveScope | null;
  /** True when the destination is outside the origin's regency (the resident leaves the city). */
  leavesRegency: boolean;
  reason: MoveReason | null;
  movingMembers: MovingMembers | null;
  /** ISO date of the planned move. */
  moveDate: string | null;
  /** ISO local date-time 'YYYY-MM-DDTHH:mm:ss' (office time, no zone). */
  issuedAt: string | null;
  /** The requester's own reference (idempotency key), null for letters made at the counter. */
  reference: string | null;
}

export interface MoveOutRequest {
  /** The caller's own unique reference: asking again with it never issues a second letter. */
  reference: string;
  familyCardNumber: string;
  applicantNik: string;
  /** NIKs of the people moving, all from `familyCardNumber` (the caller checks that in SIAK). */
  movers: readonly string[];
  /** A kelurahan of the city the application serves. */
  origin: MovePlace;
  /** Any desa/kelurahan code of the Kemendagri list, inside or outside the city. */
  destination: MovePlace;
  reason: MoveReason;
  movingMembers: MovingMembers;
  /** ISO date. */
  moveDate: string;
}

export interface MoveOutRegisterQuery {
  /** ISO dates, inclusive, on the letters' issue date. */
  issuedFrom?: string;
  issuedTo?: string;
  /** 1-based. */
  page: number;
  perPage: number;
}

export interface MoveOutRegisterPage {
  letters: MoveOutLetter[];
  total: number | undefined;
  hasNextPage: boolean;
}

export interface PindahKeluarPort {
  /** Every letter naming each resident as a mover, oldest first. */
  moveOutLettersOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, MoveOutLetter[]>>;
  moveOutLetterByNumber(letterNumbers: readonly string[], deadline: Deadline): Promise<Map<string, MoveOutLetter>>;
  /**
   * Issues a move-out letter, once per reference: a request whose reference is known answers the
   * letter already issued for it (CONFLICT if that letter is another family card's). An unknown
   * destination code is BAD_USER_INPUT (`destination.regionCode`, UNKNOWN_REGION).
   */
  issueMoveOutLetter(request: MoveOutRequest, deadline: Deadline): Promise<MoveOutLetter>;
  /** The register, newest first (slow in the application: for back-office views). */
  moveOutRegister(query: MoveOutRegisterQuery, deadline: Deadline): Promise<MoveOutRegisterPage>;
  /** Throws LEGACY_UNAVAILABLE when the application cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
