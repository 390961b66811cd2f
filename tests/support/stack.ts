import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { composeSupergraph } from '@core/schema/compose';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSiak, type SiakConnection } from '@adapters/siak';
import type { RequestContext } from '@core/context/request-context';
import { listen, type Listening } from '@core/http/graphql-server';
import { createLogger } from '@core/log';
import type { LegacyStorage } from '@core/config/shared';
import { AuditWriter, openAuditStore } from '@core/audit';
import { HopVerifier } from '@core/context/hop-keys';
import { createSubgraphApollo, createSubgraphHttpServers } from '@core/subgraph/subgraph-server';
import { subgraphManifest } from '@core/schema/subgraphs';
import { Tenants } from '@core/tenants';
import { DEVELOPMENT_ISSUER, DEVELOPMENT_ONLY_TOKEN_PUBLIC_JWK } from '../../gateway/src/auth/development-issuer';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { startCivilRegistry, type CivilRegistryInProcess } from './civil-registry';
import { startDocuments, type DocumentsInProcess } from './documents';
import { startDelivery, startDeliveryApps, type DeliveryApps, type DeliveryInProcess } from './delivery';
import { startMobility, type MobilityInProcess } from './mobility';
import { startServices, startServicesRestApps, type ServicesEvents, type ServicesInProcess, type ServicesRestApps } from './services';
import { loadGatewayConfig, type GatewayConfig } from '../../gateway/src/config';
import { createGatewayServer, type GatewayServer } from '../../gateway/src/server';
import { startCardApps, type RunningCardApps } from '../../subgraphs/population/src/identity-cards/testing';
import { populationSubgraph } from '../../subgraphs/population/src/server';

/**
 * The whole path in one process, over real HTTP on free ports: gateway -> population subgraph ->
 * SIAK adapter -> SIAK emulator storage. `seen` records the request context each subgraph call
 * arrived with, so tests can check what the gateway propagated. Development mode (the built-in
 * hop key) unless the test passes its own keys.
 */
export interface Stack {
  gatewayUrl: string;
  gatewayConfig: GatewayConfig;
  /** The subgraph's HTTP server, e.g. to watch the headers the gateway sends. */
  subgraphHttp: Server;
  gatewayAdminUrl: string;
  subgraphUrl: string;
  subgraphAdminUrl: string;
  siak: SiakConnection;
  /** The audit trail the subgraph writes to (the storage's `audit` database). */
  audit: AuditWriter;
  seen: RequestContext[];
  /** With `identityCards: true`: the KTP-el, KIA and IKD emulators (REST on free ports) and their adapters. */
  cards?: RunningCardApps;
  /** With `civilRegistry: true`: the civil-registry subgraph and its SOAP and file applications. */
  civilRegistry?: CivilRegistryInProcess;
  /** Stops the civil-registry subgraph (and its apps) and starts it again on the same ports, as a process restart would. */
  restartCivilRegistry(): Promise<void>;
  /** With `mobility: true`: the mobility subgraph and its REST applications. */
  mobility?: MobilityInProcess;
  /** Stops it and starts it again on the same ports, running `whileDown` in between. */
  restartMobility(whileDown?: () => Promise<void>): Promise<void>;
  /** With `services: true`: the services subgraph and its channel applications. */
  services?: ServicesInProcess;
  /** With `services: true`: antrian, adm-kiosk and pengaduan (REST servers, one movable clock). */
  servicesApps?: ServicesRestApps;
  /** Stops the services subgraph and starts it again on the same ports, running `whileDown` in between. */
  restartServices(whileDown?: () => Promise<void>): Promise<void>;
  /** With `documents: true`: the documents subgraph, tte and the archive. */
  documents?: DocumentsInProcess;
  /** Stops it and starts it again on the same ports, running `whileDown` in between. */
  restartDocuments(whileDown?: () => Promise<void>): Promise<void>;
  /** With `delivery: true`: the delivery subgraph (its poller driven by the test). */
  delivery?: DeliveryInProcess;
  /** With `delivery: true`: the ojol and notifikasi emulators and the partner's callback relay (pointed at the gateway). */
  deliveryApps?: DeliveryApps;
  /** Stops the delivery subgraph and starts it again on the same ports, running `whileDown` in between. */
  restartDelivery(whileDown?: () => Promise<void>): Promise<void>;
  gateway: GatewayServer;
  stopSubgraph(): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Gateway environment (e.g. deadlines, key files). */
  gatewayEnv?: Record<string, string>;
  /** The subgraph's key set; the development key by default. */
  verifier?: HopVerifier;
  siak?: { timeoutMs?: number; poolMax?: number };
  maxDeadlineMs?: number;
  /**
   * Start the print queue, KIA and IKD emulators in-process and connect the four card applications
   * (ktp-rekam too) to the subgraph; the storage must hold their seeded databases.
   */
  identityCards?: boolean;
  /**
   * Start the civil-registry subgraph too (its storage must hold the seeded registries). The
   * gateway runs a supergraph of the subgraphs started, so that it is ready.
   */
  civilRegistry?: boolean;
  /** Start the mobility subgraph (pindah-keluar, pindah-datang, orang-asing) too. */
  mobility?: boolean;
  /** Start the documents subgraph (tte, arsip) too: the gateway then takes uploads. */
  documents?: boolean;
  /** Start the services subgraph (the channel apps' service requests) too. */
  services?: boolean;
  /** Start the delivery subgraph (ojol, notifikasi) too: the partner's callbacks go through the gateway. */
  delivery?: boolean;
  /** Its event flow on RabbitMQ (default: embedded in its database). */
  servicesEvents?: ServicesEvents;
  /** Where some of its applications' databases are instead (e.g. behind a TCP proxy a test cuts). */
  servicesStorageOf?: Partial<Record<string, LegacyStorage>>;
}

