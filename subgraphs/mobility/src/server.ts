import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { SiakPort } from '@adapters/siak';
import type { AuditWriter } from '@core/audit';
import { readinessChecksOf, type LegacyAppReadiness } from '@core/http/operational-routes';
import type { Logger } from '@core/log';
import type { OutboxMutations } from '@core/outbox';
import { subgraphTypeDefs } from '@core/schema/subgraphs';
import { createSubgraphApollo, createSubgraphHttpServers, type SubgraphDefinition, type SubgraphHttpOptions } from '@core/subgraph/subgraph-server';
import type { Tenants } from '@core/tenants';
import { arrivalWrites } from './arrival';
import type { MobilityContext } from './context';
import { foreignerWrites } from './foreigner';
import { createMobilityLoaders, type MobilityApps } from './loaders';
import { moveOutWrites } from './move-out';
import { moveWithinCityWrites } from './move-within-city';
import { resolvers } from './resolvers';
import { moveRows } from './row-access';

/**
 * Builds the mobility subgraph around its applications' ports (pindah-keluar, pindah-datang,
 * orang-asing), SIAK (families, a resident's own family) and the outbox. Importable by tests
 * (in-process) and by index.ts, which connects the real adapters and listens.
 */
export interface MobilityDeps {
  apps: MobilityApps;
  siak: SiakPort;
  mutations: OutboxMutations;
  audit: AuditWriter;
  tenants: Tenants;
  logger: Logger;
  /** Per app (catalogue id): a readiness check (ping), and the adapter's breaker state when it has one. */
  readiness: Record<string, LegacyAppReadiness>;
}

export function mobilitySubgraph(deps: MobilityDeps): SubgraphDefinition<MobilityContext> {
  return {
    name: 'mobility',
    typeDefs: subgraphTypeDefs('mobility'),
    resolvers: resolvers as SubgraphDefinition<MobilityContext>['resolvers'],
    buildContext: (request, deadline) => {
      const tenant = deps.tenants.get(request.tenant);
      if (!tenant) throw new Error(`unknown tenant ${request.tenant}`);
      const rows = moveRows(deps.siak, request, tenant);
      const { siak, mutations, audit } = deps;
      return {
        request,
        tenant,
        deadline,
        loaders: createMobilityLoaders(deps.apps, rows, audit, request, deadline),
        rows,
        moveOut: moveOutWrites({ siak, mutations, audit }, request, tenant, rows, deadline),
        moves: moveWithinCityWrites({ siak, mutations, audit }, request, tenant, rows, deadline),
        arrivals: arrivalWrites({ pindahKeluar: deps.apps.pindahKeluar, mutations, audit }, request, tenant, rows, deadline),
        foreigners: foreignerWrites({ orangAsing: deps.apps.orangAsing, mutations, audit: deps.audit }, request, tenant, rows, deadline),
      };
    },
    readinessChecks: readinessChecksOf(deps.readiness),
    logger: deps.logger,
  };
}

export interface MobilityServer {
  definition: SubgraphDefinition<MobilityContext>;
  apollo: ApolloServer<MobilityContext>;
  http: Server;
  admin: Server;
}

/** The Apollo server is started here; the caller listens on `http` and `admin`. */
export async function createMobilityServer(deps: MobilityDeps, options: Omit<SubgraphHttpOptions, 'tenants'>): Promise<MobilityServer> {
  const definition = mobilitySubgraph(deps);
  const apollo = createSubgraphApollo(definition);
  await apollo.start();
  return { definition, apollo, ...createSubgraphHttpServers(definition, apollo, { ...options, tenants: deps.tenants }) };
}
