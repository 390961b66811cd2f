import { HopSigner } from '@core/context/hop-keys';
import { CONTEXT_HEADER, hopCallClaims, signHop } from '@core/context/hop-token';
import { ROLE_SCOPES } from '@core/context/roles';

/**
 * The caller every bench target serves, and the hop token that carries it to the population
 * subgraph when nothing else signs one: a Dinas administrator with a stated purpose, as the gateway
 * would pass it on. Signed with the built-in development key, which subgraphs trust in development
 * mode alone (the bench starts them so).
 */
export const BENCH_ADMINISTRATOR = { kind: 'user' as const, id: 'bench-administrator', roles: ['ADMINISTRATOR'], scopes: [...ROLE_SCOPES.ADMINISTRATOR] };
export const BENCH_PURPOSE = 'benchmark';

const devSigner = HopSigner.development();

/** The hop header for one call to the population subgraph: single-use and bound to `body`. */
export function benchHopHeader(body: string | Buffer): Record<string, string> {
  const claims = hopCallClaims({ requestId: 'bench', principal: BENCH_ADMINISTRATOR, tenant: 'tangsel', purpose: BENCH_PURPOSE }, { audience: 'population', body, deadlineMs: 10_000 });
  return { [CONTEXT_HEADER]: signHop(claims, devSigner) };
}
