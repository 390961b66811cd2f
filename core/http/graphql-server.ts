import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { startDeadline, type DeadlineController } from '@core/deadline';
import type { Logger } from '@core/log';
import { InFlightRequests, type Participation, type SharedAnswer } from './in-flight';
import { BodyTooLarge, CallerLeft, readBody } from './read-body';

/**
 * A plain node:http front for Apollo Server, shared by the gateway and every subgraph. No web
 * framework: the only routes are GraphQL, health/readiness and a few static assets, and the hot
 * path stays short. `executeHTTPGraphQLRequest` is Apollo's documented integration point.
 *
 * Every GraphQL request gets a deadline when it arrives (so the time spent reading its body counts)
 * and is cancelled when the caller hangs up: whatever the request started below stops with it.
 */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
/** A POST route that reads its own body as a stream (an upload): never buffered here. */
export type StreamRouteHandler = (req: IncomingMessage, res: ServerResponse, requestId: string) => void | Promise<void>;

export const REQUEST_ID_HEADER = 'x-request-id';
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** What the server knows about one GraphQL request before Apollo runs it. */
export interface RequestScope {
  /** This server's own id for the request: never taken from the client. */
  requestId: string;
  /** The caller's own id (x-correlation-id, or x-request-id as older clients send it), if well-formed. */
  correlationId: string | undefined;
  deadline: DeadlineController;
  /** The body exactly as received ('' for GET), e.g. to check a signature over it. */
  rawBody: string;
  /** The operation name the client gave in the body, if any (for per-operation deadlines). */
  operationName: string | undefined;
  /** The caller's Accept header as sent: Apollo chooses the answer's content type by it. */
  accept: string | undefined;
  /** Set by `prepareBody` when the client ran a registered (persisted) operation by its id. */
  persisted?: { id: string; name: string };
}

/** A request refused before Apollo sees it, answered with this status and a GraphQL error body. */
export class RequestRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ServerTimeouts {
  /** A client must have sent all request headers within this time (slow-header attacks). */
  headersMs: number;
  /** ...and the whole request, body included, within this one. */
  requestMs: number;
  /** An idle keep-alive connection is closed after this (longer than the load balancer's). */
  keepAliveMs: number;
}

export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 65_000 };

export interface GraphQLHttpOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  /** Builds the per-request context; may throw a GraphQLError (e.g. UNAUTHENTICATED). */
  context: (req: IncomingMessage, scope: RequestScope) => Promise<C>;
  /** The deadline a request starts with (the context may move it, see DeadlineController.resetTo). */
  deadlineMs: number;
  graphqlPath?: string;
  /** Exact-path routes for GET/HEAD, e.g. '/healthz'. */
  routes?: Record<string, RouteHandler>;
  /** Exact-path routes for POST whose handler streams the body itself, e.g. '/uploads'. */
  streamRoutes?: Record<string, StreamRouteHandler>;
  /** Served for a browser's GET on '/' or the GraphQL path (e.g. GraphiQL). */
  landingPage?: RouteHandler;
  maxBodyBytes?: number;
  timeouts?: ServerTimeouts;
  /**
   * Rewrites a parsed request body before Apollo sees it (e.g. a persisted operation's id replaced
   * by its registered text, noted in `scope.persisted`); may throw RequestRefused.
   */
  prepareBody?: (body: unknown, scope: RequestScope) => unknown;
  /**
   * Identical requests in flight at the same time share one execution (core/http/in-flight.ts):
   * `keyOf` says which are identical, from the caller's context and the request body (undefined:
   * never shared). The context is then built before Apollo runs, for every request.
   */
  inFlight?: { requests: InFlightRequests; keyOf(context: C, body: unknown, scope: RequestScope): string | undefined };
  /**
   * A shorter way to answer some requests than Apollo's whole pipeline (the gateway's single-fetch
   * path, gateway/src/federation/single-fetch.ts), tried first with the request's own context:
   * `answer` gives the answer, or undefined to let Apollo answer (with that same context); `learn`
   * sees each answer Apollo gave, to know which requests it may answer next time.
   */
  shortcut?: Shortcut<C>;
  logger: Logger;
}

