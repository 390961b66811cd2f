import { SUBGRAPHS, subgraphUrl } from './subgraphs/catalogue';

/** Requests each bench subgraph has served so far (its `GET /count`), by subgraph name. */
export type SubgraphCounts = Record<string, number>;

export async function readSubgraphCounts(): Promise<SubgraphCounts> {
  const entries = await Promise.all(
    SUBGRAPHS.map(async ({ subgraph, port }) => {
      const res = await fetch(subgraphUrl(port, '/count'), { signal: AbortSignal.timeout(5_000) });
      const body = (await res.json()) as { requests: number };
      return [subgraph.name, body.requests] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * The counts once they stop moving: requests a gateway was still working on (the load generator
 * hangs up when its time is up, the gateway finishes them anyway) are counted with the burst that
 * sent them, not with the next.
 */
export async function settledSubgraphCounts(timeoutMs = 15_000): Promise<SubgraphCounts> {
  const deadline = Date.now() + timeoutMs;
  let last = await readSubgraphCounts();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await readSubgraphCounts();
    if (totalOf(now) === totalOf(last)) return now;
    last = now;
  }
  return last;
}

export function countsBetween(before: SubgraphCounts, after: SubgraphCounts): SubgraphCounts {
  return Object.fromEntries(Object.entries(after).map(([name, n]) => [name, n - (before[name] ?? 0)]));
}

export const totalOf = (counts: SubgraphCounts): number => Object.values(counts).reduce((a, b) => a + b, 0);
