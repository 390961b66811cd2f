import { cancellationOf, type Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { faultOf } from '../../base/resilience';
import type { RestLegacyClient } from '../../base/rest/client';
import { slices } from '../../base/rest/slices';
import type { CourierOrder, CourierOrderChanges, CourierOrderRequest, CourierPlaceRequest, FeeQuote, FeeQuoteRequest, GeoPoint, OjolPort } from '../port';
import { CHANGE_FEED, encodeKind, normalisePhone, orderBody, toChange, toOrder, toQuote, type OrderRecord, type TarifRecord } from './mapping';

/**
 * The ojek-online partner through its REST API. One call per port method whatever the number of
 * keys, up to the partner's limit (100 keys per call; beyond that one call per slice); a lookup
 * that finds nothing is the partner's status 14.
 *
 * Orders are safe to place again: each carries the caller's reference (ref_mitra, unique at the
 * partner). The adapter looks the reference up before sending; the partner itself answers a known
 * reference with the order made before; an order sent without an answer (timeout, connection cut)
 * may have landed, so the adapter looks once more before passing the error on. A courier is
 * never booked twice for one reference.
 */
const MAX_KEYS = 100;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;
const ORDER_ID = /^OJL-\d{6}-\d{6}$/;
const QUOTE_ID = /^TRF[0-9A-F]{16}$/;

/** The partner's own refusals (envelope statuses) the adapter turns into domain errors. */
const REFUSED = {
  INVALID: '05',
  NOT_FOUND: '14',
  UNKNOWN_QUOTE: '61',
  QUOTE_EXPIRED: '62',
  QUOTE_USED: '63',
  CANNOT_CANCEL: '64',
  OUTSIDE_AREA: '65',
} as const;

/** No answer came (timed out, connection cut): the write may have landed. */
function unanswered(error: unknown): boolean {
  if (!(error instanceof GerbangError)) return false;
  const fault = faultOf(error);
  return error.code === ErrorCode.LEGACY_TIMEOUT || (error.code === ErrorCode.LEGACY_UNAVAILABLE && fault !== undefined && fault.legacyStatus === undefined && fault.httpStatus === undefined);
}

function refusalOf(error: unknown): string | undefined {
  const fault = faultOf(error);
  return fault?.kind === 'rejected' ? fault.legacyStatus : undefined;
}

function unreadable(): GerbangError {
  // An answer with status 00 but no usable data: the partner is not working as agreed.
  return new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'The ojol application is not available right now; try again later.', { app: 'ojol', retryable: true });
}

function checkPoint(point: GeoPoint, argument: string): void {
  const ok = Number.isFinite(point.latitude) && Number.isFinite(point.longitude) && Math.abs(point.latitude) <= 90 && Math.abs(point.longitude) <= 180;
  if (!ok) throw badUserInput(argument, 'INVALID_LOCATION', 'A location is a latitude (-90 to 90) and a longitude (-180 to 180) in degrees.');
}

function checkPlace(place: CourierPlaceRequest, argument: string): void {
  checkPoint(place.location, `${argument}.location`);
  const address = place.address.trim();
  if (address.length < 10 || address.length > 200) throw badUserInput(`${argument}.address`, 'INVALID_LENGTH', 'An address is 10 to 200 characters.');
  if (place.contactName.trim() === '' || place.contactName.length > 60) throw badUserInput(`${argument}.contactName`, 'INVALID_LENGTH', 'A contact name is 1 to 60 characters.');
  if (normalisePhone(place.contactPhone) === null) throw badUserInput(`${argument}.contactPhone`, 'INVALID_PHONE', 'A contact phone is an Indonesian mobile number (08…, +628…).');
}

/** What the partner would refuse with 05, caught before sending, with the argument named. */
function checkOrder(request: CourierOrderRequest): void {
  if (!REFERENCE.test(request.reference)) throw badUserInput('reference', 'INVALID_REFERENCE', 'A reference is 1 to 40 letters, digits and / _ . - , starting with a letter or digit.');
  if (!QUOTE_ID.test(request.quoteId)) throw badUserInput('quoteId', 'UNKNOWN_QUOTE', 'This is not a quote id the courier partner gave.');
  checkPlace(request.origin, 'origin');
  checkPlace(request.destination, 'destination');
  const item = request.itemDescription.trim();
  if (item === '' || item.length > 100) throw badUserInput('itemDescription', 'INVALID_LENGTH', 'An item description is 1 to 100 characters.');
  if ((request.note ?? '').length > 200) throw badUserInput('note', 'INVALID_LENGTH', 'A note is at most 200 characters.');
}

function sameDestination(order: CourierOrder, request: CourierOrderRequest): boolean {
  const at = order.destination.location;
  const wanted = request.destination.location;
  return at !== null && Math.abs(at.latitude - wanted.latitude) < 1e-4 && Math.abs(at.longitude - wanted.longitude) < 1e-4;
}

export class OjolRestAdapter implements OjolPort {
  constructor(private readonly rest: RestLegacyClient) {}

  async quote(request: FeeQuoteRequest, deadline: Deadline): Promise<FeeQuote> {
    checkPoint(request.origin, 'origin');
    checkPoint(request.destination, 'destination');
    const body = { jenis: encodeKind(request.kind), asal_lat: request.origin.latitude, asal_lon: request.origin.longitude, tujuan_lat: request.destination.latitude, tujuan_lon: request.destination.longitude };
    let answer;
    try {
      // A quote changes nothing that matters (an unused quote just expires): safe to send again.
      answer = await this.rest.call<TarifRecord>({ method: 'POST', path: '/api/v1/tarif', body, safe: true }, deadline);
    } catch (error) {
      if (refusalOf(error) === REFUSED.OUTSIDE_AREA) throw badUserInput('destination', 'OUTSIDE_SERVICE_AREA', 'The courier partner does not serve this distance or place.');
      if (refusalOf(error) === REFUSED.INVALID) throw badUserInput('quote', 'REFUSED_BY_APPLICATION', 'The courier partner refused this quote request.');
      throw error;
    }
    const quote = answer.data ? toQuote(answer.data, request.kind) : null;
    if (!quote) throw unreadable();
    return quote;
  }

