import { createServer, type Server } from 'node:http';
import { resilienceSettings } from '@adapters/base/resilience';
import { connectNotifikasi } from '@adapters/notifikasi';
import { connectOjol } from '@adapters/ojol';
import { connectSiak } from '@adapters/siak';
import type { LegacyStorage } from '@core/config/shared';
import type { HopVerifier } from '@core/context/hop-keys';
import { AuditWriter, openAuditStore } from '@core/audit';
import { DEVELOPMENT_SEAL_KEY, EventSeal, openEventFlow } from '@core/events';
import { listen } from '@core/http/graphql-server';
import type { Logger } from '@core/log';
import { openOutboxStore, OutboxDispatcher, OutboxMutations } from '@core/outbox';
import type { Tenants } from '@core/tenants';
import { silentProgress } from '@sim/base/progress';
import { provisionSqlEmulator } from '@sim/base/sql-emulator';
import { notifikasiEmulator } from '@sim/notifikasi/emulator';
import { startNotifikasi, type RunningNotifikasi } from '@sim/notifikasi/server';
import { ojolEmulator } from '@sim/ojol/emulator';
import { startOjol, type RunningOjol } from '@sim/ojol/server';
import { registerDeliveryHandlers } from '../../subgraphs/delivery/src/handlers';
import { startNotifications, type RunningNotifications } from '../../subgraphs/delivery/src/notifications';
import { CourierFeedPoller } from '../../subgraphs/delivery/src/poller';
import { createDeliveryServer, type DeliveryServer } from '../../subgraphs/delivery/src/server';
import { OrderStore, openDeliveryDatabase } from '../../subgraphs/delivery/src/store';
import { TEST_WORLD } from './legacy-databases';
import type { ServicesEvents } from './services';

const TIME_ZONE = 'Asia/Jakarta';
const OJOL_KEY = 'kunci-ojol-e2e';
const NOTIFIKASI_KEY = 'kunci-notifikasi-e2e';
export const OJOL_TEST_SECRET = 'rahasia-callback-e2e-0001';
/** The office as the partner's emulator knows it (legacy-sim/ojol/geo.ts KANTOR_DINAS). */
export const TEST_OFFICE = { address: 'Gedung Pusat Pemerintahan Kota Tangerang Selatan, Jl. Maruga Raya No. 1, Ciater, Serpong', location: { latitude: -6.3196, longitude: 106.6978 }, contactName: 'LOKET OJOL DISDUKCAPIL', contactPhone: '081215379901' };

/**
 * Between the partner and Gerbang, "the internet": the ojol emulator posts its callbacks here, and
 * they go on byte for byte to wherever `target` points (the gateway's public URL once it listens,
 * or the subgraph directly); without a target, or with it unreachable, the partner gets a 503 and
 * tries again later, as it would with Gerbang down.
 */
export interface CallbackRelay {
  url: string;
  target: string | undefined;
  close(): Promise<void>;
}

