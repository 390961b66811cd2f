import './telemetry-off';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ANONYMOUS } from '@core/context/request-context';
import { maskError } from '@core/errors';
import { loggingPlugin } from '@core/graphql/logging-plugin';
import { createGraphQLHttpServer } from '@core/http/graphql-server';
import { operationalRoutes } from '@core/http/operational-routes';
import type { Logger } from '@core/log';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { graphiqlRoutes } from './graphiql';
import { subgraphReadiness } from './readiness';
import { SignedSubgraphDataSource } from './subgraph-data-source';
import { subgraphUrlsOf } from './subgraph-map';

/**
 * The gateway: Apollo Server with @apollo/gateway on a static supergraph file. Builds everything
 * and starts Apollo; the caller listens on `http` (index.ts, tests, the bench).
 */
export interface GatewayServer {
  apollo: ApolloServer<GatewayContext>;
  http: Server;
  subgraphUrls: Map<string, string>;
}

function readSupergraph(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new Error(`Cannot read the supergraph at ${path} (${code}); run \`npm run compose\` or set GERBANG_SUPERGRAPH_PATH.`);
  }
}

export async function createGatewayServer(config: GatewayConfig, logger: Logger): Promise<GatewayServer> {
  const supergraphSdl = readSupergraph(config.supergraphPath);
  const subgraphUrls = subgraphUrlsOf(supergraphSdl, config.subgraphUrls);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => new SignedSubgraphDataSource(name, subgraphUrls.get(name)!, config.contextSecret, config.subgraphTimeoutMs, logger),
    logger: { debug: () => undefined, info: (m) => logger.info(String(m)), warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), loggingPlugin<GatewayContext>(logger)],
    formatError: maskError,
  });
  await apollo.start();

  const graphiql = graphiqlRoutes('/graphql');
  const http = createGraphQLHttpServer<GatewayContext>({
    apollo,
    maxBodyBytes: config.maxBodyBytes,
    // Authentication will set the principal and tenant here; until then every caller is anonymous.
    context: async (_req, requestId) => ({ request: { requestId, principal: ANONYMOUS, tenant: config.defaultTenant } }),
    landingPage: graphiql.landingPage,
    routes: {
      ...graphiql.assets,
      ...operationalRoutes(subgraphReadiness(subgraphUrls), (_ready, failures) => ({
        subgraphs: Object.fromEntries([...subgraphUrls.keys()].map((name) => [name, failures[name] ?? 'ready'])),
      })),
    },
    onUnexpectedError: (error, requestId) => logger.error('request failed', { error, requestId }),
  });
  return { apollo, http, subgraphUrls };
}
