import { cancellationOf, type Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import type { RestLegacyClient } from '../../base/rest/client';
import { slices } from '../../base/rest/slices';
import { faultOf } from '../../base/resilience';
import type { DeliveryReports, Notification, NotifikasiPort, OutgoingNotification } from '../port';
import { REPORT_FEED, checkPhone, checkReference, sendBody, toNotification, toReport, type PesanRecord } from './mapping';
import { MAX_SMS_PARTS, MAX_WHATSAPP_CHARS, smsPartCount } from './sms-length';

/**
 * The SMS/WhatsApp gateway through its REST API. One call per port method whatever the number of
 * keys, up to the gateway's limit (200 keys per call; beyond that one call per slice); a lookup
 * that finds nothing is the gateway's status 14.
 *
 * Sends are safe to ask again. The gateway itself dedupes a reference only for 24 hours after its
 * first message, so the adapter does not lean on that: it looks the reference up first (at any
 * age), sends once, takes the gateway's 51 (which carries the first message) as the answer, and
 * after a send that got no answer looks once more before passing the error on. A throttled send
 * is not retried here: the caller's outbox waits out `retryAfterMs` (a write must not sit in a
 * request while the gateway asks for time).
 */
const MAX_KEYS = 200;
const ALREADY_SENT = '51';
const INVALID_REQUEST = '05';
const APP = 'notifikasi';

/** No answer came (timed out, connection cut): the send may have landed. */
function unanswered(error: unknown): boolean {
  if (!(error instanceof GerbangError)) return false;
  const fault = faultOf(error);
  return error.code === ErrorCode.LEGACY_TIMEOUT || (error.code === ErrorCode.LEGACY_UNAVAILABLE && fault !== undefined && fault.legacyStatus === undefined && fault.httpStatus === undefined);
}

/**
 * The gateway asked us to slow down: LEGACY_UNAVAILABLE, reason RATE_LIMITED, with how long it
 * asked for (1 s when it did not say), for the caller's outbox to back off by.
 */
export function throttled(cause: unknown, retryAfterMs: number | undefined): GerbangError {
  return new GerbangError(
    ErrorCode.LEGACY_UNAVAILABLE,
    'The notifikasi gateway is sending at its limit; the message will be sent again later.',
    { app: APP, retryable: true, reason: 'RATE_LIMITED', retryAfterMs: retryAfterMs ?? 1_000 },
    { cause },
  );
}

/** How long the gateway asked to wait, when `error` is its rate limit; undefined otherwise. */
export function retryAfterMsOf(error: unknown): number | undefined {
  if (!(error instanceof GerbangError) || error.extensions.reason !== 'RATE_LIMITED') return undefined;
  const ms = error.extensions.retryAfterMs;
  return typeof ms === 'number' ? ms : undefined;
}

/** What the gateway would refuse with 05, caught before sending, with the argument named. */
function checkNotification(notification: OutgoingNotification): void {
  checkReference(notification.reference);
  checkPhone(notification.phone);
  if (notification.channel !== 'SMS' && notification.channel !== 'WHATSAPP') throw badUserInput('channel', 'INVALID_CHANNEL', 'A notification goes by SMS or WHATSAPP.');
  if (notification.text.trim() === '') throw badUserInput('text', 'EMPTY_TEXT', 'A notification needs a text.');
  if (notification.channel === 'SMS' && smsPartCount(notification.text) > MAX_SMS_PARTS) {
    throw badUserInput('text', 'TEXT_TOO_LONG', `An SMS is at most ${MAX_SMS_PARTS} parts (918 plain characters, 402 with characters outside the SMS alphabet).`);
  }
  if (notification.channel === 'WHATSAPP' && notification.text.length > MAX_WHATSAPP_CHARS) throw badUserInput('text', 'TEXT_TOO_LONG', `A WhatsApp message is at most ${MAX_WHATSAPP_CHARS} characters.`);
}

/** The message under the reference must be this notification's: same number, same channel. */
function sameNotification(found: Notification, notification: OutgoingNotification): Notification {
  if (found.phone !== notification.phone || found.channel !== notification.channel) {
    throw new GerbangError(ErrorCode.CONFLICT, 'This reference was already used for a notification to another number or by another channel.', { argument: 'reference', reason: 'REFERENCE_IN_USE' });
  }
  return found;
}

export class NotifikasiRestAdapter implements NotifikasiPort {
  constructor(private readonly rest: RestLegacyClient) {}

  async send(notification: OutgoingNotification, deadline: Deadline): Promise<Notification> {
    checkNotification(notification);
    const known = await this.byReference(notification.reference, deadline).catch((error: unknown) => {
      // A gateway that throttles its lookups too (the emulator does not): back off the same way.
      const fault = faultOf(error);
      throw fault?.kind === 'rate-limited' ? throttled(fault, fault.retryAfterMs) : error;
    });
    if (known) return sameNotification(known, notification);
    let answer;
    try {
      answer = await this.rest.post<PesanRecord>('/api/kirim', sendBody(notification), deadline, [ALREADY_SENT]);
    } catch (error) {
      const fault = faultOf(error);
      if (fault?.kind === 'rate-limited') throw throttled(fault, fault.retryAfterMs);
      if (fault?.kind === 'rejected' && fault.legacyStatus === INVALID_REQUEST) throw badUserInput('notification', 'REFUSED_BY_APPLICATION', 'The notifikasi gateway refused this message: check the number and the text.');
      if (!unanswered(error) || cancellationOf(deadline)) throw error;
      // The send may have landed: one look, if the deadline leaves time for it.
      const landed = await this.byReference(notification.reference, deadline).catch(() => undefined);
      if (landed) return sameNotification(landed, notification);
      throw error;
    }
    // 51: someone sent under this reference meanwhile; the gateway answers with that first message.
    if (!answer.data) throw new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'The notifikasi application is not available right now; try again later.', { app: APP, retryable: true });
    return sameNotification(toNotification(answer.data), notification);
  }

  async messagesById(messageIds: readonly string[], deadline: Deadline): Promise<Map<string, Notification>> {
    // An id the gateway cannot have is simply absent (it would refuse the whole call).
    const asked = [...new Set(messageIds)].filter((id) => /^\d{1,10}$/.test(id));
    const result = new Map<string, Notification>();
    // Only under an id as asked: the gateway reads '007' as 7, but '007' is no id it ever gave.
    for (const n of await this.lookup('id', asked, deadline)) if (asked.includes(n.messageId)) result.set(n.messageId, n);
    return result;
  }

  async messagesByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, Notification>> {
    const asked = [...new Set(references)].filter((r) => /^[A-Za-z0-9._:-]{1,32}$/.test(r));
    // The gateway compares references without case; the first message under each is the answer.
    const first = new Map<string, Notification>();
    for (const n of await this.lookup('ref_klien', asked, deadline)) {
      const key = n.reference?.toLowerCase();
      if (key !== undefined && !first.has(key)) first.set(key, n);
    }
    const result = new Map<string, Notification>();
    for (const reference of asked) {
      const found = first.get(reference.toLowerCase());
      if (found) result.set(reference, found);
    }
    return result;
  }

  async reportsSince(cursor: string | null, limit: number, deadline: Deadline): Promise<DeliveryReports> {
    const page = await REPORT_FEED.page(this.rest, cursor, limit, toReport, deadline);
    return { reports: page.entries, cursor: page.cursor, hasMore: page.hasMore };
  }

  async currentCursor(deadline: Deadline): Promise<string> {
    return await REPORT_FEED.end(this.rest, deadline);
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.rest.ping(deadline);
  }

  private async lookup(key: 'id' | 'ref_klien', values: readonly string[], deadline: Deadline): Promise<Notification[]> {
    const out: Notification[] = [];
    for (const slice of slices(values, MAX_KEYS)) {
      const records = await this.rest.get<PesanRecord[]>('/api/pesan', { [key]: slice }, deadline);
      out.push(...(records ?? []).map(toNotification));
    }
    return out;
  }

  /** The first message sent under this reference, at any age. */
  private async byReference(reference: string, deadline: Deadline): Promise<Notification | undefined> {
    return (await this.lookup('ref_klien', [reference], deadline))[0];
  }
}
