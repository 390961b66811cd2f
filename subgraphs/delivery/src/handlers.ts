import type { OjolPort } from '@adapters/ojol';
import { classifyDeliveryFailure, type OutboxDispatcher } from '@core/outbox';
import { newOrderOf, OJOL, PLACE_ORDER, type PlacementPayload } from './orders';
import { mergeOrderSnapshot } from './status-events';
import type { OrderStore } from './store';

/**
 * What the delivery subgraph writes through its outbox, as every replica registers it: placing a
 * courier order with the partner. The partner's adapter looks the reference up before it places
 * (and again after a send that got no answer), so a redelivery after a crash or a restart never
 * orders a second courier. The order row is recorded first (a no-op when it exists), so the
 * partner's first callback, which can arrive before placeOrder has answered, finds it.
 */
export function registerDeliveryHandlers(dispatcher: OutboxDispatcher, ojol: OjolPort, store: OrderStore): OutboxDispatcher {
  return dispatcher.register(OJOL, PLACE_ORDER, async (message, deadline) => {
    const p = message.payload as PlacementPayload;
    await store.recordRequested(newOrderOf(p));
    try {
      const order = await ojol.placeOrder({ reference: p.reference, quoteId: p.quoteId, kind: p.kind, origin: p.origin, destination: p.destination, itemDescription: p.item, note: p.note }, deadline);
      await mergeOrderSnapshot(store.db, order);
      return { orderId: order.orderId };
    } catch (error) {
      // The order shows why it waits, or that the partner refused it for good (quote expired, …).
      const failure = classifyDeliveryFailure(error);
      const reason = (error as { extensions?: { reason?: unknown } }).extensions?.reason;
      const code = typeof reason === 'string' ? reason : failure.code;
      if (failure.permanent) await store.markNotPlaced(p.reference, code);
      else await store.notePlacementError(p.reference, code);
      throw error;
    }
  });
}
