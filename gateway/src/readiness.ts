import { NotReady, type ReadinessChecks } from '@core/http/operational-routes';

/**
 * The gateway is ready when every subgraph says it is ready (which in turn means its legacy
 * applications answer): one check per subgraph, so that an operator sees which one is down.
 */
export function subgraphReadiness(urls: Map<string, string>): ReadinessChecks {
  const checks: ReadinessChecks = {};
  for (const [name, url] of urls) {
    checks[name] = async () => {
      const res = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(2_000) }).catch(() => {
        throw new NotReady('unreachable');
      });
      if (res.ok) return;
      const body = (await res.json().catch(() => ({}))) as { failures?: Record<string, string> };
      throw new NotReady(body.failures ? `not ready: ${Object.keys(body.failures).join(', ')}` : `HTTP ${res.status}`);
    };
  }
  return checks;
}
