import type { AuditWriter } from '@core/audit';
import type { Knex } from 'knex';
import type { LegacyStorage } from '@core/config/shared';
import type { EventFlow, EventSeal } from '@core/events';
import type { Logger } from '@core/log';
import type { OutboxDispatcher, OutboxStore } from '@core/outbox';
import type { NotifikasiPort } from '@adapters/notifikasi';
import type { SiakContactReader } from '@adapters/siak';
import { CourierNotices } from './courier';
import { smsFallback } from './fallback';
import { createIntake, STATUS_CHANGED } from './intake';
import { ReportFollower } from './reports';
import { registerNotificationHandlers } from './send';
import { openNotificationStore, type NotificationStore } from './store';

/**
 * Notifications to residents at each status change of their requests (issue 9; see
 * docs/subgraphs/delivery-notifications.md):
 *   services event flow → intake (an outbox order per event) → outbox → send (phone from SIAK,
 *   template, notifikasi) → report follower (delivery reports; SMS when WhatsApp is not there);
 * and at each change of a courier order (./courier.ts), from the delivery database's marked events
 * into the same intake.
 */
export { registerNotificationHandlers, NOTIFICATIONS_PRINCIPAL, type SendDeps } from './send';
export { openNotificationStore, locateNotificationsDatabase, NOTIFICATIONS_APP_ID, NotificationStore, type NotificationRecord } from './store';
export { renderNotice, SERVICE_NAMES } from './templates';
export { referenceOf, orderKey, STATUS_CHANGED } from './intake';
export { CourierNotices, courierEventId } from './courier';

/** The event flow's subscription name (a RabbitMQ queue `gerbang.services.notifications`: list it in the publisher's `subscriptions`). */
export const NOTIFICATIONS_SUBSCRIPTION = 'notifications';

export interface NotificationsOptions {
  /** The tenant this process serves (events of others are not ours). */
  tenant: string;
  /** Who signs the texts, e.g. 'Disdukcapil Tangsel'. */
  sender: string;
  /** The services event flow, opened by the caller (`openEventFlow('services', …)`), closed by the caller. */
  flow: EventFlow;
  /** Opens the applicant the status changes carry sealed (GERBANG_EVENT_SEAL_KEY_FILE, the services subgraph's key). */
  seal?: EventSeal;
  /** The delivery subgraph's outbox and its dispatcher (started and stopped by the caller). */
  outbox: OutboxStore;
  dispatcher: OutboxDispatcher;
  notifikasi: NotifikasiPort;
  siak: SiakContactReader;
  audit: AuditWriter;
  /** Where the notifications' own database is (`delivery-notifications`). */
  storage: LegacyStorage;
  logger: Logger;
  /** How often delivery reports are read (default 5 s). */
  reportIntervalMs?: number;
  /** A new subscription starts at the beginning of the flow's log (default: after its end; history is not notified). */
  fromStart?: boolean;
  /** The delivery subgraph's database (../store.ts): its courier orders' changes are notified too. */
  courierOrders?: Knex;
  /** How often the courier orders' changes are swept for notices (default 1 s). */
  courierSweepMs?: number;
}

export interface RunningNotifications {
  store: NotificationStore;
  reports: ReportFollower;
  courier: CourierNotices | undefined;
  /** Stops taking events and reading reports; the outbox's orders stay for the dispatcher (or the next process). */
  close(): Promise<void>;
}

/**
 * Starts the notifications in this process: registers the outbox handler, subscribes to the
 * status changes and follows the delivery reports. Safe in several replicas at once (the flow's
 * subscription lease, the outbox's claims and the feed's lease each keep one at a time).
 */
export async function startNotifications(options: NotificationsOptions): Promise<RunningNotifications> {
  const logger = options.logger.child({ area: 'notifications' });
  const store = await openNotificationStore(options.storage);
  registerNotificationHandlers(options.dispatcher, { notifikasi: options.notifikasi, siak: options.siak, audit: options.audit, store, sender: options.sender, logger });
  const intake = createIntake({ tenant: options.tenant, outbox: options.outbox, dispatcher: options.dispatcher, seal: options.seal, logger });
  const reports = new ReportFollower(options.notifikasi, store, logger, {
    intervalMs: options.reportIntervalMs,
    onReport: smsFallback({ store, outbox: options.outbox, intake, logger }),
  });
  const subscription = options.flow.subscribe(NOTIFICATIONS_SUBSCRIPTION, intake.handler, { fromStart: options.fromStart, types: [STATUS_CHANGED] });
  reports.start();
  const courier = options.courierOrders ? new CourierNotices(options.courierOrders, intake, { tenant: options.tenant, intervalMs: options.courierSweepMs, logger }) : undefined;
  courier?.start();
  let closed = false;
  return {
    store,
    reports,
    courier,
    async close() {
      if (closed) return;
      closed = true;
      await subscription.close();
      await courier?.stop();
      await reports.stop();
      await store.close();
    },
  };
}
