import { resilienceSettings } from '@adapters/base/resilience';
import { DEVELOPMENT_KTP_CETAK_KEY } from '@adapters/ktp-cetak';
import { startAdmKiosk, type RunningAdmKiosk } from '@sim/adm-kiosk/server';
import { admKioskEmulator } from '@sim/adm-kiosk/emulator';
import { startAntrian, type RunningAntrian } from '@sim/antrian/server';
import { antrianEmulator } from '@sim/antrian/emulator';
import { provisionSqlEmulator } from '@sim/base/sql-emulator';
import { silentProgress } from '@sim/base/progress';
import { kecamatanEmulator } from '@sim/kecamatan/emulator';
import { legalisirEmulator } from '@sim/legalisir/emulator';
import { provisionFileEmulator } from '@sim/base/files/provision';
import { createJemputBolaApp } from '@sim/jemput-bola/emulator';
import { pengaduanEmulator } from '@sim/pengaduan/emulator';
import { startPengaduan, type RunningPengaduan } from '@sim/pengaduan/server';
import { TEST_WORLD } from './legacy-databases';
import type { LegacyStorage } from '@core/config/shared';
import type { HopVerifier } from '@core/context/hop-keys';
import { AuditWriter, openAuditStore } from '@core/audit';
import { DEVELOPMENT_SEAL_KEY, EventSeal, openEventFlow, type EventFlow } from '@core/events';
import { listen } from '@core/http/graphql-server';
import type { Logger } from '@core/log';
import { openOutboxStore, OutboxDispatcher, OutboxMutations } from '@core/outbox';
import type { Tenants } from '@core/tenants';
import { connectServicesApps, type ServicesAppSettings, type ServicesApps } from '../../subgraphs/services/src/apps';
import { DEFAULT_ROUTING_DIR } from '../../subgraphs/services/src/config';
import { openFeedCursors } from '../../subgraphs/services/src/feed/cursor-store';
import { FeedPoller } from '../../subgraphs/services/src/feed/poller';
import { loadServiceRoutings } from '../../subgraphs/services/src/routing/services-file';
import { birthDeedWriter, registerBirthDeedHandler } from '../../subgraphs/services/src/fulfilment/birth-deed';
import { cardPrintWriter, registerCardPrintHandler } from '../../subgraphs/services/src/fulfilment/card-print';
import { startFulfilment } from '../../subgraphs/services/src/fulfilment/consumer';
import { newbornOnCardWriter, registerNewbornOnCardHandler } from '../../subgraphs/services/src/fulfilment/newborn-on-card';
import { createServicesServer } from '../../subgraphs/services/src/server';
import { requestSources } from '../../subgraphs/services/src/sources';
import { registerServicesHandlers } from '../../subgraphs/services/src/writers';
import { registerComplaintHandlers } from '../../subgraphs/services/src/complaints/delivery';

const SITE = { tenant: 'tangsel', regencyCode: '36.74', timeZone: 'Asia/Jakarta' };

/**
 * The services subgraph in this process, as its index.ts runs it, over the real estate: SIAK,
 * portal-online and Sirena in the test storage, jemput-bola's folders (its batch job is the
 * caller's to run), its outbox with a short poll, the `services` event flow (embedded) and the
 * change-feed poller every 200 ms. Seed the storage with siak, portal-online and sirena first;
 * jemput-bola's folders, and the kecamatan and legalisir databases when the caller did not seed
 * them, are provisioned here (a suite that seeds them itself also drops them at cleanup).
 */
export interface ServicesPorts {
  http: number;
  admin: number;
}

/** The services event flow on RabbitMQ instead of embedded (a test's own exchange, and the queues to declare early). */
export interface ServicesEvents {
  amqpUrl: string;
  exchange: string;
  subscriptions?: readonly string[];
}

/** The REST channel applications, each its own server over its own database, sharing one movable clock. */
export interface ServicesRestApps {
  antrian: RunningAntrian;
  admKiosk: RunningAdmKiosk;
  pengaduan: RunningPengaduan;
  /** The applications' clock (antrian's and adm-kiosk's): real time plus an offset that tests move on (a visit day, an expired PIN). */
  clock: { offsetMs: number; now(): Date; advance(ms: number): void };
  close(): Promise<void>;
}

