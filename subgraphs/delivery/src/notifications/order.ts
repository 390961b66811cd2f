import type { EventSeal } from '@core/events';
import { REQUEST_STATUSES, SERVICE_KINDS, type RequestStatus, type ServiceKind } from '@core/domain/services';
import { PermanentDeliveryError } from '@core/outbox';
import type { NotificationChannel } from '@adapters/notifikasi';
import { COURIER_JOB_KINDS, COURIER_ORDER_STATUSES, type CourierJobKind, type CourierOrderStatus } from '@adapters/ojol';

/**
 * What one notification is, as the outbox keeps it (its message's payload): everything the sender
 * needs after a restart, taken from the change it tells of. The resident's NIK is here because
 * the phone is looked up at send time (a number corrected on the family card meanwhile is used);
 * the outbox database is the subgraph's own. Two subjects: a service request's status change (the
 * services event flow; older orders carry no `subject`) and a courier order's (./courier.ts).
 */
interface NoticeBase {
  /** The gateway reference (notificationReference of the event id and channel): one message per change and channel. */
  reference: string;
  channel: NotificationChannel;
  /** The change's id: the services flow's event id, or 'ojol:' and the partner's event id. */
  eventId: string;
  /** The service request it is about. */
  requestId: string;
  applicantNik: string;
}

export interface RequestNotifyOrder extends NoticeBase {
  subject?: 'request';
  service: ServiceKind | null;
  status: RequestStatus;
  note: string | null;
}

export interface CourierNotifyOrder extends NoticeBase {
  subject: 'courier';
  kind: CourierJobKind;
  status: CourierOrderStatus;
  /** What the courier carries, as the order says it (e.g. 'KTP-el'). */
  item: string;
  /** Who comes (name and plate, never their phone: the partner's app connects them). */
  courier: { name: string; plate: string } | null;
  /** Why it failed or was cancelled. */
  reason: string | null;
}

export type NotifyOrder = RequestNotifyOrder | CourierNotifyOrder;

/** The outbox's target and operation for a notification. */
export const NOTIFY_TARGET = 'notifikasi';
export const NOTIFY_OPERATION = 'notifyStatusChange';

/** The `service-request.status-changed` payload as the services subgraph publishes it (feed/poller.ts). */
export interface StatusChangedPayload {
  requestId: string;
  service: ServiceKind | null;
  status: RequestStatus;
  note: string | null;
  applicantNik: string | null;
}

const NIK = /^\d{16}$/;
const isString = (v: unknown): v is string => typeof v === 'string';

/** The payload checked, or the reason it is unusable (a publisher's bug: logged and skipped, never retried forever). */
export function readStatusChanged(payload: unknown, seal: EventSeal | undefined): StatusChangedPayload | { invalid: string } {
  if (typeof payload !== 'object' || payload === null) return { invalid: 'payload is not an object' };
  const p = payload as Record<string, unknown>;
  if (!isString(p.requestId) || p.requestId.length < 1 || p.requestId.length > 200) return { invalid: 'requestId' };
  if (!isString(p.status) || !(REQUEST_STATUSES as readonly string[]).includes(p.status)) return { invalid: 'status' };
  if (p.service != null && !(isString(p.service) && (SERVICE_KINDS as readonly string[]).includes(p.service))) return { invalid: 'service' };
  if (p.note != null && !isString(p.note)) return { invalid: 'note' };
  // The applicant travels sealed (core/events/seal.ts), opened with this process's key. Absent (the
  // application keeps no NIK, or the publisher holds no key) or sealed under another key: nobody to find.
  const applicantNik = p.applicant != null ? (seal?.open(p.applicant) ?? null) : null;
  if (applicantNik !== null && !NIK.test(applicantNik)) return { invalid: 'applicant' };
  return {
    requestId: p.requestId,
    status: p.status as RequestStatus,
    service: (p.service as ServiceKind | null | undefined) ?? null,
    note: (p.note as string | null | undefined) ?? null,
    applicantNik,
  };
}

/** An order read back from the outbox (written by intake.ts); anything else is our own bug, and can never be sent. */
export function readOrder(payload: unknown): NotifyOrder {
  const malformed = (what?: string) => new PermanentDeliveryError('MALFORMED_NOTIFICATION', `The notification order in the outbox is malformed${what ? ` (${what})` : ''}.`);
  const p = payload as Partial<NotifyOrder> | null;
  if (!p || !isString(p.reference) || (p.channel !== 'SMS' && p.channel !== 'WHATSAPP') || !isString(p.eventId) || !isString(p.applicantNik) || !NIK.test(p.applicantNik) || !isString(p.requestId)) {
    throw malformed();
  }
  const base = { reference: p.reference, channel: p.channel, eventId: p.eventId, requestId: p.requestId, applicantNik: p.applicantNik };
  if (p.subject === 'courier') {
    const c = p as Partial<CourierNotifyOrder>;
    if (!(COURIER_JOB_KINDS as readonly unknown[]).includes(c.kind)) throw malformed('kind');
    if (!(COURIER_ORDER_STATUSES as readonly unknown[]).includes(c.status)) throw malformed('status');
    if (!isString(c.item)) throw malformed('item');
    if (c.courier != null && !(isString(c.courier.name) && isString(c.courier.plate))) throw malformed('courier');
    if (c.reason != null && !isString(c.reason)) throw malformed('reason');
    return { ...base, subject: 'courier', kind: c.kind!, status: c.status!, item: c.item, courier: c.courier ? { name: c.courier.name, plate: c.courier.plate } : null, reason: c.reason ?? null };
  }
  // The order keeps the applicant it was made for (the outbox is this subgraph's own database).
  const checked = readStatusChanged(p, undefined);
  if ('invalid' in checked) throw malformed(checked.invalid);
  return { ...checked, ...base };
}
