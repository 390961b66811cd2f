import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { AdmKioskPort } from '@adapters/adm-kiosk';
import type { AntrianPort } from '@adapters/antrian';
import type { ArsipPort } from '@adapters/arsip';
import type { KtpCetakPort } from '@adapters/ktp-cetak';
import type { PengaduanPort } from '@adapters/pengaduan';
import type { SiakPort } from '@adapters/siak';
import type { AuditWriter } from '@core/audit';
import { readinessChecksOf, type LegacyAppReadiness } from '@core/http/operational-routes';
import type { Logger } from '@core/log';
import type { OutboxMutations } from '@core/outbox';
import { subgraphTypeDefs } from '@core/schema/subgraphs';
import { createSubgraphApollo, createSubgraphHttpServers, type SubgraphDefinition, type SubgraphHttpOptions } from '@core/subgraph/subgraph-server';
import type { Tenants } from '@core/tenants';
import { complaintDesk } from './complaints';
import type { ServicesContext } from './context';
import { appointments } from './appointments';
import { counterWork, type CounterPorts } from './counter-work';
import { fulfilmentReader } from './fulfilment/view';
import { kioskWork } from './kiosk';
import { createServicesLoaders, type Sources } from './loaders';
import { resolvers } from './resolvers';
import type { ServiceRouting } from './routing/routing';
import { requestRows } from './row-access';
import { servicesWrites } from './submissions';

/**
 * Builds the services subgraph around its request sources (one per channel application), SIAK
 * (residents' families and homes, for the row rules), the tenants' routing and the outbox.
 * Importable by tests (in-process) and by index.ts, which connects the real adapters and listens.
 */
export interface ServicesDeps {
  sources: Sources;
  siak: SiakPort;
  /** The archive, where a request's attachments are looked up before it is recorded (documents' application, read here). */
  arsip: ArsipPort;
  mutations: OutboxMutations;
  audit: AuditWriter;
  tenants: Tenants;
  /** Per tenant: its routing, standards and quotas (tenants/<id>.services.json). */
  routings: ReadonlyMap<string, ServiceRouting>;
  logger: Logger;
  /** The apps whose requests officers move on through the API (kecamatan, legalisir), and legalisir's document check. */
  counters?: CounterPorts;
  /** The registers finished requests are written into (fulfilment/): ktp-cetak for KTP-el prints. */
  registers?: { ktpCetak?: KtpCetakPort };
  /** Appointments and queue tickets (antrian). */
  appointments?: AntrianPort;
  /** Mall kiosk PINs and prints (adm-kiosk). */
  kiosks?: AdmKioskPort;
  /** The complaints desk (pengaduan). */
  complaints?: PengaduanPort;
  /** Per app (catalogue id): a readiness check (ping), and the adapter's breaker state when it has one. */
  readiness: Record<string, LegacyAppReadiness>;
}

/** Every application a tenant routes to must have a source in this process: checked at start. */
export function unroutableApps(routings: ReadonlyMap<string, ServiceRouting>, sources: Sources): string[] {
  return [...routings.values()].flatMap((r) => r.apps().filter((app) => !sources.has(app)).map((app) => `${r.tenant}.services.json routes to ${app}, which this process does not reach`));
}

export function servicesSubgraph(deps: ServicesDeps): SubgraphDefinition<ServicesContext> {
  const problems = unroutableApps(deps.routings, deps.sources);
  if (problems.length > 0) throw new Error(`Invalid service routing:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return {
    name: 'services',
    typeDefs: subgraphTypeDefs('services'),
    resolvers: resolvers as SubgraphDefinition<ServicesContext>['resolvers'],
    buildContext: (request, deadline) => {
      const tenant = deps.tenants.get(request.tenant);
      const routing = deps.routings.get(request.tenant);
      if (!tenant || !routing) throw new Error(`unknown tenant ${request.tenant}`);
      const rows = requestRows(deps.siak, request, tenant);
      const loaders = createServicesLoaders(deps.sources, rows, deps.audit, request, deadline);
      return {
        request,
        tenant,
        routing,
        deadline,
        sources: deps.sources,
        loaders,
        rows,
        writes: servicesWrites({ mutations: deps.mutations, audit: deps.audit, siak: deps.siak, arsip: deps.arsip, legalisir: deps.counters?.legalisir }, request, tenant, routing, rows, deadline),
        counter: counterWork(deps.counters ?? {}, deps.audit, loaders, rows, request, tenant, deadline),
        kiosk: kioskWork({ port: deps.kiosks, siak: deps.siak, audit: deps.audit }, request, tenant, routing, rows, loaders, deadline),
        fulfilment: fulfilmentReader(deps.mutations, deps.registers?.ktpCetak, tenant.id, routing, deadline),
        appointments: appointments({ port: deps.appointments, siak: deps.siak, audit: deps.audit, mutations: deps.mutations }, loaders, rows, request, tenant, routing, deadline),
        complaints: complaintDesk({ port: deps.complaints, mutations: deps.mutations, audit: deps.audit, siak: deps.siak }, loaders, rows, request, tenant, routing, deadline),
      };
    },
    readinessChecks: readinessChecksOf(deps.readiness),
    logger: deps.logger,
  };
}

export interface ServicesServer {
  definition: SubgraphDefinition<ServicesContext>;
  apollo: ApolloServer<ServicesContext>;
  http: Server;
  admin: Server;
}

/** The Apollo server is started here; the caller listens on `http` and `admin`. */
export async function createServicesServer(deps: ServicesDeps, options: Omit<SubgraphHttpOptions, 'tenants'>): Promise<ServicesServer> {
  const definition = servicesSubgraph(deps);
  const apollo = createSubgraphApollo(definition);
  await apollo.start();
  return { definition, apollo, ...createSubgraphHttpServers(definition, apollo, { ...options, tenants: deps.tenants }) };
}
