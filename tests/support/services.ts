import { connectJemputBola } from '@adapters/jemput-bola';
import { connectKecamatan } from '@adapters/kecamatan';
import { connectLegalisir } from '@adapters/legalisir';
import { provisionSqlEmulator } from '@sim/base/sql-emulator';
import { silentProgress } from '@sim/base/progress';
import { kecamatanEmulator } from '@sim/kecamatan/emulator';
import { legalisirEmulator } from '@sim/legalisir/emulator';
import { provisionFileEmulator } from '@sim/base/files/provision';
import { createJemputBolaApp } from '@sim/jemput-bola/emulator';
import { TEST_WORLD } from './legacy-databases';
import { connectPortalOnline } from '@adapters/portal-online';
import { connectSiak } from '@adapters/siak';
import { connectSirena } from '@adapters/sirena';
import type { LegacyStorage } from '@core/config/shared';
import type { HopVerifier } from '@core/context/hop-keys';
import { AuditWriter, openAuditStore } from '@core/audit';
import { openEventFlow } from '@core/events';
import { listen } from '@core/http/graphql-server';
import type { Logger } from '@core/log';
import { openOutboxStore, OutboxDispatcher, OutboxMutations } from '@core/outbox';
import type { Tenants } from '@core/tenants';
import { DEFAULT_ROUTING_DIR } from '../../subgraphs/services/src/config';
import { openFeedCursors } from '../../subgraphs/services/src/feed/cursor-store';
import { FeedPoller } from '../../subgraphs/services/src/feed/poller';
import { loadServiceRoutings } from '../../subgraphs/services/src/routing/services-file';
import { createServicesServer } from '../../subgraphs/services/src/server';
import { requestSources } from '../../subgraphs/services/src/sources';
import { registerServicesHandlers } from '../../subgraphs/services/src/writers';

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

export interface ServicesInProcess {
  url: string;
  adminUrl: string;
  ports: ServicesPorts;
  stop(): Promise<void>;
}

export async function startServices(storage: LegacyStorage, options: { verifier: HopVerifier; tenants: Tenants; logger: Logger; ports?: ServicesPorts }): Promise<ServicesInProcess> {
  // jemput-bola's folders and its seeded register (idempotent: a provisioned tree is left as it is).
  await provisionFileEmulator(createJemputBolaApp({ regencyCode: SITE.regencyCode, timeZone: SITE.timeZone }), storage, TEST_WORLD, {});
  for (const emulator of [kecamatanEmulator, legalisirEmulator]) await provisionSqlEmulator(emulator, storage, TEST_WORLD, { force: false, progress: silentProgress });
  const siak = connectSiak(storage, { timeoutMs: 5_000, timeZone: SITE.timeZone });
  const portalOnline = connectPortalOnline(storage, { regencyCode: SITE.regencyCode, timeZone: SITE.timeZone, timeoutMs: 5_000 });
  const sirena = connectSirena(storage, { timeZone: SITE.timeZone, timeoutMs: 5_000 });
  const jemputBola = connectJemputBola(storage, { timeoutMs: 5_000 });
  const kecamatan = connectKecamatan(storage, { regencyCode: SITE.regencyCode, timeZone: SITE.timeZone, timeoutMs: 5_000, changeSettleMs: 0 });
  const legalisir = connectLegalisir(storage, { regencyCode: SITE.regencyCode, timeZone: SITE.timeZone, timeoutMs: 5_000, changeSettleMs: 0 });
  const audit = new AuditWriter(await openAuditStore(storage));
  const store = await openOutboxStore('services', storage);
  const dispatcher = registerServicesHandlers(new OutboxDispatcher(store, { pollIntervalMs: 50, backoff: { initialMs: 50, maxMs: 200 } }, options.logger), { portalOnline: portalOnline.port, sirena: sirena.port, kecamatan: kecamatan.port, legalisir: legalisir.port });
  dispatcher.start();
  const mutations = new OutboxMutations(store, dispatcher, { waitForDeliveryMs: 3_000 });
  const sources = requestSources({ portalOnline: portalOnline.port, sirena: sirena.port, jemputBola: jemputBola.port, kecamatan: kecamatan.port, legalisir: legalisir.port });
  const cursors = await openFeedCursors(storage);
  const flow = await openEventFlow('services', { storage, logger: options.logger });
  const poller = new FeedPoller(sources, cursors, flow, { tenant: SITE.tenant, timeZone: SITE.timeZone, intervalMs: 200, logger: options.logger });
  poller.start();
  const server = await createServicesServer(
    {
      sources, siak: siak.port, mutations, audit, tenants: options.tenants, routings: loadServiceRoutings(options.tenants, DEFAULT_ROUTING_DIR), logger: options.logger,
      counters: { kecamatan: kecamatan.port, legalisir: legalisir.port },
      readiness: {
        'portal-online': { ping: (d) => portalOnline.port.ping(d) },
        sirena: { ping: (d) => sirena.port.ping(d) },
        'jemput-bola': { ping: (d) => jemputBola.port.ping(d) },
        kecamatan: { ping: (d) => kecamatan.port.ping(d) },
        legalisir: { ping: (d) => legalisir.port.ping(d) },
      },
    },
    { verifier: options.verifier, maxDeadlineMs: 30_000, readinessCacheMs: 0 },
  );
  const http = await listen(server.http, options.ports?.http ?? 0, '127.0.0.1');
  const admin = await listen(server.admin, options.ports?.admin ?? 0, '127.0.0.1');
  return {
    url: http.url,
    adminUrl: admin.url,
    ports: { http: Number(new URL(http.url).port), admin: Number(new URL(admin.url).port) },
    async stop() {
      server.http.closeAllConnections();
      await Promise.all([http.close(), admin.close()]);
      await server.apollo.stop();
      await poller.stop();
      await dispatcher.stop();
      await Promise.all([store.close(), cursors.close(), flow.close()]);
      await audit.close();
      await Promise.all([siak.client.close(), portalOnline.client.close(), sirena.client.close(), kecamatan.client.close(), legalisir.client.close()]);
    },
  };
}
