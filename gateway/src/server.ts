import './telemetry-off';
import { installOperationMemo } from './federation/operation-memo';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ErrorCode, GerbangError, maskError } from '@core/errors';
import { loggingPlugin } from '@core/graphql/logging-plugin';
import type { Principal } from '@core/context/request-context';
import { SAFELISTED_ROLES, type Role } from '@core/context/roles';
import { createGraphQLHttpServer, RequestRefused } from '@core/http/graphql-server';
import { createAdminServer, publicOperationalRoutes } from '@core/http/operational-routes';
import type { Logger } from '@core/log';
import { Authenticator } from './auth/authenticator';
import { authorizingGateway, callerFacts } from './authorization/enforce';
import { SingleFetchPath } from './federation/single-fetch';
import { POLICIES } from './authorization/policies';
import { accessRulesOf, withoutAccessRules } from './authorization/rules';
import type { GatewayConfig } from './config';
import { createRateLimits, principalKeyOf, rateLimitedAnswer, type RateLimitDecision } from './rate-limit';
import type { GatewayContext } from './context';
import { graphiqlRoutes } from './graphiql';
import { operationLimitGuards } from './operation-limits';
import { PersistedOperationRefused, PersistedOperations } from './persisted-operations';
import { gatewayReadiness, type GatewayReadiness } from './readiness';
import { SubgraphDataSource } from './subgraph-data-source';
import { subgraphUrlsOf } from './subgraph-map';
import { Transport } from './subgraph-transport';
import { uploadEndpoint } from './uploads';
import { WEBHOOK_PREFIX, webhookRelay } from './webhooks';
import { inFlightKeyOf } from './in-flight-key';
import { InFlightRequests } from '@core/http/in-flight';
import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '@core/metrics';

