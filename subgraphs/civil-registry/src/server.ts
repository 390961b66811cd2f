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
import type { CivilRegistryContext } from './context';
import { birthWrites } from './birth-registration';
import { courtOrderedChangeWrites } from './court-ordered-change';
import { deathWrites } from './death-registration';
import { marriageWrites } from './marriage-registration';
import { createDeedLoaders, type Registries } from './loaders';
import { deedRows } from './row-access';
import { resolvers } from './resolvers';

/**
 * Builds the civil-registry subgraph around its registries' ports, SIAK (the resident behind a
 * registration, and a resident's own family) and the outbox. Importable by tests (in-process) and
 * by index.ts, which connects the real adapters and listens.
 */
export interface CivilRegistryDeps {
  registries: Registries;
  siak: SiakPort;
  mutations: OutboxMutations;
  audit: AuditWriter;
  tenants: Tenants;
  logger: Logger;
  /** Per app: a readiness check (ping), and the adapter's breaker state when it has one. */
  readiness: Record<string, LegacyAppReadiness>;
}

export function civilRegistrySubgraph(deps: CivilRegistryDeps): SubgraphDefinition<CivilRegistryContext> {
  return {
    name: 'civil-registry',
    typeDefs: subgraphTypeDefs('civil-registry'),
    resolvers: resolvers as SubgraphDefinition<CivilRegistryContext>['resolvers'],
    buildContext: (request, deadline) => {
      const tenant = deps.tenants.get(request.tenant);
      if (!tenant) throw new Error(`unknown tenant ${request.tenant}`);
      const rows = deedRows(deps.siak, request);
      return {
        request,
        tenant,
        deadline,
        deeds: createDeedLoaders(deps.registries, rows, deps.audit, request, deadline),
        rows,
        deaths: deathWrites({ siak: deps.siak, mutations: deps.mutations, audit: deps.audit }, request, tenant, rows, deadline),
        births: birthWrites({ siak: deps.siak, aktaLahir: deps.registries.aktaLahir, mutations: deps.mutations, audit: deps.audit }, request, tenant, rows, deadline),
        marriages: marriageWrites({ siak: deps.siak, aktaKawin: deps.registries.aktaKawin, mutations: deps.mutations, audit: deps.audit }, request, tenant, rows, deadline),
        courtOrderedChanges: courtOrderedChangeWrites({ siak: deps.siak, capilPerubahan: deps.registries.capilPerubahan, mutations: deps.mutations, audit: deps.audit }, request, tenant, rows, deadline),
      };
    },
    readinessChecks: readinessChecksOf(deps.readiness),
    logger: deps.logger,
  };
}

export interface CivilRegistryServer {
  definition: SubgraphDefinition<CivilRegistryContext>;
  apollo: ApolloServer<CivilRegistryContext>;
  http: Server;
  admin: Server;
}

/** The Apollo server is started here; the caller listens on `http` and `admin`. */
export async function createCivilRegistryServer(deps: CivilRegistryDeps, options: Omit<SubgraphHttpOptions, 'tenants'>): Promise<CivilRegistryServer> {
  const definition = civilRegistrySubgraph(deps);
  const apollo = createSubgraphApollo(definition);
  await apollo.start();
  return { definition, apollo, ...createSubgraphHttpServers(definition, apollo, { ...options, tenants: deps.tenants }) };
}
