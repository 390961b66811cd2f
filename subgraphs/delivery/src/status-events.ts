import type { Knex } from 'knex';
import { isCourierStatusAdvance, type CourierInfo, type CourierOrder, type CourierOrderStatus, type ProofOfDelivery } from '@adapters/ojol';
import { EVENT_TABLE, ORDER_TABLE, type OrderStatus } from './store';

/**
 * The one rule for what the partner tells Gerbang, whichever way it comes (a signed callback, the
 * change feed after an outage, the order's own answer to placeOrder or cancel): an event id is
 * taken once (a double is answered, not applied), and an order's status only moves forward
 * (COURIER_STATUS_RANK): a late PICKED_UP after DELIVERED is recorded in the timeline and changes
 * nothing else. Each event is one transaction: the event id and the order's new state together,
 * so a crash leaves either both or neither, and the partner's retry finds the id recorded. An
 * applied change is marked for the resident's notice in the same row (notifications/courier.ts).
 */
export type EventOutcome = 'applied' | 'stale' | 'duplicate' | 'unknown-order';

/** What an event says about an order; details are absent when the feed does not carry them. */
export interface StatusEvent {
  eventId: string;
  reference: string;
  orderId: string;
  status: CourierOrderStatus | null;
  statusAt: string | null;
  feeRupiah?: number | null;
  courier?: CourierInfo | null;
  proof?: ProofOfDelivery | null;
  reason?: string | null;
}

export type EventSource = 'callback' | 'poll' | 'order';

/** Gerbang's own states are "before the partner": any partner status is an advance over them. */
const partnerStatus = (status: OrderStatus): CourierOrderStatus | null => (status === 'REQUESTED' || status === 'NOT_PLACED' ? null : status);
const ms = (at: string | null | undefined): number | null => (at ? Date.parse(at) : null);

/** Columns an event's details set; only what it carries (the feed has no courier or proof). */
function details(event: Omit<StatusEvent, 'eventId' | 'statusAt'>): Record<string, unknown> {
  const out: Record<string, unknown> = { partner_order_id: event.orderId, placement_error: null };
  if (event.feeRupiah !== undefined && event.feeRupiah !== null) out.fee_rupiah = event.feeRupiah;
  if (event.courier) {
    out.courier = JSON.stringify(event.courier);
    out.courier_phone = event.courier.phone;
  }
  if (event.proof) out.proof = JSON.stringify(event.proof);
  if (event.reason !== undefined && event.reason !== null) out.reason = event.reason.slice(0, 200);
  return out;
}

function isDuplicateKey(error: unknown): boolean {
  const e = error as { code?: string; errno?: number };
  return e.code === 'ER_DUP_ENTRY' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === 'SQLITE_CONSTRAINT' || e.errno === 1062;
}

export async function applyStatusEvent(db: Knex, event: StatusEvent, source: EventSource, now = Date.now()): Promise<EventOutcome> {
  try {
    return await db.transaction(async (trx) => {
      if (await trx(EVENT_TABLE).where({ event_id: event.eventId }).first('event_id')) return 'duplicate';
      const row = (await trx(ORDER_TABLE).where({ reference: event.reference }).forUpdate().first('status', 'partner_order_id')) as { status: OrderStatus; partner_order_id: string | null } | undefined;
      // The partner's own orders (placed before Gerbang, or by another system) are none of ours.
      const known = !!row && (row.partner_order_id === null || row.partner_order_id === event.orderId);
      const advance = known && event.status !== null && row.status !== 'NOT_PLACED' && isCourierStatusAdvance(partnerStatus(row.status), event.status);
      await trx(EVENT_TABLE).insert({ event_id: event.eventId, reference: event.reference, status: event.status, status_at: ms(event.statusAt), source, applied: advance ? 1 : 0, received_at: now, noticed: advance ? 0 : 1 });
      if (!known) return 'unknown-order';
      if (!advance) return 'stale';
      await trx(ORDER_TABLE).where({ reference: event.reference }).update({ ...details(event), status: event.status, updated_at: now });
      return 'applied';
    });
  } catch (error) {
    // Two replicas took the same event at once: the other one recorded it.
    if (isDuplicateKey(error)) return 'duplicate';
    throw error;
  }
}

/**
 * The order as the partner holds it now (placeOrder's or cancel's answer, or a refresh after the
 * feed): its history's events are taken like any other, then its details fill in what the feed
 * does not carry (courier, proof) as long as its status is not behind the one recorded.
 */
export async function mergeOrderSnapshot(db: Knex, order: CourierOrder, now = Date.now()): Promise<void> {
  for (const step of order.history) {
    await applyStatusEvent(db, { eventId: step.eventId, reference: order.reference, orderId: order.orderId, status: step.status, statusAt: step.at }, 'order', now);
  }
  await db.transaction(async (trx) => {
    const row = (await trx(ORDER_TABLE).where({ reference: order.reference }).forUpdate().first('status', 'partner_order_id')) as { status: OrderStatus; partner_order_id: string | null } | undefined;
    if (!row || row.status === 'NOT_PLACED' || (row.partner_order_id !== null && row.partner_order_id !== order.orderId) || order.status === null) return;
    const current = partnerStatus(row.status);
    if (current !== null && current !== order.status && !isCourierStatusAdvance(current, order.status)) return;
    await trx(ORDER_TABLE)
      .where({ reference: order.reference })
      .update({ ...details({ ...order, orderId: order.orderId }), status: order.status, updated_at: now });
  });
}