const mergedRequests = new Counter({
  name: 'gerbang_gateway_merged_requests_total',
  help: 'Queries answered by sharing an identical query of the same caller already in flight.',
  registers: [metricsRegistry],
});
const httpRequests = new Counter({
  name: 'gerbang_gateway_http_requests_total',
  help: 'Requests answered on the public port, by route (graphql, uploads, webhooks, other) and status class.',
  labelNames: ['route', 'status'] as const,
  registers: [metricsRegistry],
});
const httpSeconds = new Histogram({
  name: 'gerbang_gateway_http_request_seconds',
  help: 'Time from a request\'s arrival to the end of its answer, by route.',
  labelNames: ['route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

type Route = 'graphql' | 'uploads' | 'webhooks' | 'other';

function routeOf(path: string): Route {
  return path.startsWith('/graphql') ? 'graphql' : path.startsWith('/uploads') ? 'uploads' : path.startsWith('/webhooks/') ? 'webhooks' : 'other';
}

/**
 * Counts and times every answer on the public port: one listener beside the server's own, no work
 * before the answer. The labelled series are looked up once (prom-client hashes the labels on each
 * labelled call), so an answer costs an increment and an observation.
 */
function measureRequests(server: Server): void {
  const seconds = new Map<Route, ReturnType<typeof httpSeconds.labels>>();
  const counted = new Map<string, ReturnType<typeof httpRequests.labels>>();
  server.on('request', (req: IncomingMessage, res) => {
    const started = performance.now();
    res.once('finish', () => {
      const route = routeOf(req.url ?? '');
      const status = `${Math.floor(res.statusCode / 100)}xx`;
      const key = `${route} ${status}`;
      let counter = counted.get(key);
      if (!counter) counted.set(key, (counter = httpRequests.labels(route, status)));
      let timer = seconds.get(route);
      if (!timer) seconds.set(route, (timer = httpSeconds.labels(route)));
      counter.inc();
      timer.observe((performance.now() - started) / 1000);
    });
  });
}
import { UPLOAD_PATH } from '@core/subgraph/upload-route';

/** The subgraph that holds files (the archive): uploads go to it. */
const DOCUMENTS_SUBGRAPH = 'documents';
/** The subgraph that takes the courier partner's callbacks (its signature headers passed on). */
const DELIVERY_SUBGRAPH = 'delivery';
const OJOL_CALLBACK_HEADERS = ['x-ojol-signature', 'x-ojol-timestamp'];

/**
 * The gateway: Apollo Server with @apollo/gateway on a static supergraph file. Builds everything
 * and starts Apollo; the caller listens on `http` (public) and `admin` (metrics) — index.ts,
 * tests, the bench.
 */
export interface GatewayServer {
  apollo: ApolloServer<GatewayContext>;
  http: Server;
  admin: Server;
  readiness: GatewayReadiness;
  subgraphUrls: Map<string, string>;
  /** Stops Apollo and closes the pooled subgraph connections (after the listeners are closed). */
  stop(): Promise<void>;
}

/** A refusal by the rate limits, as the GraphQL error Apollo answers with HTTP 429 and Retry-After. */
function rateLimited(refusal: Extract<RateLimitDecision, { allowed: false }>): GerbangError {
  const { body } = rateLimitedAnswer(refusal);
  const { message, extensions } = body.errors[0]!;
  return new GerbangError(ErrorCode.RATE_LIMITED, message, { ...extensions, http: { status: 429, headers: new Map([['retry-after', String(refusal.retryAfterS)]]) } });
}

/** Kiosks and couriers' apps run registered operations only: a stolen machine token cannot browse the register. */
function onlyRegisteredOperations(principal: Principal): boolean {
  return principal.kind !== 'anonymous' && principal.roles.some((r) => SAFELISTED_ROLES.has(r as Role));
}

function persistedOperationRequired(): GerbangError {
  return new GerbangError(ErrorCode.FORBIDDEN, 'This client may run registered operations only: send the operation\'s id (extensions.persistedQuery).', {
    reason: 'PERSISTED_OPERATION_REQUIRED',
    http: { status: 403 },
  });
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** The caller's stated purpose for reading personal data (`x-purpose`), kept for the audit trail. */
function purposeOf(req: IncomingMessage): string | undefined {
  const given = req.headers['x-purpose'];
  if (typeof given !== 'string') return undefined;
  // Printable text only: control characters would let a caller forge lines in logs and reports.
  const text = given.replace(CONTROL_CHARACTERS, ' ').trim().slice(0, 200);
  return text || undefined;
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
  const transport = new Transport({ maxSockets: config.subgraphMaxSockets });
  installOperationMemo();
  const dataSources = new Map<string, SubgraphDataSource>();
  const singleFetch = config.singleFetch ? new SingleFetchPath(dataSources, (context) => callerFacts(context.request).key) : undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: withoutAccessRules(supergraphSdl),
    buildService: ({ name }) => {
      const source = new SubgraphDataSource(name, subgraphUrls.get(name)!, config.signer, transport, logger);
      dataSources.set(name, source);
      return source;
    },
    ...(singleFetch ? { experimental_didResolveQueryPlan: singleFetch.didResolveQueryPlan } : {}),
    logger: { debug: () => undefined, info: (m) => logger.info(String(m)), warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  const limits = operationLimitGuards<GatewayContext>(config.limits);
  const apollo = new ApolloServer<GatewayContext>({
    gateway: authorizingGateway(gateway, accessRulesOf(supergraphSdl), POLICIES),
    includeStacktraceInErrorResponses: false,
    validationRules: limits.validationRules,
    allowBatchedHttpRequests: false,
    introspection: config.introspection,
    // Clients cannot register operations at run time; registered ones come from the manifest.
    persistedQueries: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), loggingPlugin<GatewayContext>(logger), ...limits.plugins],
    formatError: maskError,
  });
  await apollo.start();
  gateway.onSchemaLoadOrUpdate(() => singleFetch?.clear());

  const authenticator = new Authenticator(config.authentication, config.tenants);
  const persisted = PersistedOperations.load(config.persistedOperationsFile);
  const rateLimits = createRateLimits(config.rateLimits, { logger });
  const readiness = gatewayReadiness(subgraphUrls, config.signer, config.readinessCacheMs);
  const graphiql = graphiqlRoutes('/graphql');
  const documentsUrl = subgraphUrls.get(DOCUMENTS_SUBGRAPH);
  const deliveryUrl = subgraphUrls.get(DELIVERY_SUBGRAPH);
  const http = createGraphQLHttpServer<GatewayContext>({
    apollo,
    logger,
    deadlineMs: config.deadlineMs,
    maxBodyBytes: config.maxBodyBytes,
    timeouts: config.timeouts,
    context: async (req, scope) => {
      const perOperation = scope.operationName ? config.operationDeadlinesMs[scope.operationName] : undefined;
      if (perOperation) scope.deadline.resetTo(perOperation);
      const caller = await authenticator.authenticate(req.headers.authorization);
      if (!scope.persisted && onlyRegisteredOperations(caller.principal)) throw persistedOperationRequired();
      const tenant = caller.tenant ?? config.defaultTenant;
      const decision = await rateLimits.consume({ principalKey: principalKeyOf(caller.principal), address: req.socket.remoteAddress, tenant });
      if (!decision.allowed) throw rateLimited(decision);
      return {
        request: { requestId: scope.requestId, correlationId: scope.correlationId, purpose: purposeOf(req), principal: caller.principal, tenant },
        deadline: scope.deadline.deadline,
        notes: {},
      };
    },
    prepareBody: (body, scope) => {
      try {
        const { body: resolved, operation } = persisted.resolve(body);
        if (operation) scope.persisted = { id: operation.id, name: operation.name };
        return resolved;
      } catch (error) {
        if (error instanceof PersistedOperationRefused) throw new RequestRefused(400, 'BAD_REQUEST', error.reason, error.message);
        throw error;
      }
    },
    shortcut: singleFetch,
    inFlight: config.mergeInFlight ? { requests: new InFlightRequests(() => mergedRequests.inc()), keyOf: inFlightKeyOf } : undefined,
    landingPage: graphiql.landingPage,
    routes: { ...graphiql.assets, ...publicOperationalRoutes(readiness) },
    // Files stream to the archive beside GraphQL (gateway/src/uploads.ts), when the supergraph has one;
    // the courier partner's callbacks go to the delivery subgraph (gateway/src/webhooks.ts).
    streamRoutes: documentsUrl || deliveryUrl
      ? {
          ...(deliveryUrl
            ? {
                [`${WEBHOOK_PREFIX}ojol`]: webhookRelay({
                  relay: { partner: 'ojol', subgraph: DELIVERY_SUBGRAPH, subgraphUrl: deliveryUrl, headers: OJOL_CALLBACK_HEADERS },
                  signer: config.signer,
                  transport,
                  rateLimits,
                  defaultTenant: config.defaultTenant,
                  logger,
                }),
              }
            : {}),
          ...(documentsUrl ? { [UPLOAD_PATH]: uploadEndpoint({
            subgraph: DOCUMENTS_SUBGRAPH,
            subgraphUrl: documentsUrl,
            signer: config.signer,
            authenticator,
            rateLimits,
            policies: POLICIES,
            defaultTenant: config.defaultTenant,
            maxBytes: config.uploads.maxBytes,
            deadlineMs: config.uploads.deadlineMs,
            purposeOf,
            logger,
          }) } : {}),
        }
      : undefined,
  });
  measureRequests(http);
  return {
    apollo,
    http,
    admin: createAdminServer(readiness),
    readiness,
    subgraphUrls,
    async stop() {
      await apollo.stop();
      await transport.close();
      await rateLimits.close();
    },
  };
}
