import type { IncomingMessage, Server } from 'node:http';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DocumentNode } from 'graphql';
import type { RequestContext } from '@core/context/request-context';
import { CONTEXT_HEADER, verifyContext } from '@core/context/signed-context';
import { ErrorCode, GerbangError, maskError } from '@core/errors';
import { loggingPlugin } from '@core/graphql/logging-plugin';
import { createGraphQLHttpServer } from '@core/http/graphql-server';
import { operationalRoutes, type ReadinessChecks } from '@core/http/operational-routes';
import type { Logger } from '@core/log';

/**
 * Everything a subgraph process has in common, so that each of the six subgraphs is only its
 * schema, its resolvers and its adapters: federation schema, error masking, the signed request
 * context from the gateway, and /healthz, /readyz and /metrics.
 */
export interface SubgraphDefinition<C extends BaseContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<C>;
  /** Per-request context: fresh loaders for this request's caller. */
  buildContext(request: RequestContext): C;
  /** Each legacy app the subgraph depends on, checked for /readyz. */
  readinessChecks: ReadinessChecks;
  logger: Logger;
}

export function createSubgraphApollo<C extends BaseContext>(def: SubgraphDefinition<C>): ApolloServer<C> {
  return new ApolloServer<C>({
    schema: buildSubgraphSchema({ typeDefs: def.typeDefs, resolvers: def.resolvers as GraphQLResolverMap<unknown> }),
    includeStacktraceInErrorResponses: false,
    // The gateway serves the one GraphiQL page; subgraphs are not browsed directly.
    // Inline traces (ftv1) only feed Apollo Studio, which a government network does not use.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), loggingPlugin<C>(def.logger)],
    formatError: maskError,
  });
}

export interface SubgraphHttpOptions {
  contextSecret: string;
}

export function createSubgraphHttpServer<C extends BaseContext>(def: SubgraphDefinition<C>, apollo: ApolloServer<C>, options: SubgraphHttpOptions): Server {
  const context = async (req: IncomingMessage, requestId: string): Promise<C> => {
    const header = req.headers[CONTEXT_HEADER];
    const check = verifyContext(typeof header === 'string' ? header : undefined, options.contextSecret);
    if (!check.ok) {
      def.logger.warn('rejected request context', { reason: check.reason, requestId });
      throw new GerbangError(ErrorCode.UNAUTHENTICATED, 'Subgraphs answer only requests that come through the Gerbang gateway.', { http: { status: 401 } });
    }
    return def.buildContext({ ...check.context, requestId: check.context.requestId || requestId });
  };
  return createGraphQLHttpServer({
    apollo,
    context,
    routes: operationalRoutes(def.readinessChecks, (_ready, failures) => ({ subgraph: def.name, failures })),
    onUnexpectedError: (error, requestId) => def.logger.error('request failed', { error, requestId }),
  });
}
