/**
 * What a protocol base (REST, SOAP, files) reports when a legacy call went wrong, before the
 * resilience policy turns it into the error clients see. It carries the details the policy needs
 * to decide (retry? count against the breaker? wait how long?) and the legacy particulars for the
 * logs (URL, HTTP status, the app's own status code), which stay in the error's cause.
 */
export type FaultKind =
  /** Not reachable, refused, reset, a 5xx, a system-error status, an unreadable answer. */
  | 'unavailable'
  /** Gave no answer in time (the base's own timer; the policy's timeout is reported by the policy). */
  | 'timeout'
  /** Asked us to slow down (HTTP 429 or the app's equivalent); `retryAfterMs` when it said how long. */
  | 'rate-limited'
  /** Answered, but refused this request (bad request, duplicate, forbidden): trying again would not help. */
  | 'rejected';

export interface FaultDetails {
  cause?: unknown;
  retryAfterMs?: number;
  /** The application's own status code, e.g. REST envelope status '96'. */
  legacyStatus?: string;
  httpStatus?: number;
}

export class LegacyFault extends Error {
  readonly retryAfterMs?: number;
  readonly legacyStatus?: string;
  readonly httpStatus?: number;

  constructor(
    readonly kind: FaultKind,
    message: string,
    details: FaultDetails = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'LegacyFault';
    this.retryAfterMs = details.retryAfterMs;
    this.legacyStatus = details.legacyStatus;
    this.httpStatus = details.httpStatus;
  }
}

/** Socket-level error codes that mean the application cannot be reached. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN',
  'ECONNABORTED', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_STREAM_PREMATURE_CLOSE',
]);

/** A raw error from a socket or HTTP library as a fault, or undefined when it is not a network error. */
export function networkFault(error: unknown): LegacyFault | undefined {
  if (error instanceof LegacyFault) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return new LegacyFault('unavailable', `network error ${code}`, { cause: error });
  return undefined;
}

/** The fault behind an error the policy produced (its cause), if any. */
export function faultOf(error: unknown): LegacyFault | undefined {
  const cause = (error as { originalError?: unknown } | null)?.originalError;
  return cause instanceof LegacyFault ? cause : undefined;
}
