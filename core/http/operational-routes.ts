import { createServer, type IncomingMessage, type Server } from 'node:http';
import { deadlineIn, type Deadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { serveMetrics } from '@core/metrics';
import { applyTimeouts, DEFAULT_SERVER_TIMEOUTS, sendJson, type RouteHandler } from './graphql-server';

/**
 * /healthz, /readyz and /metrics, the same for the gateway and every subgraph.
 *
 * - /healthz is public and cheap: the process is up and its event loop turns.
 * - /readyz is where probes expect it and names each part (subgraph, legacy app) with a short
 *   state, never a host, a URL or an error's details. Its result is cached for a moment and shared
 *   by concurrent probes, so a probe storm never becomes a storm on the legacy applications.
 * - /metrics is served only on the admin listener (its own port, loopback by default): it tells
 *   an outsider too much about the estate.
 */
export type ReadinessCheck = (deadline: Deadline) => Promise<void>;
export type ReadinessChecks = Record<string, ReadinessCheck>;

/** A failed check whose message is a safe, short state (e.g. "unreachable"). */
export class NotReady extends Error {}

/** The state shown for a check: 'ready', a public error code in lower case, or a NotReady message. */
function stateOf(error: unknown): string {
  if (error instanceof GerbangError) return error.code === 'LEGACY_TIMEOUT' ? 'timeout' : error.code === 'LEGACY_UNAVAILABLE' ? 'unavailable' : error.code.toLowerCase();
  if (error instanceof NotReady) return error.message;
  // Other errors may carry driver or host details: they show only as 'unavailable'.
  return 'unavailable';
}

/** Runs every check at once within `timeoutMs`; returns each check's state by name. */
export async function runReadiness(checks: ReadinessChecks, timeoutMs = 2_000): Promise<Record<string, string>> {
  const states: Record<string, string> = {};
  const deadline = deadlineIn(timeoutMs);
  await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([check(deadline), new Promise((_, reject) => (timer = setTimeout(() => reject(new NotReady('timeout')), timeoutMs)))]);
        states[name] = 'ready';
      } catch (error) {
        states[name] = stateOf(error);
      }
      clearTimeout(timer);
    }),
  );
  return states;
}

/** Readiness results cached for `cacheMs`, with concurrent callers sharing one run. */
export function cachedReadiness(run: () => Promise<Record<string, string>>, cacheMs = 1_500): () => Promise<Record<string, string>> {
  let last: { at: number; states: Promise<Record<string, string>> } | undefined;
  return () => {
    const now = performance.now();
    if (!last || now - last.at > cacheMs) {
      const states = run();
      last = { at: now, states };
      // A run that failed outright is not kept: the next probe tries again.
      states.catch(() => (last = undefined));
    }
    return last.states;
  };
}

export interface ReadinessRoute {
  /** Every part's state by name ('ready' or a short state), cached. */
  states(req: IncomingMessage): Promise<Record<string, string>>;
  /** Shapes the answer; ready when every state is 'ready'. */
  body(states: Record<string, string>): object;
}

export function readinessRoute(readiness: ReadinessRoute): RouteHandler {
  return async (req, res) => {
    const states = await readiness.states(req);
    const ready = Object.values(states).every((s) => s === 'ready');
    sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ...readiness.body(states) });
  };
}

export const healthRoute: RouteHandler = (_req, res) => sendJson(res, 200, { status: 'ok' });

/** How a process checks one legacy application: a ping, and its adapter's breaker state when it has one. */
export interface LegacyAppReadiness {
  ping: ReadinessCheck;
  health?: () => string;
}

/** A ping each, or 'breaker open' first when the adapter's breaker is open (its calls fail fast). */
export function readinessChecksOf(apps: Record<string, LegacyAppReadiness>): ReadinessChecks {
  return Object.fromEntries(
    Object.entries(apps).map(([app, { ping, health }]) => [
      app,
      async (deadline: Deadline) => {
        if (health?.() === 'breaker-open') throw new NotReady('breaker open');
        await ping(deadline);
      },
    ]),
  );
}

/** The routes on the public port. */
export function publicOperationalRoutes(readiness: ReadinessRoute): Record<string, RouteHandler> {
  return { '/healthz': healthRoute, '/readyz': readinessRoute(readiness) };
}

/** The admin listener: metrics, plus health and readiness for monitoring that lives beside it. */
export function createAdminServer(readiness: ReadinessRoute, metrics: RouteHandler = serveMetrics): Server {
  const routes: Record<string, RouteHandler> = { '/metrics': metrics, ...publicOperationalRoutes(readiness) };
  const server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (!route || (req.method !== 'GET' && req.method !== 'HEAD')) return sendJson(res, 404, { error: 'NOT_FOUND' });
    Promise.resolve(route(req, res)).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'INTERNAL_SERVER_ERROR' });
    });
  });
  applyTimeouts(server, DEFAULT_SERVER_TIMEOUTS);
  return server;
}