const composedSupergraphs = new Map<string, string>();

/**
 * The supergraph of the subgraphs a test starts, composed once per test file and set: a gateway
 * on the committed supergraph would wait for subgraphs the test does not run. With every subgraph
 * running it is the committed one, so that what clients get is what is tested.
 */
function supergraphFileFor(names: readonly string[]): string | undefined {
  const all = subgraphManifest().map((s) => s.name);
  if (all.every((name) => names.includes(name))) return undefined;
  const key = names.join(',');
  const known = composedSupergraphs.get(key);
  if (known) return known;
  const file = join(mkdtempSync(join(tmpdir(), 'gerbang-supergraph-')), `${names.join('+')}.graphql`);
  writeFileSync(file, composeSupergraph(names));
  composedSupergraphs.set(key, file);
  return file;
}

export async function startStack(storage: LegacyStorage, options: StackOptions = {}): Promise<Stack> {
  const logger = createLogger('test', 'silent');
  const siak = connectSiak(storage, { timeoutMs: options.siak?.timeoutMs ?? 5_000, poolMax: options.siak?.poolMax });
  // As the population subgraph runs by default: it holds Tangsel's register only.
  const tenants = Tenants.load().only(['tangsel']);
  const audit = new AuditWriter(await openAuditStore(storage));
  const cards = options.identityCards ? await startCardApps(storage) : undefined;
  const definition = populationSubgraph({ siak: siak.port, identityCards: cards?.apps, audit, tenants, logger });
  const seen: RequestContext[] = [];
  const build = definition.buildContext;
  definition.buildContext = (request, deadline) => {
    seen.push(request);
    return build(request, deadline);
  };
  const subgraphApollo = createSubgraphApollo(definition);
  await subgraphApollo.start();
  const verifier = options.verifier ?? HopVerifier.development();
  const servers = createSubgraphHttpServers(definition, subgraphApollo, { verifier, tenants, maxDeadlineMs: options.maxDeadlineMs ?? 30_000, readinessCacheMs: 0 });
  const subgraph = await listen(servers.http, 0, '127.0.0.1');
  const subgraphAdmin = await listen(servers.admin, 0, '127.0.0.1');
  let subgraphUp = true;

  const stopSubgraph = async () => {
    if (!subgraphUp) return;
    subgraphUp = false;
    servers.http.closeAllConnections();
    await Promise.all([subgraph.close(), subgraphAdmin.close()]);
    await subgraphApollo.stop();
  };

  const ownKeys = 'GERBANG_HOP_PRIVATE_KEY_FILE' in (options.gatewayEnv ?? {});
  let civilRegistry = options.civilRegistry ? await startCivilRegistry(storage, { verifier, tenants, logger }) : undefined;
  let mobility = options.mobility ? await startMobility(storage, { verifier, tenants, logger }) : undefined;
  let documents = options.documents ? await startDocuments(storage, { verifier, tenants, logger }) : undefined;
  const servicesApps = options.services ? await startServicesRestApps(storage) : undefined;
  let services = servicesApps ? await startServices(storage, { verifier, tenants, logger, rest: servicesApps, ktpCetakUrl: cards?.emulators.ktpCetak.url, events: options.servicesEvents, storageOf: options.servicesStorageOf }) : undefined;
  const deliveryApps = options.delivery ? await startDeliveryApps(storage) : undefined;
  let delivery = deliveryApps ? await startDelivery(storage, { verifier, tenants, logger, apps: deliveryApps, events: options.servicesEvents }) : undefined;
  const supergraph = supergraphFileFor(['population', ...(civilRegistry ? ['civil-registry'] : []), ...(mobility ? ['mobility'] : []), ...(documents ? ['documents'] : []), ...(services ? ['services'] : []), ...(delivery ? ['delivery'] : [])]);
  const subgraphsEnv: Record<string, string> = {
    ...(supergraph ? { GERBANG_SUPERGRAPH_PATH: supergraph } : {}),
    ...(civilRegistry ? { SUBGRAPH_CIVIL_REGISTRY_URL: `${civilRegistry.url}/graphql` } : {}),
    ...(mobility ? { SUBGRAPH_MOBILITY_URL: `${mobility.url}/graphql` } : {}),
    ...(documents ? { SUBGRAPH_DOCUMENTS_URL: `${documents.url}/graphql` } : {}),
    ...(services ? { SUBGRAPH_SERVICES_URL: `${services.url}/graphql` } : {}),
    ...(delivery ? { SUBGRAPH_DELIVERY_URL: `${delivery.url}/graphql` } : {}),
  };
  const gatewayEnv = { ...subgraphsEnv, ...(ownKeys ? tokenIssuerEnv() : {}), ...options.gatewayEnv };
  /** The gateway in front of that subgraph, configured as the test asks. */
  const startGateway = async () => {
    const config = loadGatewayConfig({
      ...(ownKeys ? {} : { GERBANG_DEV_MODE: '1' }),
      GATEWAY_PORT: '0',
      SUBGRAPH_POPULATION_URL: `${subgraph.url}/graphql`,
      GATEWAY_REQUEST_DEADLINE_MS: '3000',
      // Tests change the estate between probes; the cache has its own unit test.
      GERBANG_READINESS_CACHE_MS: '0',
      // Suites send hundreds of requests from one address; the limits have their own tests.
      GATEWAY_RATE_LIMIT_PER_PRINCIPAL: 'off',
      GATEWAY_RATE_LIMIT_PER_ADDRESS: 'off',
      ...gatewayEnv,
    });
    const gateway = await createGatewayServer(config, logger);
    const gw: Listening = await listen(gateway.http, 0, '127.0.0.1');
    const gwAdmin: Listening = await listen(gateway.admin, 0, '127.0.0.1');
    return { config, gateway, gw, gwAdmin };
  };

  let started: Awaited<ReturnType<typeof startGateway>>;
  try {
    started = await startGateway();
  } catch (error) {
    // A gateway that cannot start must not leave the subgraph listening (jest would never exit).
    await stopSubgraph();
    await civilRegistry?.stop();
    await mobility?.stop();
    await documents?.stop();
    await services?.stop();
    await servicesApps?.close();
    await delivery?.stop();
    await deliveryApps?.close();
    await siak.client.close();
    await cards?.close();
    await audit.close();
    throw error;
  }
  const { config, gateway, gw, gwAdmin } = started;
  // The partner calls Gerbang's public webhook URL: the gateway's, now that it listens.
  if (deliveryApps) deliveryApps.relay.target = gw.url;
  return {
    gatewayUrl: gw.url,
    gatewayConfig: config,
    subgraphHttp: servers.http,
    gatewayAdminUrl: gwAdmin.url,
    subgraphUrl: subgraph.url,
    subgraphAdminUrl: subgraphAdmin.url,
    siak,
    audit,
    seen,
    cards,
    get civilRegistry() {
      return civilRegistry;
    },
    get mobility() {
      return mobility;
    },
    get documents() {
      return documents;
    },
    get services() {
      return services;
    },
    servicesApps,
    get delivery() {
      return delivery;
    },
    deliveryApps,
    async restartDelivery(whileDown) {
      if (!delivery || !deliveryApps) throw new Error('this stack runs no delivery subgraph');
      const ports = delivery.ports;
      await delivery.stop();
      try {
        await whileDown?.();
      } finally {
        delivery = await startDelivery(storage, { verifier, tenants, logger, apps: deliveryApps, ports, events: options.servicesEvents });
      }
    },
    async restartServices(whileDown) {
      if (!services || !servicesApps) throw new Error('this stack runs no services subgraph');
      const ports = services.ports;
      await services.stop();
      try {
        await whileDown?.();
      } finally {
        services = await startServices(storage, { verifier, tenants, logger, rest: servicesApps, ktpCetakUrl: cards?.emulators.ktpCetak.url, events: options.servicesEvents, storageOf: options.servicesStorageOf, ports });
      }
    },
    async restartMobility(whileDown) {
      if (!mobility) throw new Error('this stack runs no mobility subgraph');
      const ports = mobility.ports;
      await mobility.stop();
      try {
        await whileDown?.();
      } finally {
        mobility = await startMobility(storage, { verifier, tenants, logger, ports });
      }
    },
    async restartDocuments(whileDown) {
      if (!documents) throw new Error('this stack runs no documents subgraph');
      const ports = documents.ports;
      await documents.stop();
      try {
        await whileDown?.();
      } finally {
        documents = await startDocuments(storage, { verifier, tenants, logger, ports });
      }
    },
    async restartCivilRegistry() {
      if (!civilRegistry) throw new Error('this stack runs no civil-registry subgraph');
      const ports = civilRegistry.ports;
      await civilRegistry.stop();
      civilRegistry = await startCivilRegistry(storage, { verifier, tenants, logger, ports });
    },
    gateway,
    stopSubgraph,
    async stop() {
      gateway.http.closeAllConnections();
      await Promise.all([gw.close(), gwAdmin.close()]);
      await gateway.stop();
      await stopSubgraph();
      await civilRegistry?.stop();
      await mobility?.stop();
      await documents?.stop();
      await services?.stop();
      await servicesApps?.close();
      await delivery?.stop();
      await deliveryApps?.close();
      await siak.client.close();
      await cards?.close();
      await audit.close();
    },
  };
}

