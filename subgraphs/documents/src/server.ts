import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { ArsipPort } from '@adapters/arsip';
import type { SiakPort } from '@adapters/siak';
import type { TtePort } from '@adapters/tte';
import type { AuditWriter } from '@core/audit';
import { readinessChecksOf, type LegacyAppReadiness } from '@core/http/operational-routes';
import type { Logger } from '@core/log';
import type { OutboxMutations } from '@core/outbox';
import { subgraphTypeDefs } from '@core/schema/subgraphs';
import { createSubgraphApollo, createSubgraphHttpServers, type SubgraphDefinition, type SubgraphHttpOptions } from '@core/subgraph/subgraph-server';
import type { Tenants } from '@core/tenants';
import type { DocumentsContext } from './context';
import { createDocumentLoaders } from './loaders';
import { resolvers } from './resolvers';
import { documentRows } from './row-access';
import { signatureWrites } from './signing';
import { documentUploads } from './uploads';
import { verifications } from './verification';

/**
 * Builds the documents subgraph around tte (signatures), arsip (the archive), SIAK (whose documents
 * a caller may see: the owner's family and region) and the outbox. Importable by tests
 * (in-process) and by index.ts, which connects the real adapters and listens.
 */
export interface DocumentsDeps {
  tte: TtePort;
  arsip: ArsipPort;
  siak: SiakPort;
  mutations: OutboxMutations;
  audit: AuditWriter;
  tenants: Tenants;
  logger: Logger;
  /** Per app (catalogue ids tte, arsip, siak): a readiness check (ping), and the adapter's breaker state when it has one. */
  readiness: Record<string, LegacyAppReadiness>;
}

export function documentsSubgraph(deps: DocumentsDeps): SubgraphDefinition<DocumentsContext> {
  return {
    name: 'documents',
    typeDefs: subgraphTypeDefs('documents'),
    resolvers: resolvers as SubgraphDefinition<DocumentsContext>['resolvers'],
    buildContext: (request, deadline) => {
      const tenant = deps.tenants.get(request.tenant);
      if (!tenant) throw new Error(`unknown tenant ${request.tenant}`);
      const rows = documentRows(deps.siak, request);
      return {
        request,
        tenant,
        deadline,
        documents: createDocumentLoaders(deps.arsip, rows, deps.audit, request, deadline),
        rows,
        signatures: signatureWrites({ arsip: deps.arsip, tte: deps.tte, mutations: deps.mutations, audit: deps.audit }, request, tenant, rows, deadline),
        verifications: verifications(deps.tte, deps.logger, request.requestId, deadline),
      };
    },
    readinessChecks: readinessChecksOf(deps.readiness),
    logger: deps.logger,
    uploads: documentUploads({ arsip: deps.arsip, siak: deps.siak, audit: deps.audit }),
  };
}

export interface DocumentsServer {
  definition: SubgraphDefinition<DocumentsContext>;
  apollo: ApolloServer<DocumentsContext>;
  http: Server;
  admin: Server;
}

/** The Apollo server is started here; the caller listens on `http` and `admin`. */
export async function createDocumentsServer(deps: DocumentsDeps, options: Omit<SubgraphHttpOptions, 'tenants'>): Promise<DocumentsServer> {
  const definition = documentsSubgraph(deps);
  const apollo = createSubgraphApollo(definition);
  await apollo.start();
  return { definition, apollo, ...createSubgraphHttpServers(definition, apollo, { ...options, tenants: deps.tenants }) };
}
