import type { IncomingMessage, Server } from 'node:http';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DocumentNode } from 'graphql';
import type { RequestContext } from '@core/context/request-context';
import { CONTEXT_HEADER, requestContextFromHop, verifyHop, type HopCheck } from '@core/context/hop-token';
import type { HopVerifier } from '@core/context/hop-keys';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, maskError } from '@core/errors';
import { answerNothingAfterCancellation, stopResolvingWhenCancelled } from '@core/graphql/cancellation';
import { loggingPlugin } from '@core/graphql/logging-plugin';
import { createGraphQLHttpServer, type ServerTimeouts, type StreamRouteHandler } from '@core/http/graphql-server';
import { cachedReadiness, createAdminServer, publicOperationalRoutes, runReadiness, type ReadinessChecks, type ReadinessRoute } from '@core/http/operational-routes';
import type { Logger } from '@core/log';
import type { Tenants } from '@core/tenants';
import { UPLOAD_PATH, uploadRoute } from './upload-route';
import type { UploadHandler } from './uploads';

/**
 * Everything a subgraph process has in common, so that each of the six subgraphs is only its
 * schema, its resolvers and its adapters: federation schema, error masking, the gateway's signed
 * hop token (who asks, for which tenant, and how long they will wait), and /healthz, /readyz and
 * /metrics.
 */
export interface SubgraphDefinition<C extends BaseContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<C>;
  /** Per-request context: fresh loaders for this request's caller, bounded by its deadline. */
  buildContext(request: RequestContext, deadline: Deadline): C;
  /** Each legacy app the subgraph depends on, by catalogue id, checked for /readyz. */
  readinessChecks: ReadinessChecks;
  logger: Logger;
  /** Receives files streamed by the gateway's upload endpoint (`POST /uploads`), if this subgraph stores files. */
  uploads?: UploadHandler;
  /**
   * Partners' callbacks relayed by the gateway (`POST /webhooks/<partner>`), by path. Each handler
   * checks the gateway's hop token of kind 'webhook' itself, then the partner's own signature.
   */
  webhooks?: Record<string, StreamRouteHandler>;
}

export function createSubgraphApollo<C extends BaseContext>(def: SubgraphDefinition<C>): ApolloServer<C> {
  const deadlineOf = (context: unknown) => (context as { deadline?: Deadline }).deadline;
  return new ApolloServer<C>({
    schema: stopResolvingWhenCancelled(buildSubgraphSchema({ typeDefs: def.typeDefs, resolvers: def.resolvers as GraphQLResolverMap<unknown> }), deadlineOf),
    includeStacktraceInErrorResponses: false,
    // The gateway serves the one GraphiQL page; subgraphs are not browsed directly.
    // Inline traces (ftv1) only feed Apollo Studio, which a government network does not use.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), loggingPlugin<C>(def.logger), answerNothingAfterCancellation<C>(deadlineOf)],
    formatError: maskError,
  });
}

export interface SubgraphHttpOptions {
  verifier: HopVerifier;
  /** The tenants this subgraph serves; calls for any other are refused (403 FORBIDDEN). */
  tenants: Tenants;
  /** The longest a request may run here, whatever deadline the gateway sends. */
  maxDeadlineMs: number;
  /** The longest a file upload may run here (default 15 min): uploads outlast GraphQL calls. */
  maxUploadMs?: number;
  /** /readyz answers from a result this fresh (default 1.5 s). */
  readinessCacheMs?: number;
  timeouts?: ServerTimeouts;
}

function refusedCall(check: Exclude<HopCheck, { ok: true }>): GerbangError {
  return new GerbangError(ErrorCode.UNAUTHENTICATED, 'Subgraphs answer only requests that come through the Gerbang gateway.', { reason: check.reason, http: { status: 401 } });
}

export interface SubgraphServers {
  http: Server;
  admin: Server;
}

export function createSubgraphHttpServers<C extends BaseContext>(def: SubgraphDefinition<C>, apollo: ApolloServer<C>, options: SubgraphHttpOptions): SubgraphServers {
  const context = async (req: IncomingMessage, scope: import('@core/http/graphql-server').RequestScope): Promise<C> => {
    const header = req.headers[CONTEXT_HEADER];
    const check = verifyHop(typeof header === 'string' ? header : undefined, { audience: def.name, verifier: options.verifier, body: scope.rawBody, kind: 'call' });
    if (!check.ok) {
      def.logger.warn('refused a call without a valid hop token', { reason: check.reason, requestId: scope.requestId });
      throw refusedCall(check);
    }
    const claims = check.claims;
    if (!options.tenants.has(claims.t)) {
      // Tenant isolation: this subgraph's legacy apps hold other regencies' data, or none of this one's.
      def.logger.warn('refused a call for a tenant this subgraph does not serve', { tenant: claims.t, requestId: claims.rid });
      throw new GerbangError(ErrorCode.FORBIDDEN, 'This service holds no data of your regency.', { reason: 'TENANT_NOT_SERVED', http: { status: 403 } });
    }
    // The gateway's deadline, as time left when it signed; never more than this subgraph allows.
    scope.deadline.resetTo(Math.min(claims.dl, options.maxDeadlineMs));
    return def.buildContext(requestContextFromHop(claims), scope.deadline.deadline);
  };

  const checks = cachedReadiness(() => runReadiness(def.readinessChecks), options.readinessCacheMs);
  const readiness: ReadinessRoute = {
    async states(req) {
      // The gateway's readiness probe is signed: a key or clock problem shows as not ready there.
      const header = req.headers[CONTEXT_HEADER];
      if (typeof header === 'string') {
        const check = verifyHop(header, { audience: def.name, verifier: options.verifier, kind: 'probe' });
        if (!check.ok) return { ...(await checks()), '!refused': check.reason };
      }
      return checks();
    },
    body(states) {
      const { '!refused': refused, ...legacy } = states;
      return refused ? { subgraph: def.name, refused, legacy } : { subgraph: def.name, legacy };
    },
  };
  const http = createGraphQLHttpServer({
    apollo,
    logger: def.logger,
    context,
    deadlineMs: options.maxDeadlineMs,
    timeouts: options.timeouts,
    routes: publicOperationalRoutes(readiness),
    streamRoutes: def.uploads || def.webhooks
      ? {
          ...def.webhooks,
          ...(def.uploads ? { [UPLOAD_PATH]: uploadRoute({ subgraph: def.name, handler: def.uploads, verifier: options.verifier, tenants: options.tenants, maxDeadlineMs: options.maxUploadMs ?? 15 * 60_000, logger: def.logger }) } : {}),
        }
      : undefined,
  });
  return { http, admin: createAdminServer(readiness) };
}