export interface ServicesInProcess {
  url: string;
  adminUrl: string;
  ports: ServicesPorts;
  /** The adapters this process reaches the applications with (call counts, breakers). */
  apps: ServicesApps;
  /** The `services` event flow (embedded, or on RabbitMQ with `events.amqpUrl`). */
  flow: EventFlow;
  stop(): Promise<void>;
}

const REST_KEY = 'kunci-uji-layanan';
const quick = resilienceSettings({ timeoutMs: 5_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 });

/**
 * Starts antrian, adm-kiosk and pengaduan on free ports over their databases in the storage
 * (provisioned here when the caller did not seed them). They outlive a restart of the subgraph.
 */
export async function startServicesRestApps(storage: LegacyStorage): Promise<ServicesRestApps> {
  for (const emulator of [antrianEmulator, admKioskEmulator, pengaduanEmulator]) await provisionSqlEmulator(emulator, storage, TEST_WORLD, { force: false, progress: silentProgress });
  const clock = {
    offsetMs: 0,
    now: () => new Date(Date.now() + clock.offsetMs),
    advance(ms: number) {
      clock.offsetMs += ms;
    },
  };
  const now = () => clock.now();
  const antrian = await startAntrian(storage, { port: 0, apiKey: REST_KEY, listSlowMs: 20, now });
  const admKiosk = await startAdmKiosk(storage, { port: 0, apiKey: REST_KEY, listSlowMs: 20, printSeconds: 2, now });
  const pengaduan = await startPengaduan(storage, { port: 0, apiKey: REST_KEY });
  return {
    antrian, admKiosk, pengaduan, clock,
    async close() {
      await Promise.all([antrian.close(), admKiosk.close(), pengaduan.close()]);
    },
  };
}

/** How the tests reach the applications: short timeouts, changes handed out at once (the tests poll right after writing). */
export function servicesAppSettings(storage: LegacyStorage, rest: ServicesRestApps, ktpCetakUrl?: string, storageOf?: ServicesAppSettings['storageOf']): ServicesAppSettings {
  const restApp = (app: { url: string }) => ({ baseUrl: app.url, apiKey: REST_KEY, resilience: quick });
  return {
    storage, ...(storageOf ? { storageOf } : {}), site: { regencyCode: SITE.regencyCode, timeZone: SITE.timeZone }, timeouts: { siak: 5_000, jemputBola: 5_000 },
    portalOnline: { timeoutMs: 5_000 }, sirena: { timeoutMs: 5_000 },
    kecamatan: { timeoutMs: 5_000, changeSettleMs: 0 }, legalisir: { timeoutMs: 5_000, changeSettleMs: 0 },
    antrian: restApp(rest.antrian), admKiosk: restApp(rest.admKiosk), pengaduan: restApp(rest.pengaduan),
    ktpRekam: { timeoutMs: 5_000 },
    aktaLahir: { timeoutMs: 5_000, officer: 'GERBANG' },
    // Read only (attachments looked up by id): the archive's files are the documents subgraph's.
    arsip: { timeoutMs: 5_000, maxBytes: 10 * 1024 * 1024, officer: 'GERBANG' },
    // The card apps' ktp-cetak when the stack runs them: finished first-KTP requests are printed there.
    ...(ktpCetakUrl ? { ktpCetak: { baseUrl: ktpCetakUrl, apiKey: DEVELOPMENT_KTP_CETAK_KEY, resilience: quick } } : {}),
  };
}

