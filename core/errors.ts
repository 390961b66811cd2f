import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * The stable error codes clients can rely on (`extensions.code`). Messages are for people; codes
 * are for programs. Nothing else reaches a client: no SQL, stack, hostname or legacy payload.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  LEGACY_UNAVAILABLE: 'LEGACY_UNAVAILABLE',
  LEGACY_TIMEOUT: 'LEGACY_TIMEOUT',
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** The request's deadline passed before everything below had answered. */
  DEADLINE_EXCEEDED: 'DEADLINE_EXCEEDED',
  /** Too many requests from this caller or address; `retryAfterS` says when to try again (HTTP 429). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The audit trail cannot record this access, so the personal data is not given out. */
  AUDIT_UNAVAILABLE: 'AUDIT_UNAVAILABLE',
  /** Gerbang's own parts do not trust each other (keys, clocks): an operator must act; not retryable. */
  CONFIGURATION_ERROR: 'CONFIGURATION_ERROR',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes that graphql-js and Apollo Server produce themselves and that are safe to pass on. */
const FRAMEWORK_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);
const PUBLIC_CODES = new Set<string>([...Object.values(ErrorCode), ...FRAMEWORK_CODES]);

/** True for errors whose code and message may reach a client as they are. */
export function isPublicError(extensions: unknown): boolean {
  const code = (extensions as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && PUBLIC_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR;
}

export class GerbangError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options: { cause?: unknown } = {},
  ) {
    super(message, { extensions: { ...details, code }, originalError: options.cause instanceof Error ? options.cause : undefined });
    this.name = 'GerbangError';
  }
}

/** Invalid input, with the argument that was wrong and a machine-readable reason. */
export function badUserInput(argument: string, reason: string, message: string): GerbangError {
  return new GerbangError(ErrorCode.BAD_USER_INPUT, message, { argument, reason });
}

/** A legacy application did not answer (down, refused, pool exhausted). Never names the host. */
export function legacyUnavailable(app: string, cause?: unknown): GerbangError {
  return new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, `The ${app} application is not available right now; try again later.`, { app, retryable: true }, { cause });
}

export function legacyTimeout(app: string, cause?: unknown): GerbangError {
  return new GerbangError(ErrorCode.LEGACY_TIMEOUT, `The ${app} application took too long to answer; try again later.`, { app, retryable: true }, { cause });
}

/**
 * The request's deadline passed (or, internally, its caller left) while waiting on `what` (a
 * legacy app id or a subgraph name). A caller who left never sees this; it only ends the work.
 */
export function deadlineExceeded(what: string | undefined, cause?: unknown): GerbangError {
  const details = what ? { retryable: true, waitingFor: what } : { retryable: true };
  return new GerbangError(ErrorCode.DEADLINE_EXCEEDED, 'The request took longer than its deadline allows; try again, or ask for less at once.', details, { cause });
}

/**
 * Apollo's formatError for every server in the project. Known codes pass with their message and
 * the details they were given; anything else becomes a bare INTERNAL_SERVER_ERROR (the original is
 * logged with the request id by the logging plugin). Stack traces and internal subgraph names are
 * stripped in all cases.
 */
export function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (isPublicError(formatted.extensions)) {
    // serviceName is the gateway's note of which subgraph answered: internal topology, not for clients.
    const { stacktrace: _stack, exception: _exception, serviceName: _service, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal error. The request id in the response headers helps the operators find it.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
