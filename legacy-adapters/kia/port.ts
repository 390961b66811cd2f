/**
 * The child ID card (KIA, Kartu Identitas Anak) port: what subgraphs may ask of the children's
 * cards, in domain terms. Served by the REST adapter (./rest) over the KIA application's API.
 *
 * Batch methods take many keys and return a Map (one call to the application per batch of up to
 * its limit); keys without a record are absent. Every method takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';

/** ISSUED: number given, not printed yet; REPLACED: superseded by a card for a lost or damaged one. */
export type ChildIdCardStatus = 'ISSUED' | 'PRINTED' | 'COLLECTED' | 'REPLACED';
export type ChildIdCardReason = 'NEW' | 'LOST' | 'DAMAGED';

export interface ChildIdCard {
  /** The application's card number, e.g. 'KIA-3674-2025-000123'. */
  cardNumber: string;
  childNik: string;
  /** The family card (KK) the child was on when the card was issued. */
  familyCardNumber: string | null;
  /** As printed on the card (UPPERCASE). */
  childName: string | null;
  /** ISO date. */
  birthDate: string | null;
  /** null when the application holds a status this port does not know. */
  status: ChildIdCardStatus | null;
  reason: ChildIdCardReason | null;
  /** ISO date. */
  issuedOn: string | null;
  /** ISO date: the day before the 17th birthday (the card is for children). */
  expiresOn: string | null;
  /** The requester's own reference (idempotency key), null for cards asked for at the counter. */
  reference: string | null;
}

export interface KiaRequest {
  childNik: string;
  familyCardNumber: string;
  childName: string;
  /** ISO date; the child must be under 17 (the application refuses otherwise). */
  birthDate: string;
  /** The caller's own unique reference: asking again with it never issues a second card. */
  reference: string;
  /** Default NEW; LOST or DAMAGED replaces the card in force. */
  reason?: ChildIdCardReason;
}

export interface KiaPort {
  /** The card in force of each child (the newest one not replaced); children without a card are absent. */
  kiaOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, ChildIdCard>>;
  /** The cards in force of the children on each family card (KK); family cards without any are absent. */
  kiaByFamily(kkNumbers: readonly string[], deadline: Deadline): Promise<Map<string, ChildIdCard[]>>;
  /**
   * Issues a card, once per reference: a request whose reference is known answers the card already
   * issued for it (CONFLICT if that card is another child's). A first card (NEW) for a child who has
   * one in force is CONFLICT (reason KIA_ALREADY_ISSUED).
   */
  requestKia(request: KiaRequest, deadline: Deadline): Promise<ChildIdCard>;
  /** Throws LEGACY_UNAVAILABLE when the application cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
