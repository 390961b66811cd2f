import type { Logger } from '@core/log';
import type { OutboxStore } from '@core/outbox';
import type { DeliveryReport } from '@adapters/notifikasi';
import { orderKey, referenceOf, type Intake } from './intake';
import { readOrder } from './order';
import type { NotificationStore } from './store';

/**
 * The channel rule: WhatsApp first (cheaper, longer texts, read receipts, and most residents have
 * it); when the gateway reports the number has no WhatsApp (NOT_ON_WHATSAPP; the gateway itself
 * never falls back), the same notice goes once by SMS. Other failures (an unknown or unreachable
 * number, an operator's refusal) would fail by SMS too: nothing more is sent.
 *
 * The SMS is one more outbox order, keyed by the event id and the channel, so a report read twice
 * (a crash before the feed's cursor moved) orders it once.
 */
export function smsFallback(deps: { store: NotificationStore; outbox: OutboxStore; intake: Intake; logger: Logger }): (report: DeliveryReport) => Promise<void> {
  return async (report) => {
    if (report.status !== 'FAILED' || report.failure !== 'NOT_ON_WHATSAPP' || !report.reference) return;
    const notification = await deps.store.notification(report.reference);
    if (!notification || notification.channel !== 'WHATSAPP') return;
    const [first] = await deps.outbox.messages({ tenant: notification.tenant, idempotencyKey: orderKey(notification.eventId, 'WHATSAPP'), limit: 1 });
    if (!first) {
      deps.logger.warn('no SMS fallback: the WhatsApp order is no longer in the outbox', { reference: report.reference });
      return;
    }
    const order = readOrder(first.payload);
    await deps.intake.order(notification.tenant, { ...order, channel: 'SMS', reference: referenceOf(order.eventId, 'SMS') });
  };
}
