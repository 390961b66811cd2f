import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CourierOrderEvent } from './port';
import { toEvent, type CallbackRecord } from './rest/mapping';

/**
 * Checks a status callback from the ojek-online partner, for the delivery subgraph's webhook
 * endpoint. A pure function: raw body, headers and shared secret in, a decoded event or a
 * refusal out; nothing is read from or written to anywhere.
 *
 * What the partner sends: `X-Ojol-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body with
 * the shared secret, and `X-Ojol-Timestamp: <epoch seconds>`. The partner signs the body only, so
 * the header's moment is trusted only when it equals the body's own (signed) `waktu_kirim`;
 * otherwise anyone could replay an old body under a fresh timestamp. A callback sent longer ago
 * than the tolerance (or from further in the future: a wrong clock) is refused as stale, so a
 * captured callback cannot be replayed later. Duplicates within the tolerance are the consumer's
 * to drop by `eventId`, as are the partner's own doubles.
 *
 * The body is checked as the bytes that arrived, before any JSON parsing: give this function
 * the raw body, never a re-serialised object. Refusals name the reason only, never the payload.
 */
export type CallbackRefusal =
  /** No signature header, or not `sha256=<64 hex>`. */
  | 'MISSING_SIGNATURE'
  /** The signature does not match the body under the shared secret. */
  | 'BAD_SIGNATURE'
  /** No timestamp header, or one that is not the body's signed moment. */
  | 'BAD_TIMESTAMP'
  /** Sent longer ago (or further ahead) than the tolerance allows. */
  | 'STALE'
  /** Signed, but not a callback this adapter can read (no event id, order or reference). */
  | 'MALFORMED_BODY';

export type CallbackVerdict = { ok: true; event: CourierOrderEvent } | { ok: false; refusal: CallbackRefusal };

export interface VerifyCallbackInput {
  rawBody: string | Buffer;
  /** As node gives them (lower-case names); arrays for repeated headers. */
  headers: Record<string, string | string[] | undefined>;
  secret: string;
  /** Default: the process's clock. */
  now?: Date;
  /** How old (or how far ahead) a callback may be, in seconds (default 300). */
  toleranceSeconds?: number;
}

export const SIGNATURE_HEADER = 'x-ojol-signature';
export const TIMESTAMP_HEADER = 'x-ojol-timestamp';
export const DEFAULT_CALLBACK_TOLERANCE_S = 300;

function header(headers: VerifyCallbackInput['headers'], name: string): string | undefined {
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const value = Array.isArray(found) ? (found.length === 1 ? found[0] : undefined) : found;
  return value?.trim();
}

export function verifyOjolCallback(input: VerifyCallbackInput): CallbackVerdict {
  if (input.secret.length === 0) throw new Error('verifyOjolCallback needs the shared secret');
  const body = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody;
  const signature = /^sha256=([0-9a-f]{64})$/i.exec(header(input.headers, SIGNATURE_HEADER) ?? '');
  if (!signature) return { ok: false, refusal: 'MISSING_SIGNATURE' };
  const expected = createHmac('sha256', input.secret).update(body).digest();
  if (!timingSafeEqual(Buffer.from(signature[1]!, 'hex'), expected)) return { ok: false, refusal: 'BAD_SIGNATURE' };

  let record: CallbackRecord;
  try {
    record = JSON.parse(body.toString('utf8')) as CallbackRecord;
  } catch {
    return { ok: false, refusal: 'MALFORMED_BODY' };
  }
  if (!record || typeof record !== 'object' || Array.isArray(record)) return { ok: false, refusal: 'MALFORMED_BODY' };

  const stamp = header(input.headers, TIMESTAMP_HEADER);
  if (!stamp || !/^\d{1,12}$/.test(stamp) || String(record.waktu_kirim ?? '').trim() !== stamp) return { ok: false, refusal: 'BAD_TIMESTAMP' };
  const ageSeconds = Math.abs((input.now ?? new Date()).getTime() / 1000 - Number(stamp));
  if (ageSeconds > (input.toleranceSeconds ?? DEFAULT_CALLBACK_TOLERANCE_S)) return { ok: false, refusal: 'STALE' };

  const event = toEvent(record);
  return event ? { ok: true, event } : { ok: false, refusal: 'MALFORMED_BODY' };
}
