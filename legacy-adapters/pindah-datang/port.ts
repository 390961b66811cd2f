/**
 * The move-in port: what subgraphs may ask of the SKDWNI application (Surat Keterangan Datang
 * WNI: residents arriving in the city, each arrival against a move-out letter), in domain terms.
 * Served by the REST adapter (./rest) over the application's API.
 *
 * Batch methods take many keys and return a Map (one call to the application per batch); keys
 * without a record are absent. Every method takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';

export interface Arrival {
  /** The arrival's number, e.g. '475/00017/SKDWNI/3674/2026'. */
  arrivalNumber: string;
  /** The move-out letter (SKPWNI) it was registered against, from this city or another regency. */
  moveOutLetterNumber: string;
  /** NIKs of the people who arrived, in the arrival's order. */
  arrivingNiks: string[];
  /** Dotted desa/kelurahan code they came from (from the letter); null when unknown. */
  originRegionCode: string | null;
  /** Dotted kelurahan code of the city they arrived in. */
  destinationRegionCode: string;
  destinationAddress: string | null;
  /** Whether a new family card / new KTP-el was issued with the arrival (null: unreadable flag). */
  newFamilyCardIssued: boolean | null;
  newIdCardsIssued: boolean | null;
  /** ISO date. */
  arrivalDate: string | null;
  /** ISO local date-time the arrival was entered (office time, no zone). */
  recordedAt: string | null;
  reference: string | null;
}

/** A move-out letter as read from the paper (or from the pindah-keluar port), for a letter the office has not received. */
export interface MoveOutLetterCopy {
  familyCardNumber: string;
  /** Dotted village codes. */
  originRegionCode: string;
  destinationRegionCode: string;
  movers: readonly string[];
}

export interface ArrivalRequest {
  /** The caller's own unique reference: asking again with it never registers a second arrival. */
  reference: string;
  moveOutLetterNumber: string;
  /**
   * The letter's content, needed when the office has not received it through the national
   * exchange (moves within the city); when given for a received letter, it must be the same.
   */
  letter?: MoveOutLetterCopy;
  /** Everyone must be on the letter. */
  arrivingNiks: readonly string[];
  /** Must be the letter's destination: a kelurahan of the city. */
  destination: { regionCode: string; address: string | null };
  newFamilyCard: boolean;
  newIdCards: boolean;
  /** ISO date. */
  arrivalDate: string;
}

export interface PindahDatangPort {
  /** Every arrival of each resident, oldest first. */
  arrivalsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, Arrival[]>>;
  /**
   * Registers an arrival, once per reference (CONFLICT `REFERENCE_IN_USE` when the reference is
   * another letter's). The application refuses an arrival that does not match its letter:
   * BAD_USER_INPUT with reason NOT_ON_MOVE_OUT_LETTER (arrivingNiks), DESTINATION_NOT_ON_LETTER
   * (destination.regionCode), UNKNOWN_MOVE_OUT_LETTER or LETTER_DIFFERS (moveOutLetterNumber / letter).
   */
  registerArrival(request: ArrivalRequest, deadline: Deadline): Promise<Arrival>;
  /** Throws LEGACY_UNAVAILABLE when the application cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
