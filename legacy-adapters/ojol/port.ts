/**
 * The courier port: what the delivery subgraph may ask of the ojek-online partner (catalogue #22,
 * "ojol"), in domain terms. A courier order fetches a resident's requirement documents to the
 * office (PICKUP) or brings a finished document home (DELIVERY), on a fee quoted first. Served by
 * the REST adapter (./rest) over the partner's API; the partner's status callbacks are checked by
 * `verifyOjolCallback` (./callbacks.ts), a pure function the webhook endpoint calls.
 *
 * Batch methods take many keys and return a Map (one call to the partner per batch); keys without
 * an order are absent. Every method takes the request's deadline last. Moments are UTC instants
 * ('2026-12-07T03:00:00Z'): the partner's API speaks WIB wall-clock time and its callbacks epoch
 * seconds, and a consumer must be able to compare the two.
 */
import type { Deadline } from '@core/deadline';

export type CourierJobKind = 'PICKUP' | 'DELIVERY';
export const COURIER_JOB_KINDS: readonly CourierJobKind[] = ['PICKUP', 'DELIVERY'];

/**
 * SEARCHING_COURIER → COURIER_ASSIGNED → PICKED_UP → DELIVERED | FAILED; CANCELLED (by the caller
 * or the partner) before pickup. DELIVERED, FAILED and CANCELLED are final.
 */
