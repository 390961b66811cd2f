import { connectArsip } from '@adapters/arsip';
import { resilienceSettings } from '@adapters/base/resilience';
import { connectSiak } from '@adapters/siak';
import { connectTte } from '@adapters/tte';
import type { LegacyStorage } from '@core/config/shared';
import type { HopVerifier } from '@core/context/hop-keys';
import { AuditWriter, openAuditStore } from '@core/audit';
import { locateAppFolders } from '@core/files/app-folders';
import { listen } from '@core/http/graphql-server';
import type { Logger } from '@core/log';
import { openOutboxStore, OutboxDispatcher, OutboxMutations } from '@core/outbox';
import type { Tenants } from '@core/tenants';
import { provisionArsipFiles } from '@sim/arsip/files';
import { startTte, type RunningTte } from '@sim/tte/server';
import { registerDocumentsHandlers } from '../../subgraphs/documents/src/handlers';
import { createDocumentsServer, type DocumentsServer } from '../../subgraphs/documents/src/server';

const TIME_ZONE = 'Asia/Jakarta';
const TTE_API_KEY = 'kunci-tte-e2e';
/** Small enough for tests to pass it quickly, large enough for any seeded file. */
const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

/**
 * The documents subgraph in this process, as its index.ts runs it, over the real estate: tte's REST
 * emulator on its own port, arsip's table and folder in the test storage (tte and arsip provisioned
 * by the caller with the SQL emulators; arsip's files written here if missing), SIAK, the audit
 * trail and its outbox (short poll and backoff). Tests stop and restart tte through `apps`.
 */
export interface DocumentsPorts {
  http: number;
  admin: number;
  tte: number;
}

export interface DocumentsInProcess {
  url: string;
  adminUrl: string;
  /** Where it listens: pass them to start it again in the same place (a restart). */
  ports: DocumentsPorts;
  apps: { tte: RunningTte };
  /** arsip's folder: tests damage or list files there. */
  archiveFolder: string;
  /** The largest upload arsip takes here. */
  maxUploadBytes: number;
  /** For tests that call the upload handler or the definition directly. */
  server: DocumentsServer;
  stop(): Promise<void>;
}

export async function startDocuments(storage: LegacyStorage, options: { verifier: HopVerifier; tenants: Tenants; logger: Logger; ports?: DocumentsPorts }): Promise<DocumentsInProcess> {
  await provisionArsipFiles(storage);
  const tteApp = await startTte(storage, { port: options.ports?.tte ?? 0, apiKey: TTE_API_KEY });
  const tte = connectTte({ baseUrl: tteApp.url, apiKey: TTE_API_KEY, resilience: resilienceSettings({ timeoutMs: 3_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
  const siak = connectSiak(storage, { timeoutMs: 5_000, timeZone: TIME_ZONE });
  const archiveFolder = locateAppFolders('arsip', storage).archive;
  const arsip = connectArsip(storage, { timeoutMs: 5_000, maxBytes: MAX_UPLOAD_BYTES, officer: 'GERBANG', timeZone: TIME_ZONE, archiveFolder });
  const audit = new AuditWriter(await openAuditStore(storage));
  const store = await openOutboxStore('documents', storage);
  const dispatcher = registerDocumentsHandlers(new OutboxDispatcher(store, { pollIntervalMs: 50, backoff: { initialMs: 50, maxMs: 200 } }, options.logger), tte.port);
  dispatcher.start();
  const mutations = new OutboxMutations(store, dispatcher, { waitForDeliveryMs: 2_000 });
  const server = await createDocumentsServer(
    {
      tte: tte.port,
      arsip: arsip.port,
      siak: siak.port,
      mutations,
      audit,
      tenants: options.tenants,
      logger: options.logger,
      readiness: {
        tte: { ping: (d) => tte.port.ping(d), health: () => tte.client.health() },
        arsip: { ping: (d) => arsip.port.ping(d) },
        siak: { ping: (d) => siak.port.ping(d) },
      },
    },
    { verifier: options.verifier, maxDeadlineMs: 60_000, readinessCacheMs: 0 },
  );
  const http = await listen(server.http, options.ports?.http ?? 0, '127.0.0.1');
  const admin = await listen(server.admin, options.ports?.admin ?? 0, '127.0.0.1');
  return {
    url: http.url,
    adminUrl: admin.url,
    ports: { http: Number(new URL(http.url).port), admin: Number(new URL(admin.url).port), tte: tteApp.port },
    apps: { tte: tteApp },
    archiveFolder,
    maxUploadBytes: MAX_UPLOAD_BYTES,
    server,
    async stop() {
      server.http.closeAllConnections();
      await Promise.all([http.close(), admin.close()]);
      await server.apollo.stop();
      await dispatcher.stop();
      await store.close();
      await audit.close();
      tte.client.close();
      await tteApp.close();
      await Promise.all([siak.client.close(), arsip.client.close()]);
    },
  };
}
