import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';

/** One of the benchmark's subgraphs: its name (as in the supergraph), its SDL and its resolvers. */
export interface BenchSubgraph {
  name: 'accounts' | 'inventory' | 'products' | 'reviews';
  typeDefs: string;
  resolvers: GraphQLResolverMap<unknown>;
}

/** Federation 2 with the directives the four subgraphs use. */
export const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])';
