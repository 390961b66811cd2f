import type { IncomingMessage } from 'node:http';
import type { HopSigner } from '@core/context/hop-keys';
import { CONTEXT_HEADER, hopProbeClaims, signHop } from '@core/context/hop-token';
import { cachedReadiness, type ReadinessRoute } from '@core/http/operational-routes';

/**
 * The gateway is ready when every subgraph is ready, which in turn means it accepts the gateway's
 * signature (the probe is signed like a real call, so a key mismatch or clock skew shows here and
 * not first on a resident's request) and its legacy applications answer. The answer names each
 * subgraph and each legacy application with a short state.
 */
interface SubgraphReadyBody {
  legacy?: Record<string, string>;
  refused?: string;
}

export interface GatewayReadiness extends ReadinessRoute {
  /** The last states seen, for tests and the start script. */
  lastLegacy(): Record<string, string>;
}

const PROBE_TIMEOUT_MS = 2_000;

export function gatewayReadiness(urls: Map<string, string>, signer: HopSigner, cacheMs: number): GatewayReadiness {
  // Legacy apps each subgraph reported when it last answered: if it stops answering, its apps are
  // still named (as 'unknown') rather than vanishing from the estate.
  const knownLegacy = new Map<string, string[]>();
  let legacy: Record<string, string> = {};

  const probe = async (name: string, url: string): Promise<{ state: string; legacy: Record<string, string> }> => {
    const token = signHop(hopProbeClaims(name, 'readiness-probe', PROBE_TIMEOUT_MS), signer);
    let res: Response;
    try {
      res = await fetch(new URL('/readyz', url), { headers: { [CONTEXT_HEADER]: token }, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    } catch {
      return { state: 'unreachable', legacy: Object.fromEntries((knownLegacy.get(name) ?? []).map((app) => [app, 'unknown'])) };
    }
    const body = (await res.json().catch(() => ({}))) as SubgraphReadyBody;
    if (body.legacy) knownLegacy.set(name, Object.keys(body.legacy));
    const apps = body.legacy ?? Object.fromEntries((knownLegacy.get(name) ?? []).map((app) => [app, 'unknown']));
    if (body.refused) return { state: `refuses the gateway's signature (${body.refused})`, legacy: apps };
    return { state: res.ok ? 'ready' : 'not ready', legacy: apps };
  };

  const run = cachedReadiness(async () => {
    const results = await Promise.all([...urls].map(async ([name, url]) => [name, await probe(name, url)] as const));
    legacy = Object.assign({}, ...results.map(([, r]) => r.legacy)) as Record<string, string>;
    const states: Record<string, string> = {};
    for (const [name, r] of results) states[`subgraph:${name}`] = r.state;
    for (const [app, state] of Object.entries(legacy)) states[`legacy:${app}`] = state;
    return states;
  }, cacheMs);

  return {
    states: (_req: IncomingMessage) => run(),
    body: (states) => {
      const pick = (prefix: string) => Object.fromEntries(Object.entries(states).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
      return { subgraphs: pick('subgraph:'), legacy: pick('legacy:') };
    },
    lastLegacy: () => legacy,
  };
}
