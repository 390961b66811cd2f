import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { createSiakLoaders, type SiakPort } from '@adapters/siak';
import type { Logger } from '@core/log';
import { subgraphTypeDefs } from '@core/schema/subgraphs';
import { createSubgraphApollo, createSubgraphHttpServer, type SubgraphDefinition } from '@core/subgraph/subgraph-server';
import type { PopulationContext } from './context';
import { resolvers } from './resolvers';

/**
 * Builds the population subgraph around a SIAK port. Importable by tests (in-process, with any
 * port) and by index.ts, which only connects the real adapter and listens.
 */
export interface PopulationDeps {
  siak: SiakPort;
  logger: Logger;
}

export function populationSubgraph(deps: PopulationDeps): SubgraphDefinition<PopulationContext> {
  return {
    name: 'population',
    typeDefs: subgraphTypeDefs('population'),
    resolvers: resolvers as SubgraphDefinition<PopulationContext>['resolvers'],
    buildContext: (request) => ({ request, siak: createSiakLoaders(deps.siak), siakPort: deps.siak }),
    readinessChecks: { siak: () => deps.siak.ping() },
    logger: deps.logger,
  };
}

export interface PopulationServer {
  definition: SubgraphDefinition<PopulationContext>;
  apollo: ApolloServer<PopulationContext>;
  http: Server;
}

/** The Apollo server is started here; the caller listens on `http`. */
export async function createPopulationServer(deps: PopulationDeps, options: { contextSecret: string }): Promise<PopulationServer> {
  const definition = populationSubgraph(deps);
  const apollo = createSubgraphApollo(definition);
  await apollo.start();
  return { definition, apollo, http: createSubgraphHttpServer(definition, apollo, options) };
}
