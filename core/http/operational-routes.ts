import { GerbangError } from '@core/errors';
import { serveMetrics } from '@core/metrics';
import { sendJson, type RouteHandler } from './graphql-server';

/**
 * /healthz, /readyz and /metrics, the same for the gateway and every subgraph. Readiness is a set
 * of named checks, each run with a deadline; a check fails by throwing.
 */
export type ReadinessChecks = Record<string, () => Promise<void>>;

/** A failed check whose message is safe to show on /readyz (e.g. "not ready: siak"). */
export class NotReady extends Error {}

/** Runs every check at once, each with a deadline; returns the failures by name. */
export async function runReadiness(checks: ReadinessChecks, timeoutMs = 2_000): Promise<Record<string, string>> {
  const failures: Record<string, string> = {};
  await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new NotReady('timed out')), timeoutMs)))]);
      } catch (error) {
        // Other errors may carry driver or host details: they show only as UNAVAILABLE.
        failures[name] = error instanceof GerbangError ? error.code : error instanceof NotReady ? error.message : 'UNAVAILABLE';
      }
      clearTimeout(timer);
    }),
  );
  return failures;
}

/**
 * The operational routes. `readyBody` shapes the /readyz answer from the failures (the gateway
 * reports per subgraph, a subgraph per legacy application).
 */
export function operationalRoutes(checks: ReadinessChecks, readyBody: (ready: boolean, failures: Record<string, string>) => object): Record<string, RouteHandler> {
  return {
    '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
    '/readyz': async (_req, res) => {
      const failures = await runReadiness(checks);
      const ready = Object.keys(failures).length === 0;
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ...readyBody(ready, failures) });
    },
    '/metrics': serveMetrics,
  };
}