export interface Shortcut<C> {
  answer(body: unknown, context: C, scope: RequestScope): Promise<SharedAnswer | undefined>;
  learn(body: unknown, context: C, answer: SharedAnswer, scope: RequestScope): void;
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's correlation id, if it sent a well-formed one; anything else is ignored. */
export function correlationIdOf(req: IncomingMessage): string | undefined {
  const given = req.headers[CORRELATION_ID_HEADER] ?? req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : undefined;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function wantsHtml(req: IncomingMessage): boolean {
  return req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
}

function operationNameOf(body: unknown): string | undefined {
  const name = (body as { operationName?: unknown } | null)?.operationName;
  return typeof name === 'string' ? name : undefined;
}

export function createGraphQLHttpServer<C extends BaseContext>(options: GraphQLHttpOptions<C>): Server {
  const graphqlPath = options.graphqlPath ?? '/graphql';
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const routes = options.routes ?? {};
  const logger = options.logger;

  /** Apollo's answer as bytes, or undefined for an incremental (streamed) one, which is written as it comes. */
  const execute = async (req: IncomingMessage, res: ServerResponse, search: string, body: unknown, context: () => Promise<C>): Promise<SharedAnswer | undefined> => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body },
      context,
    });
    const answerHeaders = [...response.headers];
    if (response.body.kind === 'complete') return { status: response.status ?? 200, headers: answerHeaders, body: Buffer.from(response.body.string, 'utf8') };
    if (res.destroyed) return undefined;
    for (const [key, value] of answerHeaders) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
    return undefined;
  };

  const send = (res: ServerResponse, answer: SharedAnswer): void => {
    if (res.destroyed) return;
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    res.setHeader('content-length', answer.body.length);
    res.statusCode = answer.status;
    res.end(answer.body);
  };

  const handleGraphQL = async (req: IncomingMessage, res: ServerResponse, search: string, requestId: string): Promise<void> => {
    const deadline = startDeadline(options.deadlineMs);
    let participation: Participation | undefined;
    // 'close' before the answer is complete: the caller hung up (or its connection broke).
    res.once('close', () => {
      if (res.writableFinished) return;
      logger.info('caller left before the answer', { requestId });
      // Sharing an execution, it goes on as long as someone waits for it.
      if (participation) participation.leave();
      else deadline.callerLeft();
    });
    try {
      let raw = '';
      try {
        if (req.method === 'POST') raw = (await readBody(req, maxBodyBytes)).toString('utf8');
      } catch (error) {
        if (error instanceof CallerLeft) return;
        if (error instanceof BodyTooLarge) return sendJson(res, 413, { errors: [{ message: `Request body over ${maxBodyBytes} bytes.`, extensions: { code: 'BAD_REQUEST' } }] });
        throw error;
      }
      let body: unknown = raw;
      if (raw && (req.headers['content-type'] ?? '').toLowerCase().includes('application/json')) {
        try {
          body = JSON.parse(raw);
        } catch {
          return sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
        }
      }
      const scope: RequestScope = { requestId, correlationId: correlationIdOf(req), deadline, rawBody: raw, operationName: operationNameOf(body), accept: req.headers.accept };
      if (options.prepareBody) {
        try {
          body = options.prepareBody(body, scope);
        } catch (error) {
          if (!(error instanceof RequestRefused)) throw error;
          return sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.code, reason: error.reason } }] });
        }
      }
      if (scope.correlationId) res.setHeader(CORRELATION_ID_HEADER, scope.correlationId);

      let context = () => options.context(req, scope);
      // Built once when something runs before Apollo: Apollo then gets that same context (one
      // authentication, one rate-limit charge), and its failure is Apollo's to answer.
      const built = options.inFlight || options.shortcut ? options.context(req, scope) : undefined;
      let contextValue: C | undefined;
      if (built) {
        context = () => built;
        contextValue = await built.catch(() => undefined);
      }
      if (options.inFlight && contextValue) {
        // Who asks decides what they may see: the key needs the caller, so the context comes first.
        const key = options.inFlight.keyOf(contextValue, body, scope);
        if (key !== undefined && !res.destroyed) {
          participation = options.inFlight.requests.participate(key, () => deadline.callerLeft());
          if (!participation.leader) {
            const shared = await participation.answer;
            if (shared) return send(res, shared);
            // The first request had nothing to share (cancelled): this one runs on its own.
            participation = undefined;
          }
        }
      }
      let answer: SharedAnswer | undefined;
      try {
        const shortcut = options.shortcut;
        if (shortcut && contextValue && !res.destroyed) answer = await shortcut.answer(body, contextValue, scope);
        if (!answer) {
          answer = await execute(req, res, search, body, context);
          if (shortcut && contextValue && answer) shortcut.learn(body, contextValue, answer, scope);
        }
      } finally {
        participation?.publish(answer);
      }
      // Nobody is there to read it: the work below was cancelled when the caller left.
      if (answer && !(deadline.deadline.cancelled && res.destroyed)) send(res, answer);
    } finally {
      deadline.dispose();
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const { pathname, search } = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[pathname];
    if (route && (req.method === 'GET' || req.method === 'HEAD')) return route(req, res);
    const streamRoute = options.streamRoutes?.[pathname];
    if (streamRoute) {
      if (req.method === 'POST') return streamRoute(req, res, requestId);
      res.setHeader('allow', 'POST');
      return sendJson(res, 405, { errors: [{ message: `${pathname} takes POST only.`, extensions: { code: 'BAD_REQUEST', reason: 'METHOD_NOT_ALLOWED' } }] });
    }
    if (options.landingPage && wantsHtml(req) && (pathname === '/' || pathname === graphqlPath)) {
      return options.landingPage(req, res);
    }
    if (pathname !== graphqlPath) return sendJson(res, 404, { error: 'NOT_FOUND', message: `No route ${pathname}; GraphQL is at ${graphqlPath}` });
    return handleGraphQL(req, res, search, requestId);
  };

  const server = createServer((req, res) => {
    const requestId = randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    handle(req, res, requestId).catch((error: unknown) => {
      logger.error('request failed', { error, requestId });
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    });
  });
  applyTimeouts(server, options.timeouts ?? DEFAULT_SERVER_TIMEOUTS);
  return server;
}

/** Sets the server's timeouts against slow or idle clients (see docs/operations.md). */
export function applyTimeouts(server: Server, timeouts: ServerTimeouts): void {
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  server.keepAliveTimeout = timeouts.keepAliveMs;
}

/** An http URL for a host and port, with IPv6 literals in brackets ('::1' -> 'http://[::1]:4000'). */
export function httpUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function listen(server: Server, port: number, host: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      resolve({
        url: httpUrl(host, address.port),
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}
