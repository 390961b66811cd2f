/**
 * The notifications port: what the delivery subgraph may ask of the city's SMS/WhatsApp gateway
 * (catalogue #23, "notifikasi"), in domain terms. The gateway only carries text: templates
 * (Bahasa Indonesia) are rendered by the caller. Served by the REST adapter (./rest) over the
 * gateway's API.
 *
 * Batch methods take many keys and return a Map (one call to the gateway per batch of 200); keys
 * the gateway does not know are absent. Every method takes the request's deadline last.
 *
 * Sending is a write: `send` is safe to ask again with the same reference (the adapter looks the
 * reference up before sending, and after a send whose answer was lost), and it is never retried
 * inside the call. When the gateway throttles, `send` throws LEGACY_UNAVAILABLE with
 * `reason: 'RATE_LIMITED'` and `retryAfterMs` (see `retryAfterMsOf`): the caller's outbox waits
 * that long before delivering again.
 */
import type { Deadline } from '@core/deadline';

export type NotificationChannel = 'SMS' | 'WHATSAPP';
export const NOTIFICATION_CHANNELS: readonly NotificationChannel[] = ['SMS', 'WHATSAPP'];

/**
 * QUEUED (accepted by the gateway) → SENT (handed to the mobile operator or WhatsApp) → DELIVERED
 * (the handset confirmed, or the message was read) or FAILED (with a reason). DELIVERED and
 * FAILED are final.
 */
export type NotificationStatus = 'QUEUED' | 'SENT' | 'DELIVERED' | 'FAILED';
export const NOTIFICATION_STATUSES: readonly NotificationStatus[] = ['QUEUED', 'SENT', 'DELIVERED', 'FAILED'];

/**
 * UNKNOWN_NUMBER: no operator serves the number; PHONE_UNREACHABLE: switched off or out of
 * reach until the operator gave up; NOT_ON_WHATSAPP: the number has no WhatsApp account (the
 * gateway does not fall back to SMS: the caller decides); REJECTED_BY_OPERATOR: the operator
 * refused the message (spam filter).
 */
export type NotificationFailure = 'UNKNOWN_NUMBER' | 'PHONE_UNREACHABLE' | 'NOT_ON_WHATSAPP' | 'REJECTED_BY_OPERATOR';

export interface OutgoingNotification {
  /**
   * The caller's reference for this one notification (from its idempotency key; see
   * `notificationReference`): 1 to 32 of A-Z a-z 0-9 . _ : - . Sending again with it never sends a
   * second message. The gateway compares references without case.
   */
  reference: string;
  channel: NotificationChannel;
  /** An Indonesian mobile number, '+628…' (other spellings are BAD_USER_INPUT). */
  phone: string;
  /** SMS: at most 6 parts (918 GSM characters, 402 with characters outside GSM); WhatsApp: 1 to 4096 characters. */
  text: string;
}

/**
 * A message as the gateway keeps it. The text is not given back: the caller rendered it, and a
 * copy of what was said to a resident has no business travelling further.
 */
export interface Notification {
  /** The gateway's message id. */
  messageId: string;
  /** The caller's reference as the gateway stored it; null for messages sent without one (older applications). */
  reference: string | null;
  channel: NotificationChannel | null;
  /** Personal data: '+628…'. */
  phone: string | null;
  status: NotificationStatus | null;
  failure: NotificationFailure | null;
  /** SMS parts billed (1 for WhatsApp). */
  parts: number;
  /** Rupiah billed for this message. */
  priceRupiah: number;
  /** Instants with the gateway's offset, e.g. '2026-11-30T09:00:00+07:00'; null when not (yet) so. */
  acceptedAt: string | null;
  sentAt: string | null;
  /** When the last report (DELIVERED or FAILED) came. */
  finishedAt: string | null;
}

/** One delivery report from the feed, oldest first. */
export interface DeliveryReport {
  messageId: string;
  reference: string | null;
  channel: NotificationChannel | null;
  status: NotificationStatus | null;
  failure: NotificationFailure | null;
  /** True when the message was reported read (WhatsApp), which also means DELIVERED. */
  read: boolean;
  at: string | null;
  /** OPERATOR: the operator's report; GATEWAY_STAFF: settled by hand in the gateway's console. */
  source: 'OPERATOR' | 'GATEWAY_STAFF' | null;
  /** Where to resume after this report. */
  cursor: string;
}

export interface DeliveryReports {
  /** Oldest first, each once. */
  reports: DeliveryReport[];
  /** Where to resume: after the last report, or the cursor given when there were none. */
  cursor: string;
  /** True when `limit` cut the batch short (ask again at once). */
  hasMore: boolean;
}

export interface NotifikasiPort {
  /**
   * Sends one message, once per reference: a reference the gateway knows (at any age) answers the
   * message sent under it, and a send whose answer was lost is looked up before the error is
   * passed on. CONFLICT (REFERENCE_IN_USE) when the reference was used for another number or
   * channel; BAD_USER_INPUT for a number, text or reference the gateway would refuse;
   * LEGACY_UNAVAILABLE with reason RATE_LIMITED and retryAfterMs when throttled.
   */
  send(notification: OutgoingNotification, deadline: Deadline): Promise<Notification>;
  messagesById(messageIds: readonly string[], deadline: Deadline): Promise<Map<string, Notification>>;
  /** The message sent under each reference (the first, if an old reference was reused), keyed as asked. */
  messagesByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, Notification>>;
  /**
   * Delivery reports after `cursor` (null: from the very first), oldest first, at most `limit`
   * (1 to 500), the gateway staff's settlements included. A cursor this port did not make is
   * BAD_USER_INPUT (`cursor`, INVALID_CURSOR).
   */
  reportsSince(cursor: string | null, limit: number, deadline: Deadline): Promise<DeliveryReports>;
  /** A cursor at the newest report: polling from it sees only what happens from now on. */
  currentCursor(deadline: Deadline): Promise<string>;
  /** Throws LEGACY_UNAVAILABLE when the gateway cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
