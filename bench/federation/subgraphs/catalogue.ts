import { accounts } from './accounts';
import type { BenchSubgraph } from './definition';
import { inventory } from './inventory';
import { products } from './products';
import { reviews } from './reviews';

/**
 * The four subgraphs and where each listens. The ports are the routing URLs in the committed
 * supergraph (compose.ts writes them there), so the gateways need no overrides.
 */
export const SUBGRAPH_HOST = '127.0.0.1';

export const SUBGRAPHS: readonly { subgraph: BenchSubgraph; port: number }[] = [
  { subgraph: accounts, port: 4601 },
  { subgraph: inventory, port: 4602 },
  { subgraph: products, port: 4603 },
  { subgraph: reviews, port: 4604 },
];

export const subgraphUrl = (port: number, path = '/graphql'): string => `http://${SUBGRAPH_HOST}:${port}${path}`;

export function subgraphNamed(name: string): { subgraph: BenchSubgraph; port: number } {
  const found = SUBGRAPHS.find((s) => s.subgraph.name === name);
  if (!found) throw new Error(`no benchmark subgraph named "${name}" (known: ${SUBGRAPHS.map((s) => s.subgraph.name).join(', ')})`);
  return found;
}