export async function startServices(storage: LegacyStorage, options: { verifier: HopVerifier; tenants: Tenants; logger: Logger; rest: ServicesRestApps; ktpCetakUrl?: string; events?: ServicesEvents; storageOf?: ServicesAppSettings['storageOf']; ports?: ServicesPorts }): Promise<ServicesInProcess> {
  // jemput-bola's folders and its seeded register (idempotent: a provisioned tree is left as it is).
  await provisionFileEmulator(createJemputBolaApp({ regencyCode: SITE.regencyCode, timeZone: SITE.timeZone }), storage, TEST_WORLD, {});
  for (const emulator of [kecamatanEmulator, legalisirEmulator]) await provisionSqlEmulator(emulator, storage, TEST_WORLD, { force: false, progress: silentProgress });
  const apps = connectServicesApps(servicesAppSettings(storage, options.rest, options.ktpCetakUrl, options.storageOf));
  const { siak, portalOnline, sirena, jemputBola, kecamatan, legalisir, antrian, admKiosk, pengaduan, ktpRekam, ktpCetak, aktaLahir } = apps;
  const audit = new AuditWriter(await openAuditStore(storage));
  const store = await openOutboxStore('services', storage);
  const dispatcher = registerServicesHandlers(new OutboxDispatcher(store, { pollIntervalMs: 50, backoff: { initialMs: 50, maxMs: 200 } }, options.logger), { portalOnline: portalOnline.port, sirena: sirena.port, kecamatan: kecamatan.port, legalisir: legalisir.port, jemputBola: jemputBola.port });
  registerComplaintHandlers(dispatcher, pengaduan.port);
  if (ktpCetak) registerCardPrintHandler(dispatcher, { siak: siak.port, ktpRekam: ktpRekam.port, ktpCetak: ktpCetak.port, timeZone: SITE.timeZone });
  registerNewbornOnCardHandler(dispatcher, { siak: siak.port, audit });
  registerBirthDeedHandler(dispatcher, { siak: siak.port, aktaLahir: aktaLahir.port, audit, timeZone: SITE.timeZone });
  dispatcher.start();
  const mutations = new OutboxMutations(store, dispatcher, { waitForDeliveryMs: 3_000 });
  const sources = requestSources({ portalOnline: portalOnline.port, sirena: sirena.port, jemputBola: jemputBola.port, kecamatan: kecamatan.port, legalisir: legalisir.port, admKiosk: admKiosk.port, antrian: antrian.port });
  const cursors = await openFeedCursors(storage);
  const flow = await openEventFlow('services', { storage, logger: options.logger, ...options.events, consumer: { pollIntervalMs: 50, backoff: { initialMs: 50, maxMs: 200 } } });
  const poller = new FeedPoller(sources, cursors, flow, { tenant: SITE.tenant, timeZone: SITE.timeZone, intervalMs: 200, logger: options.logger, seal: new EventSeal(DEVELOPMENT_SEAL_KEY) });
  poller.start();
  const routings = loadServiceRoutings(options.tenants, DEFAULT_ROUTING_DIR);
  // Finished requests written into their registers (the tenants' fulfilment rules): ktp-cetak when the stack runs it, SIAK and akta-lahir always.
  const fulfilment = startFulfilment({ flow, sources, mutations, routings, writers: [...(ktpCetak ? [cardPrintWriter] : []), newbornOnCardWriter, birthDeedWriter], logger: options.logger });
  const server = await createServicesServer(
    {
      sources, siak: siak.port, arsip: apps.arsip.port, mutations, audit, tenants: options.tenants, routings, logger: options.logger,
      counters: { kecamatan: kecamatan.port, legalisir: legalisir.port },
      registers: { ktpCetak: ktpCetak?.port },
      appointments: antrian.port, kiosks: admKiosk.port, complaints: pengaduan.port,
      readiness: apps.readiness,
    },
    { verifier: options.verifier, maxDeadlineMs: 30_000, readinessCacheMs: 0 },
  );
  const http = await listen(server.http, options.ports?.http ?? 0, '127.0.0.1');
  const admin = await listen(server.admin, options.ports?.admin ?? 0, '127.0.0.1');
  return {
    url: http.url,
    adminUrl: admin.url,
    ports: { http: Number(new URL(http.url).port), admin: Number(new URL(admin.url).port) },
    apps,
    flow,
    async stop() {
      server.http.closeAllConnections();
      await Promise.all([http.close(), admin.close()]);
      await server.apollo.stop();
      await fulfilment.close();
    await poller.stop();
      await dispatcher.stop();
      await Promise.all([store.close(), cursors.close(), flow.close()]);
      await audit.close();
      await apps.close();
    },
  };
}
