import { connectAktaCerai } from '@adapters/akta-cerai';
import { connectAktaKawin } from '@adapters/akta-kawin';
import { connectAktaLahir } from '@adapters/akta-lahir';
import { connectAktaMati } from '@adapters/akta-mati';
import { resilienceSettings } from '@adapters/base/resilience';
import { connectCapilPerubahan } from '@adapters/capil-perubahan';
import { connectSiak } from '@adapters/siak';
import type { LegacyStorage } from '@core/config/shared';
import type { HopVerifier } from '@core/context/hop-keys';
import { AuditWriter, openAuditStore } from '@core/audit';
import { locateAppFolders } from '@core/files/app-folders';
import { listen } from '@core/http/graphql-server';
import type { Logger } from '@core/log';
import { openOutboxStore, OutboxDispatcher, OutboxMutations } from '@core/outbox';
import type { Tenants } from '@core/tenants';
import { BatchJob } from '@sim/base/files/batch-job';
import { provisionFileEmulator } from '@sim/base/files/provision';
import { parseSchedule } from '@sim/base/files/schedule';
import { startAktaCerai } from '@sim/akta-cerai/server';
import { startAktaKawin, type RunningSoapApp } from '@sim/akta-kawin/server';
import { createCapilPerubahanApp } from '@sim/capil-perubahan/emulator';
import { registerCivilRegistryHandlers } from '../../subgraphs/civil-registry/src/handlers';
import { createCivilRegistryServer } from '../../subgraphs/civil-registry/src/server';
import { TEST_WORLD } from './legacy-databases';

const SITE = { regencyCode: '36.74', timeZone: 'Asia/Jakarta', officer: 'GERBANG' };
const CREDENTIALS = { username: 'gerbang', password: 'sandi-civil-registry' };

/**
 * The civil-registry subgraph in this process, as its index.ts runs it, over the real estate: its
 * SQL registries in the test storage, the SOAP registries (akta-kawin, akta-cerai) on their own
 * ports, capil-perubahan's batch job on a short schedule, and its outbox. Tests stop and restart
 * the apps through `apps`.
 */
export interface CivilRegistryPorts {
  http: number;
  admin: number;
  aktaKawin: number;
  aktaCerai: number;
}

export interface CivilRegistryInProcess {
  url: string;
  adminUrl: string;
  /** Where it listens: pass them to start it again in the same place (a restart). */
  ports: CivilRegistryPorts;
  apps: { aktaKawin: RunningSoapApp; aktaCerai: RunningSoapApp; capilBatch: BatchJob };
  stop(): Promise<void>;
}

export async function startCivilRegistry(storage: LegacyStorage, options: { verifier: HopVerifier; tenants: Tenants; logger: Logger; ports?: CivilRegistryPorts }): Promise<CivilRegistryInProcess> {
  const capilApp = createCapilPerubahanApp({ regencyCode: TEST_WORLD.regencyCode, timeZone: SITE.timeZone });
  await provisionFileEmulator(capilApp, storage, TEST_WORLD, {});
  const capilBatch = new BatchJob(capilApp, locateAppFolders(capilApp.id, storage), { schedule: parseSchedule('every 200ms', SITE.timeZone) });
  capilBatch.start();
  const aktaKawinApp = await startAktaKawin(storage, { port: options.ports?.aktaKawin ?? 0, credentials: CREDENTIALS });
  const aktaCeraiApp = await startAktaCerai(storage, { port: options.ports?.aktaCerai ?? 0, credentials: CREDENTIALS });
  const resilience = resilienceSettings({ timeoutMs: 3_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 });
  const siak = connectSiak(storage, { timeoutMs: 5_000, timeZone: SITE.timeZone });
  const aktaLahir = connectAktaLahir(storage, { ...SITE, timeoutMs: 5_000 });
  const aktaMati = connectAktaMati(storage, { ...SITE, timeoutMs: 5_000 });
  const aktaKawin = connectAktaKawin({ url: aktaKawinApp.url, credentials: CREDENTIALS, resilience });
  const aktaCerai = connectAktaCerai({ url: aktaCeraiApp.url, credentials: CREDENTIALS, resilience });
  const capil = connectCapilPerubahan(storage, { timeoutMs: 3_000 });
  const audit = new AuditWriter(await openAuditStore(storage));
  const store = await openOutboxStore('civil-registry', storage);
  const registries = { aktaLahir: aktaLahir.port, aktaMati: aktaMati.port, aktaKawin: aktaKawin.port, capilPerubahan: capil.port, aktaCerai: aktaCerai.port };
  const dispatcher = registerCivilRegistryHandlers(new OutboxDispatcher(store, { pollIntervalMs: 50, backoff: { initialMs: 50, maxMs: 200 } }, options.logger), registries, siak.port);
  dispatcher.start();
  const mutations = new OutboxMutations(store, dispatcher, { waitForDeliveryMs: 2_000 });
  const server = await createCivilRegistryServer(
    {
      registries,
      siak: siak.port,
      mutations,
      audit,
      tenants: options.tenants,
      logger: options.logger,
      readiness: {
        siak: { ping: (d) => siak.port.ping(d) },
        'akta-lahir': { ping: (d) => aktaLahir.port.ping(d) },
        'akta-mati': { ping: (d) => aktaMati.port.ping(d) },
        'akta-kawin': { ping: (d) => aktaKawin.port.ping(d), health: () => aktaKawin.client.health() },
        'akta-cerai': { ping: (d) => aktaCerai.port.ping(d), health: () => aktaCerai.client.health() },
        'capil-perubahan': { ping: (d) => capil.port.ping(d) },
      },
    },
    { verifier: options.verifier, maxDeadlineMs: 30_000, readinessCacheMs: 0 },
  );
  const http = await listen(server.http, options.ports?.http ?? 0, '127.0.0.1');
  const admin = await listen(server.admin, options.ports?.admin ?? 0, '127.0.0.1');
  return {
    url: http.url,
    adminUrl: admin.url,
    ports: { http: Number(new URL(http.url).port), admin: Number(new URL(admin.url).port), aktaKawin: aktaKawinApp.port, aktaCerai: aktaCeraiApp.port },
    apps: { aktaKawin: aktaKawinApp, aktaCerai: aktaCeraiApp, capilBatch },
    async stop() {
      server.http.closeAllConnections();
      await Promise.all([http.close(), admin.close()]);
      await server.apollo.stop();
      await dispatcher.stop();
      await store.close();
      await audit.close();
      aktaKawin.client.close();
      aktaCerai.client.close();
      await Promise.all([aktaKawinApp.close(), aktaCeraiApp.close(), capilBatch.stop()]);
      await Promise.all([siak.client.close(), aktaLahir.client.close(), aktaMati.client.close()]);
    },
  };
}
