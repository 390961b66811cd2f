import { LegacyFault } from '../resilience';
import type { HttpAnswer } from './http';

/**
 * The estate's REST envelope, `{"status":"00","pesan":"SUKSES","data":...}`, decoded (the code
 * table is in legacy-sim/base/rest/envelope.ts and docs/protocol-bases/rest.md):
 * - '00' is an answer; '14' (not found) is an answer with no data;
 * - statuses the caller said it expects (e.g. '51', already exists) are answers too;
 * - '91' or HTTP 429 is a rate limit, with the Retry-After the server gave;
 * - '96', HTTP 5xx, 401/403 (our key refused: the app is unusable for us), unreadable JSON or a
 *   body that is no envelope: the application is unavailable;
 * - any other status or HTTP 4xx: the app refused this request (not retried, not held against it).
 * The legacy status, `pesan` and URL stay in the fault (the error's cause), never in the message.
 */
export interface DecodedEnvelope<T> {
  status: string;
  pesan: string;
  data: T | null;
  halaman?: number;
  perHalaman?: number;
  total?: number;
}

export const OK = '00';
export const NOT_FOUND = '14';
const RATE_LIMITED = '91';
const SYSTEM_ERROR = '96';

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function optionalNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

export function decodeEnvelope<T>(answer: HttpAnswer, what: string, accept: readonly string[] = []): DecodedEnvelope<T> {
  const http = answer.status;
  if (http === 429) {
    throw new LegacyFault('rate-limited', `${what}: HTTP 429`, { httpStatus: http, retryAfterMs: retryAfterMs(answer.headers['retry-after']), legacyStatus: RATE_LIMITED });
  }
  if (http >= 500 || http === 401 || http === 403) throw new LegacyFault('unavailable', `${what}: HTTP ${http} ${answer.text.slice(0, 200)}`, { httpStatus: http });
  if (http < 200 || http >= 300) throw new LegacyFault('rejected', `${what}: HTTP ${http} ${answer.text.slice(0, 200)}`, { httpStatus: http });
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text);
  } catch (error) {
    throw new LegacyFault('unavailable', `${what}: answer is not JSON: ${answer.text.slice(0, 200)}`, { httpStatus: http, cause: error });
  }
  const envelope = parsed as Record<string, unknown> | null;
  const status = typeof envelope?.status === 'string' ? envelope.status.trim() : typeof envelope?.status === 'number' ? String(envelope.status).padStart(2, '0') : undefined;
  if (!envelope || typeof envelope !== 'object' || status === undefined) {
    throw new LegacyFault('unavailable', `${what}: answer is not an envelope: ${answer.text.slice(0, 200)}`, { httpStatus: http });
  }
  const pesan = typeof envelope.pesan === 'string' ? envelope.pesan : '';
  if (status === OK || status === NOT_FOUND || accept.includes(status)) {
    return {
      status,
      pesan,
      data: status === NOT_FOUND ? null : ((envelope.data ?? null) as T | null),
      halaman: optionalNumber(envelope.halaman),
      perHalaman: optionalNumber(envelope.per_halaman),
      total: optionalNumber(envelope.total),
    };
  }
  const details = { httpStatus: http, legacyStatus: status };
  const message = `${what}: status ${status} ${pesan}`;
  if (status === RATE_LIMITED) throw new LegacyFault('rate-limited', message, { ...details, retryAfterMs: retryAfterMs(answer.headers['retry-after']) });
  if (status === SYSTEM_ERROR) throw new LegacyFault('unavailable', message, details);
  throw new LegacyFault('rejected', message, details);
}
