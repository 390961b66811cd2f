import type { ApolloServer } from '@apollo/server';
import type { Knex } from 'knex';
import type { AdmKioskConnection } from '@adapters/adm-kiosk';
import type { AntrianConnection } from '@adapters/antrian';
import type { JemputBolaConnection } from '@adapters/jemput-bola';
import type { KecamatanConnection } from '@adapters/kecamatan';
import type { LegalisirConnection, LegalisirPort } from '@adapters/legalisir';
import type { PengaduanConnection } from '@adapters/pengaduan';
import type { PortalOnlineConnection, PortalOnlinePort } from '@adapters/portal-online';
import type { SiakConnection } from '@adapters/siak';
import type { SirenaConnection } from '@adapters/sirena';
import { AuditWriter, openAuditStore } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import { deadlineIn } from '@core/deadline';
import { legacyUnavailable } from '@core/errors';
import { DEVELOPMENT_SEAL_KEY, EventSeal, openEventFlow, locateEventsDatabase, type EventFlow } from '@core/events';
import { createLogger } from '@core/log';
import { locateOutboxDatabase, openOutboxStore, OutboxDispatcher, OutboxMutations, type OutboxStore } from '@core/outbox';
import { dropAppDatabase } from '@core/sql/app-database';
import { createSubgraphApollo, type SubgraphDefinition } from '@core/subgraph/subgraph-server';
import { Tenants } from '@core/tenants';
import { provisionFileEmulator } from '@sim/base/files/provision';
import { createJemputBolaApp } from '@sim/jemput-bola/emulator';
import { kecamatanEmulator } from '@sim/kecamatan/emulator';
import { legalisirEmulator } from '@sim/legalisir/emulator';
import { portalOnlineEmulator } from '@sim/portal-online/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { sirenaEmulator } from '@sim/sirena/emulator';
import { antrianEmulator } from '@sim/antrian/emulator';
import { admKioskEmulator } from '@sim/adm-kiosk/emulator';
import { pengaduanEmulator } from '@sim/pengaduan/emulator';
import { arsipEmulator } from '@sim/arsip/emulator';
import { seededStorage, TEST_WORLD, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { ADMINISTRATOR_REQUEST } from '../../../tests/support/principals';
import { startServicesRestApps, servicesAppSettings, type ServicesRestApps } from '../../../tests/support/services';
import { connectServicesApps } from './apps';
import type { ServicesContext } from './context';
import { locateFeedDatabase, openFeedCursors, type FeedCursors } from './feed/cursor-store';
import { FeedPoller } from './feed/poller';
import { DEFAULT_ROUTING_DIR } from './config';
import { loadServiceRoutings } from './routing/services-file';
import { servicesSubgraph } from './server';
import { requestSources } from './sources';
import { registerServicesHandlers } from './writers';
import { registerComplaintHandlers } from './complaints/delivery';

/**
 * The services subgraph in-process over the real estate, for its own tests: SIAK, portal-online,
 * Sirena, the kecamatan counters and legalisir in a fresh seeded storage (SQLite or MariaDB), jemput-bola's folders, a real outbox with a short poll, the
 * real `services` event flow (embedded) and the change-feed poller. `portalOnlineUp` switches the
 * portal off as the outbox reaches it (an outage); `run` executes an operation as a caller.
 */
export const SITE = { regencyCode: '36.74', timeZone: 'Asia/Jakarta' };
export type Caller = Omit<RequestContext, 'requestId'>;

export interface Answer {
  data: Record<string, any> | null | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any -- shapes vary per operation
  errors: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> | undefined;
}

export interface ServicesEstate {
  legacy: TestLegacyStorage;
  db: { siak: Knex; arsip: Knex; portalOnline: Knex; sirena: Knex; kecamatan: Knex; legalisir: Knex };
  siak: SiakConnection;
  portalOnline: PortalOnlineConnection;
  sirena: SirenaConnection;
  jemputBola: JemputBolaConnection;
  kecamatan: KecamatanConnection;
  legalisir: LegalisirConnection;
  antrian: AntrianConnection;
  admKiosk: AdmKioskConnection;
  pengaduan: PengaduanConnection;
  /** The REST applications' servers (antrian, adm-kiosk, pengaduan) and their movable clock. */
  rest: ServicesRestApps;
  store: OutboxStore;
  flow: EventFlow;
  poller: FeedPoller;
  /** Set false to play a portal outage (the outbox's deliveries fail as unreachable). */
  outage: { portalOnline: boolean; legalisir: boolean };
  run(query: string, variables?: Record<string, unknown>, as?: Caller): Promise<Answer>;
  close(): Promise<void>;
}

export async function startServicesEstate(suite: string): Promise<ServicesEstate> {
  const legacy = await seededStorage(suite, [siakEmulator, arsipEmulator, portalOnlineEmulator, sirenaEmulator, kecamatanEmulator, legalisirEmulator, antrianEmulator, admKioskEmulator, pengaduanEmulator]);
  for (const location of [locateOutboxDatabase('services', legacy.storage), locateFeedDatabase(legacy.storage), locateEventsDatabase('services', legacy.storage)]) await dropAppDatabase(location);
  // jemput-bola's files (its batch job is not needed for reads: its register is read as it stands;
  // tests that submit visits run it themselves between steps, with runBatchNow as the office does).
  await provisionFileEmulator(createJemputBolaApp(SITE), legacy.storage, TEST_WORLD, { force: true });
  const logger = createLogger('test', 'silent');
  const rest = await startServicesRestApps(legacy.storage);
  const apps = connectServicesApps(servicesAppSettings(legacy.storage, rest));
  const { siak, portalOnline, sirena, jemputBola, kecamatan, legalisir, antrian, admKiosk, pengaduan } = apps;
  const outage = { portalOnline: false, legalisir: false };
  const reachablePortal: PortalOnlinePort = Object.assign(Object.create(portalOnline.port) as PortalOnlinePort, {
    submit: async (...args: Parameters<PortalOnlinePort['submit']>) => {
      if (outage.portalOnline) throw Object.assign(new Error('portal-online stopped'), { code: 'ECONNREFUSED' });
      return await portalOnline.port.submit(...args);
    },
  });
  const down = () => Object.assign(new Error('legalisir stopped'), { code: 'ECONNREFUSED' });
  const reachableLegalisir: LegalisirPort = Object.assign(Object.create(legalisir.port) as LegalisirPort, {
    submitRequest: async (...args: Parameters<LegalisirPort['submitRequest']>) => {
      if (outage.legalisir) throw down();
      return await legalisir.port.submitRequest(...args);
    },
    checkDocument: async (...args: Parameters<LegalisirPort['checkDocument']>) => {
      if (outage.legalisir) throw legacyUnavailable('legalisir', down());
      return await legalisir.port.checkDocument(...args);
    },
  });
  const audit = new AuditWriter(await openAuditStore(legacy.storage));
  const store = await openOutboxStore('services', legacy.storage);
  const dispatcher = registerServicesHandlers(new OutboxDispatcher(store, { pollIntervalMs: 50, backoff: { initialMs: 50, maxMs: 150 } }, logger), { portalOnline: reachablePortal, sirena: sirena.port, kecamatan: kecamatan.port, legalisir: reachableLegalisir, jemputBola: jemputBola.port });
  registerComplaintHandlers(dispatcher, pengaduan.port);
  dispatcher.start();
  const tenants = Tenants.load();
  const sources = requestSources({ portalOnline: portalOnline.port, sirena: sirena.port, jemputBola: jemputBola.port, kecamatan: kecamatan.port, legalisir: legalisir.port, admKiosk: admKiosk.port, antrian: antrian.port });
  const cursors: FeedCursors = await openFeedCursors(legacy.storage);
  const flow = await openEventFlow('services', { storage: legacy.storage, logger });
  const poller = new FeedPoller(sources, cursors, flow, { tenant: 'tangsel', timeZone: SITE.timeZone, intervalMs: 200, logger, seal: new EventSeal(DEVELOPMENT_SEAL_KEY) });
  const definition: SubgraphDefinition<ServicesContext> = servicesSubgraph({
    sources, siak: siak.port, arsip: apps.arsip.port, mutations: new OutboxMutations(store, dispatcher, { waitForDeliveryMs: 2_000 }), audit, tenants,
    routings: loadServiceRoutings(tenants, DEFAULT_ROUTING_DIR), logger, readiness: {}, counters: { kecamatan: kecamatan.port, legalisir: reachableLegalisir },
    appointments: antrian.port, kiosks: admKiosk.port, complaints: pengaduan.port,
  });
  const apollo: ApolloServer<ServicesContext> = createSubgraphApollo(definition);
  await apollo.start();
  return {
    legacy,
    db: { siak: legacy.open('siak'), arsip: legacy.open('arsip'), portalOnline: legacy.open('portal-online'), sirena: legacy.open('sirena'), kecamatan: legacy.open('kecamatan'), legalisir: legacy.open('legalisir') },
    siak, portalOnline, sirena, jemputBola, kecamatan, legalisir, antrian, admKiosk, pengaduan, rest, store, flow, poller, outage,
    async run(query, variables = {}, as = ADMINISTRATOR_REQUEST) {
      const contextValue = definition.buildContext({ requestId: 'test', ...as }, deadlineIn(15_000));
      const response = await apollo.executeOperation({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return { data: response.body.singleResult.data as Answer['data'], errors: response.body.singleResult.errors as Answer['errors'] };
    },
    async close() {
      await poller.stop();
      await apollo.stop();
      await dispatcher.stop();
      await Promise.all([store.close(), cursors.close(), flow.close()]);
      await audit.close();
      await apps.close();
      await rest.close();
      for (const location of [locateOutboxDatabase('services', legacy.storage), locateFeedDatabase(legacy.storage), locateEventsDatabase('services', legacy.storage)]) await dropAppDatabase(location);
      await legacy.cleanup();
    },
  };
}
