/**
 * Regenerates bench/federation/supergraph.graphql from the four benchmark subgraphs' SDL with
 * @apollo/composition, routing each to its port in subgraphs/catalogue.ts. Commit the output:
 * `node --import tsx bench/federation/compose.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPHS, subgraphUrl } from './subgraphs/catalogue';

export const BENCH_SUPERGRAPH_PATH = join(__dirname, 'supergraph.graphql');

export function composeBenchSupergraph(): string {
  const result = composeServices(SUBGRAPHS.map(({ subgraph, port }) => ({ name: subgraph.name, typeDefs: parse(subgraph.typeDefs), url: subgraphUrl(port) })));
  if (result.errors) throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  return `${result.supergraphSdl.trimEnd()}\n`;
}

if (require.main === module) {
  try {
    writeFileSync(BENCH_SUPERGRAPH_PATH, composeBenchSupergraph());
    process.stdout.write(`wrote ${BENCH_SUPERGRAPH_PATH}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