/**
 * Outside development mode the gateway trusts only the identity provider it is given: here, one
 * whose key is the development issuer's (a JWKS file with its public key), so the same test tokens work.
 */
function tokenIssuerEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'gerbang-idp-'));
  const file = join(dir, 'jwks.json');
  writeFileSync(file, JSON.stringify({ keys: [DEVELOPMENT_ONLY_TOKEN_PUBLIC_JWK] }));
  return { GATEWAY_JWKS_FILE: file, GATEWAY_JWT_ISSUER: DEVELOPMENT_ISSUER };
}

let administratorToken: Promise<string> | undefined;

/**
 * The headers of a Dinas administrator with a stated purpose (the development issuer's token, which
 * a stack in development mode trusts): what tests about something other than access send.
 */
export async function administratorHeaders(): Promise<Record<string, string>> {
  administratorToken ??= issueToken({ sub: 'test-administrator', roles: ['ADMINISTRATOR'], tenant: 'tangsel', ttlS: 6 * 3600 });
  return { authorization: `Bearer ${await administratorToken}`, 'x-purpose': 'automated test' };
}

/**
 * Posts a GraphQL operation. Without an `authorization` header of its own it goes as an
 * administrator (administratorHeaders); pass `authorization: ''` to go anonymous.
 */
export async function postGraphQL(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const sent = 'authorization' in headers ? headers : { ...(await administratorHeaders()), ...headers };
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...sent }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}
