import { composeServices } from '@apollo/composition';
import { subgraphManifest, subgraphTypeDefs } from './subgraphs';

/**
 * Composes the supergraph from the subgraphs' SDL with @apollo/composition (no downloaded
 * router or rover binary). Throws with every composition error listed. `only`: the subgraphs to
 * compose (a bench or a test that runs some of them); all of schema/subgraphs.json by default.
 */
export function composeSupergraph(only?: readonly string[]): string {
  const result = composeServices(
    subgraphManifest()
      .filter((s) => !only || only.includes(s.name))
      .map((s) => ({ name: s.name, typeDefs: subgraphTypeDefs(s.name), url: s.routingUrl })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}
