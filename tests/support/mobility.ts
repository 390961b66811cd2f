import { connectOrangAsing } from '@adapters/orang-asing';
import { connectPindahDatang } from '@adapters/pindah-datang';
import { connectPindahKeluar } from '@adapters/pindah-keluar';
import { resilienceSettings } from '@adapters/base/resilience';
import { connectSiak } from '@adapters/siak';
import type { LegacyStorage } from '@core/config/shared';
import type { HopVerifier } from '@core/context/hop-keys';
import { AuditWriter, openAuditStore } from '@core/audit';
import { listen } from '@core/http/graphql-server';
import type { Logger } from '@core/log';
import { openOutboxStore, OutboxDispatcher, OutboxMutations } from '@core/outbox';
import type { Tenants } from '@core/tenants';
import { startPindahDatang, type RunningPindahDatang } from '@sim/pindah-datang/server';
import { startPindahKeluar, type RunningPindahKeluar } from '@sim/pindah-keluar/server';
import { registerMobilityHandlers } from '../../subgraphs/mobility/src/handlers';
import { createMobilityServer } from '../../subgraphs/mobility/src/server';

const SITE = { regencyCode: '36.74', timeZone: 'Asia/Jakarta', officer: 'GERBANG' };
const PINDAH_KELUAR_KEY = 'kunci-pindah-keluar-uji';
const PINDAH_DATANG_KEY = 'kunci-pindah-datang-uji';

/**
 * The mobility subgraph in this process, as its index.ts runs it, over the real estate: SIAK and
 * orang-asing in the test storage, the REST applications (pindah-keluar, pindah-datang) on their
 * own ports, and its outbox with a short poll and backoff. Tests stop and restart the REST apps
 * through `apps` (`stop()`, `restart()` on the same port).
 */
export interface MobilityPorts {
  http: number;
  admin: number;
  pindahKeluar: number;
  pindahDatang: number;
}

export interface MobilityInProcess {
  url: string;
  adminUrl: string;
  /** Where it listens: pass them to start it again in the same place (a restart). */
  ports: MobilityPorts;
  apps: { pindahKeluar: RunningPindahKeluar; pindahDatang: RunningPindahDatang };
  stop(): Promise<void>;
}

export async function startMobility(storage: LegacyStorage, options: { verifier: HopVerifier; tenants: Tenants; logger: Logger; ports?: MobilityPorts }): Promise<MobilityInProcess> {
  const quiet = () => undefined;
  const pindahKeluarApp = await startPindahKeluar(storage, { port: options.ports?.pindahKeluar ?? 0, apiKey: PINDAH_KELUAR_KEY, regencyCode: SITE.regencyCode, listSlowMs: 50, log: quiet });
  const pindahDatangApp = await startPindahDatang(storage, { port: options.ports?.pindahDatang ?? 0, apiKey: PINDAH_DATANG_KEY, regencyCode: SITE.regencyCode, listSlowMs: 50, log: quiet });
  const resilience = () => resilienceSettings({ timeoutMs: 3_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 });
  const siak = connectSiak(storage, { timeoutMs: 5_000, timeZone: SITE.timeZone });
  const orangAsing = connectOrangAsing(storage, { ...SITE, timeoutMs: 5_000 });
  const pindahKeluar = connectPindahKeluar({ baseUrl: pindahKeluarApp.url, apiKey: PINDAH_KELUAR_KEY, resilience: resilience() });
  const pindahDatang = connectPindahDatang({ baseUrl: pindahDatangApp.url, apiKey: PINDAH_DATANG_KEY, resilience: resilience() });
  const audit = new AuditWriter(await openAuditStore(storage));
  const store = await openOutboxStore('mobility', storage);
  const apps = { pindahKeluar: pindahKeluar.port, pindahDatang: pindahDatang.port, orangAsing: orangAsing.port };
  const dispatcher = registerMobilityHandlers(new OutboxDispatcher(store, { pollIntervalMs: 50, backoff: { initialMs: 50, maxMs: 200 } }, options.logger), { ...apps, siak: siak.port });
  dispatcher.start();
  const mutations = new OutboxMutations(store, dispatcher, { waitForDeliveryMs: 3_000 });
  const server = await createMobilityServer(
    {
      apps,
      siak: siak.port,
      mutations,
      audit,
      tenants: options.tenants,
      logger: options.logger,
      readiness: {
        siak: { ping: (d) => siak.port.ping(d) },
        'pindah-keluar': { ping: (d) => pindahKeluar.port.ping(d), health: () => pindahKeluar.client.health() },
        'pindah-datang': { ping: (d) => pindahDatang.port.ping(d), health: () => pindahDatang.client.health() },
        'orang-asing': { ping: (d) => orangAsing.port.ping(d) },
      },
    },
    { verifier: options.verifier, maxDeadlineMs: 30_000, readinessCacheMs: 0 },
  );
  const http = await listen(server.http, options.ports?.http ?? 0, '127.0.0.1');
  const admin = await listen(server.admin, options.ports?.admin ?? 0, '127.0.0.1');
  return {
    url: http.url,
    adminUrl: admin.url,
    ports: { http: Number(new URL(http.url).port), admin: Number(new URL(admin.url).port), pindahKeluar: pindahKeluarApp.port, pindahDatang: pindahDatangApp.port },
    apps: { pindahKeluar: pindahKeluarApp, pindahDatang: pindahDatangApp },
    async stop() {
      server.http.closeAllConnections();
      await Promise.all([http.close(), admin.close()]);
      await server.apollo.stop();
      await dispatcher.stop();
      await store.close();
      await audit.close();
      pindahKeluar.client.close();
      pindahDatang.client.close();
      await Promise.all([pindahKeluarApp.close(), pindahDatangApp.close()]);
      await Promise.all([siak.client.close(), orangAsing.client.close()]);
    },
  };
}