export type CourierOrderStatus = 'SEARCHING_COURIER' | 'COURIER_ASSIGNED' | 'PICKED_UP' | 'DELIVERED' | 'FAILED' | 'CANCELLED';
export const COURIER_ORDER_STATUSES: readonly CourierOrderStatus[] = ['SEARCHING_COURIER', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED', 'FAILED', 'CANCELLED'];

/**
 * How far along each status is. The partner's callbacks come twice and out of order (PICKED_UP
 * after DELIVERED), and polling may see an older state than a callback did: a consumer keeps the
 * status with the higher rank and never moves one backwards. The final statuses share the top
 * rank: once final, an order never changes.
 */
export const COURIER_STATUS_RANK: Readonly<Record<CourierOrderStatus, number>> = {
  SEARCHING_COURIER: 1,
  COURIER_ASSIGNED: 2,
  PICKED_UP: 3,
  DELIVERED: 4,
  FAILED: 4,
  CANCELLED: 4,
};

export function isFinalCourierStatus(status: CourierOrderStatus): boolean {
  return COURIER_STATUS_RANK[status] === 4;
}

/** True when `next` may replace `current`: it is further along (the same status is no move). */
export function isCourierStatusAdvance(current: CourierOrderStatus | null, next: CourierOrderStatus): boolean {
  return current === null || COURIER_STATUS_RANK[next] > COURIER_STATUS_RANK[current];
}

export interface GeoPoint {
  /** WGS84 degrees. */
  latitude: number;
  longitude: number;
}

/** One end of a courier order. Personal data: the contact's name and phone. */
export interface CourierPlace {
  address: string;
  /** null when the partner's coordinates are unreadable. */
  location: GeoPoint | null;
  contactName: string;
  /** '+62…' (the partner's 62… normalised); null when the partner's value is no phone number. */
  contactPhone: string | null;
}

/** One end of a new order: everything required. */
export interface CourierPlaceRequest {
  /** 10 to 200 characters. */
  address: string;
  location: GeoPoint;
  /** 1 to 60 characters. */
  contactName: string;
  /** An Indonesian mobile number ('08…', '+628…'). */
  contactPhone: string;
}

export interface FeeQuoteRequest {
  kind: CourierJobKind;
  origin: GeoPoint;
  destination: GeoPoint;
}

export interface FeeQuote {
  /** The partner's quote id: an order must name it, before it expires, once. */
  quoteId: string;
  kind: CourierJobKind;
  /** Whole rupiah. */
  feeRupiah: number;
  /** The partner's road distance estimate, in metres. */
  distanceMeters: number;
  validUntil: string;
}

export interface CourierOrderRequest {
  /** The caller's unique reference: placing again with it never makes a second order. */
  reference: string;
  quoteId: string;
  kind: CourierJobKind;
  /** Must be the places quoted (to about 10 m). */
  origin: CourierPlaceRequest;
  destination: CourierPlaceRequest;
  /** What the courier carries, e.g. 'KTP-el' or 'requirement documents for a KK'; 1 to 100 characters. */
  itemDescription: string;
  /** For the courier; at most 200 characters. */
  note?: string | null;
}

export interface CourierInfo {
  name: string;
  /** Motorbike plate, e.g. 'B 1234 XYZ'. */
  plate: string;
  phone: string | null;
}

export interface ProofOfDelivery {
  receiverName: string;
  /** The partner's reference of the handover photo (not the photo itself). */
  photoReference: string | null;
  at: string | null;
  /** Where the courier's phone was at the handover. */
  location: GeoPoint | null;
}

export interface CourierOrder {
  /** The partner's order number, e.g. 'OJL-261207-000123'. */
  orderId: string;
  reference: string;
  kind: CourierJobKind | null;
  quoteId: string | null;
  origin: CourierPlace;
  destination: CourierPlace;
  itemDescription: string;
  note: string | null;
  feeRupiah: number | null;
  distanceMeters: number | null;
  /** null for a status code the partner added that this adapter does not know. */
  status: CourierOrderStatus | null;
  courier: CourierInfo | null;
  proof: ProofOfDelivery | null;
  /** Why it failed or was cancelled. */
  reason: string | null;
  cancelledBy: 'CALLER' | 'PARTNER' | null;
  createdAt: string | null;
  updatedAt: string | null;
  /** The order's status changes, oldest first. */
  history: CourierOrderStep[];
}

export interface CourierOrderStep {
  /** The partner's id of this change (ordered; the same id as the callback's eventId). */
  eventId: string;
  status: CourierOrderStatus | null;
  note: string | null;
  at: string | null;
}

/** A status change, from the polling feed. */
export interface CourierOrderChange extends CourierOrderStep {
  orderId: string;
  reference: string;
  /** Where to resume after this change. */
  cursor: string;
}

export interface CourierOrderChanges {
  /** Oldest first, each once. */
  changes: CourierOrderChange[];
  /** Where to resume: after the last change, or the cursor given when there were none. */
  cursor: string;
  /** True when `limit` cut the batch short (ask again at once). */
  hasMore: boolean;
}

/**
 * A status callback, verified and decoded: the order's state at that change. The same change may
 * arrive twice (the same eventId) and late; compare ranks before applying it.
 */
export interface CourierOrderEvent {
  eventId: string;
  orderId: string;
  reference: string;
  kind: CourierJobKind | null;
  status: CourierOrderStatus | null;
  /** When the change happened at the partner. */
  statusAt: string | null;
  feeRupiah: number | null;
  courier: CourierInfo | null;
  proof: ProofOfDelivery | null;
  reason: string | null;
  cancelledBy: 'CALLER' | 'PARTNER' | null;
  /** When the partner sent this callback (signed). */
  sentAt: string;
}

export interface OjolPort {
  /** A fee quote for a job between two points; BAD_USER_INPUT (OUTSIDE_SERVICE_AREA) beyond the partner's area. */
  quote(request: FeeQuoteRequest, deadline: Deadline): Promise<FeeQuote>;
  /**
   * Places an order on a quote, once per reference (looked up before it is sent, and again after
   * a send that got no answer). CONFLICT: QUOTE_EXPIRED, QUOTE_ALREADY_USED, REFERENCE_IN_USE (the
   * reference names an order of another kind or to another destination); BAD_USER_INPUT:
   * UNKNOWN_QUOTE, NOT_AS_QUOTED.
   */
  placeOrder(request: CourierOrderRequest, deadline: Deadline): Promise<CourierOrder>;
  /**
   * The caller cancels; allowed until the courier has the item (CONFLICT
   * CANCEL_NOT_ALLOWED after), NOT_FOUND for an unknown order. Cancelling a cancelled order
   * answers it as it is.
   */
  cancel(orderId: string, reason: string | null, deadline: Deadline): Promise<CourierOrder>;
  ordersById(orderIds: readonly string[], deadline: Deadline): Promise<Map<string, CourierOrder>>;
  ordersByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, CourierOrder>>;
  /**
   * Status changes after `cursor` (null: from the very first), oldest first, at most `limit`
   * (1 to 500): how a caller recovers callbacks that never came. A cursor this port did not make
   * is BAD_USER_INPUT (`cursor`, INVALID_CURSOR).
   */
  changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<CourierOrderChanges>;
  /** A cursor at the partner's newest change: polling from it sees only what happens from now on. */
  currentCursor(deadline: Deadline): Promise<string>;
  /** Throws LEGACY_UNAVAILABLE when the partner cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
