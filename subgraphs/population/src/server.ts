import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { createSiakLoaders, type SiakPort } from '@adapters/siak';
import type { AuditWriter } from '@core/audit';
import type { Logger } from '@core/log';
import { subgraphTypeDefs } from '@core/schema/subgraphs';
import { createSubgraphApollo, createSubgraphHttpServers, type SubgraphDefinition, type SubgraphHttpOptions } from '@core/subgraph/subgraph-server';
import type { Tenants } from '@core/tenants';
import { auditedSiak } from './audited-siak';
import { personalDataTrail } from './personal-data-trail';
import { identityCardReadiness, type IdentityCardApps } from './identity-cards/apps';
import { auditedCardApps } from './identity-cards/audited';
import { createIdentityCardAccess } from './identity-cards/loaders';
import { rowScopedSiak } from './row-access';
import type { PopulationContext } from './context';
import { resolvers } from './resolvers';

/**
 * Builds the population subgraph around a SIAK port. Importable by tests (in-process, with any
 * port) and by index.ts, which only connects the real adapter and listens.
 */
export interface PopulationDeps {
  siak: SiakPort;
  /**
   * KTP-el enrolment and print, KIA and IKD (index.ts always connects them). Without them the card
   * fields answer LEGACY_UNAVAILABLE and /readyz does not list those applications.
   */
  identityCards?: IdentityCardApps;
  /** The audit trail: every resident record a request loads is recorded before it is used. */
  audit: AuditWriter;
  tenants: Tenants;
  logger: Logger;
}

export function populationSubgraph(deps: PopulationDeps): SubgraphDefinition<PopulationContext> {
  return {
    name: 'population',
    typeDefs: subgraphTypeDefs('population'),
    resolvers: resolvers as SubgraphDefinition<PopulationContext>['resolvers'],
    buildContext: (request, deadline) => {
      const tenant = deps.tenants.get(request.tenant);
      // The HTTP layer refuses unknown tenants first; this guards in-process callers too.
      if (!tenant) throw new Error(`unknown tenant ${request.tenant}`);
      // Rows the caller may not see are withheld first, so the audit trail records only what is given out.
      const rows = rowScopedSiak(deps.siak, request);
      const siak = auditedSiak(rows, deps.audit, request);
      const cards = deps.identityCards ? createIdentityCardAccess(auditedCardApps(deps.identityCards, deps.audit, request), deadline) : undefined;
      return { request, tenant, deadline, siak: createSiakLoaders(siak, deadline), siakPort: siak, rows, trail: personalDataTrail(deps.audit, request), cards };
    },
    readinessChecks: { siak: (deadline) => deps.siak.ping(deadline), ...(deps.identityCards ? identityCardReadiness(deps.identityCards) : {}) },
    logger: deps.logger,
  };
}

export interface PopulationServer {
  definition: SubgraphDefinition<PopulationContext>;
  apollo: ApolloServer<PopulationContext>;
  http: Server;
  admin: Server;
}

/** The Apollo server is started here; the caller listens on `http` and `admin`. */
export async function createPopulationServer(deps: PopulationDeps, options: Omit<SubgraphHttpOptions, 'tenants'>): Promise<PopulationServer> {
  const definition = populationSubgraph(deps);
  const apollo = createSubgraphApollo(definition);
  await apollo.start();
  return { definition, apollo, ...createSubgraphHttpServers(definition, apollo, { ...options, tenants: deps.tenants }) };
}
