import { createHash } from 'node:crypto';
import type { DeliveredEvent, EventHandler, EventSeal } from '@core/events';
import type { Logger } from '@core/log';
import { IdempotencyKeys, requestHash, type OutboxDispatcher, type OutboxStore } from '@core/outbox';
import { notificationReference, type NotificationChannel } from '@adapters/notifikasi';
import { NOTIFY_OPERATION, NOTIFY_TARGET, readStatusChanged, type NotifyOrder } from './order';
import { cleanNote, NOTIFIED_STATUSES } from './templates';

/** The event the services subgraph publishes for every status change (subgraphs/services/src/feed/publisher.ts). */
export const STATUS_CHANGED = 'service-request.status-changed';

/** The gateway reference's prefix: 'ntf-' + 24 hex digits (notificationReference), ours among the gateway's messages. */
const REFERENCE_PREFIX = 'ntf';

/**
 * Between `begin` and `commit` of an order there are two statements: a claim older than this
 * belongs to a process that died there, and the event's next delivery takes it over.
 */
const CLAIM_TTL_MS = 15_000;

/** One reference per (status change, channel): a resent event or a restarted sender finds the same message. */
export function referenceOf(eventId: string, channel: NotificationChannel): string {
  return notificationReference(REFERENCE_PREFIX, `${channel}\n${eventId}`);
}

/** The outbox key of a notification: the event id where it fits the key's alphabet, else its hash. */
export function orderKey(eventId: string, channel: NotificationChannel): string {
  const base = `notify:${channel === 'SMS' ? 'sms:' : ''}`;
  return /^[A-Za-z0-9._:-]{1,180}$/.test(eventId) ? `${base}${eventId}` : `${base}h:${createHash('sha256').update(eventId).digest('hex')}`;
}

export interface Intake {
  /** The event flow's handler: status changes become notification orders in the outbox, once per event. */
  handler: EventHandler;
  /** Records one order (also the SMS fallback's); resolves once it is in the outbox. True when newly recorded. */
  order(tenant: string, order: NotifyOrder): Promise<boolean>;
}

/**
 * Turns status changes into outbox orders. The event is acknowledged only once its order is
 * committed, and the order's idempotency key is the event id: an event delivered twice (a
 * consumer that crashed before its acknowledgement, RabbitMQ's redelivery) finds its order there
 * and adds nothing. The sending happens in the outbox (retries, backoff, the gateway's
 * Retry-After, restarts), never in the event handler, so a slow gateway does not hold the flow up.
 */
export function createIntake(deps: { tenant: string; outbox: OutboxStore; dispatcher: OutboxDispatcher; seal: EventSeal | undefined; logger: Logger }): Intake {
  const keys = new IdempotencyKeys(deps.outbox, { claimTtlMs: CLAIM_TTL_MS });
  const log = deps.logger;

  async function order(tenant: string, notify: NotifyOrder): Promise<boolean> {
    const key = orderKey(notify.eventId, notify.channel);
    // A request notice is all the event's: other content under its id is a publisher's bug, worth a
    // log line. A courier notice carries the order's details as they were when it was swept (the feed
    // has none), which may have moved on when a crashed sweep runs again: its change is its identity.
    const content = notify.subject === 'courier' ? { eventId: notify.eventId, channel: notify.channel } : notify;
    const begun = await keys.begin({ tenant, principalId: null, key, operation: NOTIFY_OPERATION, requestHash: requestHash(NOTIFY_OPERATION, content) });
    if (begun.kind === 'replay') return false;
    if (begun.kind === 'conflict') {
      // The publisher broke its promise that event ids are stable. The first notification stands.
      log.error('a status change event came again with other content; the first notification stands', { eventId: notify.eventId });
      return false;
    }
    // Another process is recording this very order (or died doing so): the event comes again and finds it.
    if (begun.kind === 'in-progress') throw new Error(`the notification order for event ${notify.eventId} is being recorded by another process`);
    const ids = await begun.claim.commit({ reference: notify.reference }, [{ target: NOTIFY_TARGET, operation: NOTIFY_OPERATION, payload: notify }]);
    // Sent at once rather than at the dispatcher's next poll; its outcome is the outbox's to record.
    void deps.dispatcher.deliver(ids).catch(() => undefined);
    return true;
  }

  async function handler(event: DeliveredEvent): Promise<void> {
    if (event.type !== STATUS_CHANGED) return;
    if (event.tenant !== deps.tenant) return;
    const change = readStatusChanged(event.payload, deps.seal);
    if ('invalid' in change) {
      // It can never be handled: retrying it would stop every later notification (order per subscription).
      log.error('status change event skipped: unusable payload', { eventId: event.id, field: change.invalid });
      return;
    }
    if (!NOTIFIED_STATUSES.has(change.status)) return;
    if (!change.applicantNik) {
      log.debug('status change not notified: the event names no applicant', { eventId: event.id, requestId: change.requestId });
      return;
    }
    const channel: NotificationChannel = 'WHATSAPP';
    // Only a rejection's note is ever shown, and only blanked of numbers: nothing more is kept in the outbox.
    const note = change.status === 'REJECTED' ? cleanNote(change.note) || null : null;
    await order(event.tenant, { ...change, note, applicantNik: change.applicantNik, eventId: event.id, channel, reference: referenceOf(event.id, channel) });
  }

  return { handler, order };
}
