import { recordAccess, type AuditWriter } from '@core/audit';
import type { Logger } from '@core/log';
import type { DeliveryHandler, OutboxDispatcher, OutboxMessage } from '@core/outbox';
import type { NotifikasiPort } from '@adapters/notifikasi';
import type { SiakContactReader } from '@adapters/siak';
import { NOTIFY_OPERATION, NOTIFY_TARGET, readOrder, type NotifyOrder } from './order';
import type { NotificationStore } from './store';
import { renderCourierNotice } from './courier-templates';
import { renderNotice } from './templates';

/**
 * The trail of the phone lookups: no caller is behind a notification (an officer changed the
 * request in the application's own screen), so the subgraph itself is the principal, the outbox
 * message the request, and the status change the purpose.
 */
export const NOTIFICATIONS_PRINCIPAL = { kind: 'service' as const, id: 'delivery-notifications', roles: [] as string[] };

export interface SendDeps {
  notifikasi: NotifikasiPort;
  siak: SiakContactReader;
  audit: AuditWriter;
  store: NotificationStore;
  /** Who signs the texts, e.g. 'Disdukcapil Tangsel'. */
  sender: string;
  logger: Logger;
}

/**
 * Delivers one notification order: the phone from the resident's family card (audited), the text
 * from the template, one send under the order's reference. Safe to run again at any point:
 * - the row is recorded (PREPARED) before the send, so reports of a message whose sender crashed
 *   right after the gateway accepted it still find it;
 * - the adapter looks the reference up before sending and answers the message already there, so a
 *   re-delivery (a crash between "accepted" and "marked delivered", a lease that ran out) never
 *   sends a second message;
 * - throttled (429): LEGACY_UNAVAILABLE with the gateway's Retry-After as `retryAfterMs`, which the
 *   outbox waits out before the next attempt (core/outbox classifyDeliveryFailure).
 * What it returns is kept on the outbox message: ids and statuses, never the phone or the text.
 */
export function notifyHandler(deps: SendDeps): DeliveryHandler {
  return async (message: OutboxMessage, deadline) => {
    const order: NotifyOrder = readOrder(message.payload);
    await deps.store.prepare({ reference: order.reference, tenant: message.tenant, eventId: order.eventId, requestId: order.requestId, requestStatus: order.status, applicantNik: order.applicantNik, channel: order.channel });
    const text = order.subject === 'courier' ? renderCourierNotice(order, order.channel, deps.sender) : renderNotice(order, order.channel, deps.sender);
    if (text === null) return { sent: false, reason: 'NOT_NOTIFIED' };
    const phone = (await deps.siak.familyPhonesByNik([order.applicantNik], deadline)).get(order.applicantNik);
    await recordAccess(
      deps.audit,
      { requestId: message.id, tenant: message.tenant, principal: NOTIFICATIONS_PRINCIPAL, purpose: `notification of ${order.requestId} (${order.subject === 'courier' ? 'courier ' : ''}${order.status})` },
      { operation: 'delivery.notifyStatusChange', access: 'read', niks: [order.applicantNik] },
    );
    if (!phone) {
      // Nobody to tell: the family card has no mobile number. Done, and visible to operators.
      await deps.store.notSent(order.reference);
      deps.logger.info('notification not sent: no mobile number on the family card', { reference: order.reference, requestId: order.requestId });
      return { sent: false, reason: 'NO_PHONE' };
    }
    const sent = await deps.notifikasi.send({ reference: order.reference, channel: order.channel, phone, text }, deadline);
    await deps.store.accepted(order.reference, sent.messageId, sent.status, sent.failure);
    return { sent: true, reference: order.reference, messageId: sent.messageId, channel: sent.channel, status: sent.status };
  };
}

/** Registers the notifications' outbox handler on the delivery subgraph's dispatcher. */
export function registerNotificationHandlers(dispatcher: OutboxDispatcher, deps: SendDeps): OutboxDispatcher {
  return dispatcher.register(NOTIFY_TARGET, NOTIFY_OPERATION, notifyHandler(deps));
}