  async placeOrder(request: CourierOrderRequest, deadline: Deadline): Promise<CourierOrder> {
    checkOrder(request);
    const body = orderBody(request);
    const known = await this.byReference(request, deadline);
    if (known) return known;
    let answer;
    try {
      answer = await this.rest.post<OrderRecord>('/api/v1/order', body, deadline);
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal === REFUSED.UNKNOWN_QUOTE) throw badUserInput('quoteId', 'UNKNOWN_QUOTE', 'The courier partner does not know this quote; ask for a new one.');
      if (refusal === REFUSED.QUOTE_EXPIRED) throw new GerbangError(ErrorCode.CONFLICT, 'The quote has expired; ask for a new one.', { argument: 'quoteId', reason: 'QUOTE_EXPIRED' });
      if (refusal === REFUSED.QUOTE_USED) throw new GerbangError(ErrorCode.CONFLICT, 'The quote was used for another order; ask for a new one.', { argument: 'quoteId', reason: 'QUOTE_ALREADY_USED' });
      if (refusal === REFUSED.INVALID) throw badUserInput('order', 'NOT_AS_QUOTED', 'The courier partner refused this order: the kind and both places must be those quoted.');
      if (!unanswered(error) || cancellationOf(deadline)) throw error;
      const landed = await this.byReference(request, deadline).catch(() => undefined);
      if (landed) return landed;
      throw error;
    }
    if (!answer.data) throw unreadable();
    const order = toOrder(answer.data);
    // The partner answers a known reference with its order, whatever was sent this time.
    this.checkSameOrder(order, request);
    return order;
  }

  async cancel(orderId: string, reason: string | null, deadline: Deadline): Promise<CourierOrder> {
    if (!ORDER_ID.test(orderId)) throw new GerbangError(ErrorCode.NOT_FOUND, 'No courier order has this id.', { argument: 'orderId' });
    if ((reason ?? '').length > 200) throw badUserInput('reason', 'INVALID_LENGTH', 'A reason is at most 200 characters.');
    let answer;
    try {
      answer = await this.rest.post<OrderRecord>(`/api/v1/order/${encodeURIComponent(orderId)}/batal`, { alasan: reason?.trim() || undefined }, deadline);
    } catch (error) {
      if (refusalOf(error) === REFUSED.CANNOT_CANCEL) {
        throw new GerbangError(ErrorCode.CONFLICT, 'The courier has the item already: the order can no longer be cancelled.', { argument: 'orderId', reason: 'CANCEL_NOT_ALLOWED' });
      }
      if (!unanswered(error) || cancellationOf(deadline)) throw error;
      // Cancelling twice is harmless: look whether it landed, else pass the failure on.
      const landed = (await this.ordersById([orderId], deadline).catch(() => undefined))?.get(orderId);
      if (landed?.status === 'CANCELLED') return landed;
      throw error;
    }
    if (answer.status === REFUSED.NOT_FOUND) throw new GerbangError(ErrorCode.NOT_FOUND, 'No courier order has this id.', { argument: 'orderId' });
    if (!answer.data) throw unreadable();
    return toOrder(answer.data);
  }

  async ordersById(orderIds: readonly string[], deadline: Deadline): Promise<Map<string, CourierOrder>> {
    // An id the partner cannot have is simply absent (it would refuse the whole call).
    const orders = await this.lookup('no_order', [...new Set(orderIds)].filter((id) => ORDER_ID.test(id)), deadline);
    return new Map(orders.map((o) => [o.orderId, o]));
  }

  async ordersByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, CourierOrder>> {
    const orders = await this.lookup('ref_mitra', [...new Set(references)].filter((r) => REFERENCE.test(r)), deadline);
    return new Map(orders.map((o) => [o.reference, o]));
  }

  async changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<CourierOrderChanges> {
    const page = await CHANGE_FEED.page(this.rest, cursor, limit, toChange, deadline);
    return { changes: page.entries, cursor: page.cursor, hasMore: page.hasMore };
  }

  async currentCursor(deadline: Deadline): Promise<string> {
    return await CHANGE_FEED.end(this.rest, deadline);
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.rest.ping(deadline);
  }

  private async lookup(key: 'no_order' | 'ref_mitra', values: readonly string[], deadline: Deadline): Promise<CourierOrder[]> {
    const out: CourierOrder[] = [];
    for (const slice of slices(values, MAX_KEYS)) {
      const records = await this.rest.get<OrderRecord[]>('/api/v1/order', { [key]: slice }, deadline);
      out.push(...(records ?? []).map(toOrder));
    }
    return out;
  }

  /** The order placed under this reference; CONFLICT when it is another kind of job or goes elsewhere. */
  private async byReference(request: CourierOrderRequest, deadline: Deadline): Promise<CourierOrder | undefined> {
    const found = (await this.ordersByReference([request.reference], deadline)).get(request.reference);
    if (found) this.checkSameOrder(found, request);
    return found;
  }

  private checkSameOrder(order: CourierOrder, request: CourierOrderRequest): void {
    if (order.kind !== request.kind || !sameDestination(order, request)) {
      throw new GerbangError(ErrorCode.CONFLICT, 'This reference was already used for another courier order.', { argument: 'reference', reason: 'REFERENCE_IN_USE' });
    }
  }
}