async function callbackRelay(): Promise<CallbackRelay> {
  const relay = { target: undefined as string | undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name.startsWith('x-ojol-')) headers[name] = value;
      const fail = () => res.writeHead(503).end();
      if (!relay.target) return fail();
      fetch(`${relay.target}${req.url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: Buffer.concat(chunks) })
        .then(async (answer) => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text()))
        .catch(fail);
    });
  });
  const listening = await listen(server, 0, '127.0.0.1');
  return Object.assign(relay, { url: listening.url, close: () => { server.closeAllConnections(); return listening.close(); } });
}

export interface DeliveryPorts {
  http: number;
  admin: number;
  ojol: number;
  notifikasi: number;
}

export interface DeliveryInProcess {
  url: string;
  adminUrl: string;
  ports: DeliveryPorts;
  server: DeliveryServer;
  store: OrderStore;
  /** The feed poller: tests call pollOnce() (its loop is off here). */
  poller: CourierFeedPoller;
  /** The residents' notices (the services flow's status changes and the courier orders' changes), running as in index.ts. */
  notifications: RunningNotifications;
  /** Stops the subgraph only (the apps and the relay stay): a process restart, with startDelivery(…, { apps }) after. */
  stop(): Promise<void>;
}

export interface DeliveryApps {
  ojol: RunningOjol;
  notifikasi: RunningNotifikasi;
  relay: CallbackRelay;
  close(): Promise<void>;
}

/**
 * The partner's and the notification gateway's emulators (REST, their own databases, provisioned
 * here if missing), with a callback relay. Callbacks are sent only when a test calls
 * `ojol.callbacks.runOnce()`, couriers move only on `ojol.simulation.step()` or the back office;
 * the partner's quirks are off unless a test sets them.
 */
export async function startDeliveryApps(storage: LegacyStorage): Promise<DeliveryApps> {
  for (const emulator of [ojolEmulator, notifikasiEmulator]) await provisionSqlEmulator(emulator, storage, TEST_WORLD, { force: false, progress: silentProgress });
  const relay = await callbackRelay();
  const ojol = await startOjol(storage, { port: 0, apiKey: OJOL_KEY, callback: { url: `${relay.url}/webhooks/ojol`, secret: OJOL_TEST_SECRET, intervalMs: 0, quirks: { duplicateChance: 0, delayChance: 0, maxAttempts: 3, retryMs: 50 } } });
  // The gateway hands over and reports within a second, and never fails on its own (tests that want failures set them).
  const notifikasi = await startNotifikasi(storage, { port: 0, apiKey: NOTIFIKASI_KEY, tickMs: 0, rate: 1_000, failureRate: 0, sendDelayMs: 100, reportDelayMs: 200, log: () => undefined });
  return {
    ojol, notifikasi, relay,
    async close() {
      await Promise.all([ojol.close(), notifikasi.close(), relay.close()]);
    },
  };
}

/** The delivery subgraph in this process, as its index.ts runs it (outbox with a short poll and backoff). */
export async function startDelivery(storage: LegacyStorage, options: { verifier: HopVerifier; tenants: Tenants; logger: Logger; apps: DeliveryApps; ports?: Pick<DeliveryPorts, 'http' | 'admin'>; events?: ServicesEvents }): Promise<DeliveryInProcess> {
  const { apps } = options;
  const quick = resilienceSettings({ timeoutMs: 3_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 });
  const ojol = connectOjol({ baseUrl: apps.ojol.url, apiKey: OJOL_KEY, resilience: quick });
  const notifikasi = connectNotifikasi({ baseUrl: apps.notifikasi.url, apiKey: NOTIFIKASI_KEY, resilience: quick });
  const siak = connectSiak(storage, { timeoutMs: 5_000, timeZone: TIME_ZONE });
  const audit = new AuditWriter(await openAuditStore(storage));
  const store = new OrderStore(await openDeliveryDatabase(storage));
  const outbox = await openOutboxStore('delivery', storage);
  const dispatcher = registerDeliveryHandlers(new OutboxDispatcher(outbox, { pollIntervalMs: 50, backoff: { initialMs: 50, maxMs: 200 } }, options.logger), ojol.port, store);
  const tenant = options.tenants.ids()[0] ?? 'tangsel';
  // The services flow as the services subgraph publishes it (embedded in the same storage, or the test's RabbitMQ exchange).
  const flow = await openEventFlow('services', { storage, logger: options.logger, ...options.events, consumer: { pollIntervalMs: 50, backoff: { initialMs: 50, maxMs: 200 } } });
  const notifications = await startNotifications({
    tenant, sender: 'Disdukcapil Tangsel', flow, outbox, dispatcher, notifikasi: notifikasi.port, siak: siak.port, audit, storage, logger: options.logger,
    seal: new EventSeal(DEVELOPMENT_SEAL_KEY), reportIntervalMs: 200, courierOrders: store.db, courierSweepMs: 100,
  });
  dispatcher.start();
  const mutations = new OutboxMutations(outbox, dispatcher, { waitForDeliveryMs: 2_000 });
  const poller = new CourierFeedPoller(ojol.port, store, { tenant, intervalMs: 0, logger: options.logger });
  const server = await createDeliveryServer(
    {
      ojol: ojol.port, siak: siak.port, store, mutations, audit, tenants: options.tenants, logger: options.logger, office: TEST_OFFICE, notices: notifications.store,
      callbacks: { callbackSecret: OJOL_TEST_SECRET, callbackToleranceSeconds: 300 },
      readiness: {
        ojol: { ping: (d) => ojol.port.ping(d), health: () => ojol.client.health() },
        notifikasi: { ping: (d) => notifikasi.port.ping(d), health: () => notifikasi.client.health() },
        siak: { ping: (d) => siak.port.ping(d) },
      },
    },
    { verifier: options.verifier, maxDeadlineMs: 30_000, readinessCacheMs: 0 },
  );
  const http = await listen(server.http, options.ports?.http ?? 0, '127.0.0.1');
  const admin = await listen(server.admin, options.ports?.admin ?? 0, '127.0.0.1');
  return {
    url: http.url,
    adminUrl: admin.url,
    ports: { http: Number(new URL(http.url).port), admin: Number(new URL(admin.url).port), ojol: apps.ojol.port, notifikasi: apps.notifikasi.port },
    server,
    store,
    poller,
    notifications,
    async stop() {
      server.http.closeAllConnections();
      await Promise.all([http.close(), admin.close()]);
      await server.apollo.stop();
      await poller.stop();
      await notifications.close();
      await dispatcher.stop();
      await flow.close();
      await outbox.close();
      await store.close();
      await audit.close();
      ojol.client.close();
      notifikasi.client.close();
      await siak.client.close();
    },
  };
}
