import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { OjolPort, OjolSettings } from '@adapters/ojol';
import type { SiakPort } from '@adapters/siak';
import type { AuditWriter } from '@core/audit';
import type { HopVerifier } from '@core/context/hop-keys';
import { readinessChecksOf, type LegacyAppReadiness } from '@core/http/operational-routes';
import type { Logger } from '@core/log';
import type { OutboxMutations } from '@core/outbox';
import { subgraphTypeDefs } from '@core/schema/subgraphs';
import { createSubgraphApollo, createSubgraphHttpServers, type SubgraphDefinition, type SubgraphHttpOptions } from '@core/subgraph/subgraph-server';
import type { Tenants } from '@core/tenants';
import type { DeliveryContext } from './context';
import { orderReads, orderWrites, type OfficePlace } from './orders';
import { resolvers } from './resolvers';
import { orderRows } from './row-access';
import type { OrderStore } from './store';
import { OJOL_WEBHOOK_PATH, ojolWebhook } from './webhook';
import type { NotificationStore } from './notifications/store';
import { noticeReads } from './notices';

/**
 * Builds the delivery subgraph around the courier partner (ojol), SIAK (whose orders a caller may
 * see; who may receive a document), its own database (orders, events, the feed's cursor) and its
 * outbox; notifikasi is named for readiness (the notifications module sends through it). Importable
 * by tests (in-process) and by index.ts, which connects the real adapters and listens.
 */
export interface DeliveryDeps {
  ojol: OjolPort;
  siak: SiakPort;
  store: OrderStore;
  mutations: OutboxMutations;
  audit: AuditWriter;
  tenants: Tenants;
  logger: Logger;
  office: OfficePlace;
  /** The partner's callback secret and tolerance, for the webhook. */
  callbacks: Pick<OjolSettings, 'callbackSecret' | 'callbackToleranceSeconds'>;
  /** The residents' notifications (src/notifications), read for ServiceRequest.notifications. */
  notices: NotificationStore;
  /** Per app (catalogue ids ojol, notifikasi, siak): a readiness check, and the adapter's breaker state. */
  readiness: Record<string, LegacyAppReadiness>;
}

export function deliverySubgraph(deps: DeliveryDeps, verifier: HopVerifier): SubgraphDefinition<DeliveryContext> {
  return {
    name: 'delivery',
    typeDefs: subgraphTypeDefs('delivery'),
    resolvers: resolvers as SubgraphDefinition<DeliveryContext>['resolvers'],
    buildContext: (request, deadline) => {
      const tenant = deps.tenants.get(request.tenant);
      if (!tenant) throw new Error(`unknown tenant ${request.tenant}`);
      const rows = orderRows(deps.siak, request);
      const orderDeps = { store: deps.store, ojol: deps.ojol, siak: deps.siak, mutations: deps.mutations, audit: deps.audit, office: deps.office };
      return {
        request, deadline, timeZone: tenant.timeZone,
        orders: orderReads(orderDeps, rows, request, deadline),
        writes: orderWrites(orderDeps, rows, request, deadline),
        notices: noticeReads(deps.notices, deps.audit, rows, request, deadline),
      };
    },
    readinessChecks: readinessChecksOf(deps.readiness),
    logger: deps.logger,
    webhooks: { [OJOL_WEBHOOK_PATH]: ojolWebhook({ subgraph: 'delivery', db: deps.store.db, verifier, tenants: deps.tenants, ojol: deps.callbacks, logger: deps.logger }) },
  };
}

export interface DeliveryServer {
  definition: SubgraphDefinition<DeliveryContext>;
  apollo: ApolloServer<DeliveryContext>;
  http: Server;
  admin: Server;
}

/** The Apollo server is started here; the caller listens on `http` and `admin`. */
export async function createDeliveryServer(deps: DeliveryDeps, options: Omit<SubgraphHttpOptions, 'tenants'>): Promise<DeliveryServer> {
  const definition = deliverySubgraph(deps, options.verifier);
  const apollo = createSubgraphApollo(definition);
  await apollo.start();
  return { definition, apollo, ...createSubgraphHttpServers(definition, apollo, { ...options, tenants: deps.tenants }) };
}
