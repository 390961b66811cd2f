import type { ApolloServer } from '@apollo/server';
import type { Knex } from 'knex';
import { connectOrangAsing, type OrangAsingConnection } from '@adapters/orang-asing';
import { connectPindahDatang, type PindahDatangConnection } from '@adapters/pindah-datang';
import { connectPindahKeluar, type PindahKeluarConnection } from '@adapters/pindah-keluar';
import { resilienceSettings } from '@adapters/base/resilience';
import { connectSiak, type SiakConnection } from '@adapters/siak';
import { AuditWriter, openAuditStore } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import { deadlineIn } from '@core/deadline';
import { createLogger } from '@core/log';
import { locateOutboxDatabase, openOutboxStore, OutboxDispatcher, OutboxMutations, type OutboxStore } from '@core/outbox';
import { dropAppDatabase } from '@core/sql/app-database';
import { createSubgraphApollo, type SubgraphDefinition } from '@core/subgraph/subgraph-server';
import { Tenants } from '@core/tenants';
import { orangAsingEmulator } from '@sim/orang-asing/emulator';
import { pindahDatangEmulator } from '@sim/pindah-datang/emulator';
import { startPindahDatang, type RunningPindahDatang } from '@sim/pindah-datang/server';
import { pindahKeluarEmulator } from '@sim/pindah-keluar/emulator';
import { startPindahKeluar, type RunningPindahKeluar } from '@sim/pindah-keluar/server';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { ADMINISTRATOR_REQUEST } from '../../../tests/support/principals';
import type { MobilityContext } from './context';
import { registerMobilityHandlers } from './handlers';
import { mobilitySubgraph } from './server';

/**
 * The mobility subgraph in-process over the real estate, for its own tests: SIAK and orang-asing
 * in a fresh seeded storage (SQLite or MariaDB), pindah-keluar and pindah-datang running on their
 * own ports, a real outbox with a short poll and backoff. `run` executes an operation as a caller
 * (the context the subgraph builds from a verified hop token); `db` opens an application's own
 * database, as its officers see it.
 */
export const SITE = { regencyCode: '36.74', timeZone: 'Asia/Jakarta', officer: 'GERBANG' };
const KEY = 'kunci-uji-mobility';

export type Caller = Omit<RequestContext, 'requestId'>;

/** A GraphQL answer as tests read it: fields by name, checked by the tests' own expectations. */
export interface Answer {
  data: Record<string, any> | null | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any -- shapes vary per operation
  errors: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> | undefined;
}

export interface MobilityEstate {
  legacy: TestLegacyStorage;
  db: { siak: Knex; pindahKeluar: Knex; pindahDatang: Knex; orangAsing: Knex };
  siak: SiakConnection;
  pindahKeluar: PindahKeluarConnection;
  pindahDatang: PindahDatangConnection;
  orangAsing: OrangAsingConnection;
  apps: { pindahKeluar: RunningPindahKeluar; pindahDatang: RunningPindahDatang };
  store: OutboxStore;
  audit: AuditWriter;
  run(query: string, variables?: Record<string, unknown>, as?: Caller): Promise<Answer>;
  close(): Promise<void>;
}

export async function startMobilityEstate(suite: string): Promise<MobilityEstate> {
  const legacy = await seededStorage(suite, [siakEmulator, pindahKeluarEmulator, pindahDatangEmulator, orangAsingEmulator]);
  // A fresh outbox: on MariaDB its database outlives a run, and keys must not answer an old run's results.
  await dropAppDatabase(locateOutboxDatabase('mobility', legacy.storage));
  const resilience = () => resilienceSettings({ timeoutMs: 3_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 });
  const quiet = () => undefined;
  const keluarApp = await startPindahKeluar(legacy.storage, { port: 0, apiKey: KEY, listSlowMs: 50, log: quiet });
  const datangApp = await startPindahDatang(legacy.storage, { port: 0, apiKey: KEY, listSlowMs: 50, log: quiet });
  const siak = connectSiak(legacy.storage, { timeoutMs: 5_000, timeZone: SITE.timeZone });
  const orangAsing = connectOrangAsing(legacy.storage, { ...SITE, timeoutMs: 5_000 });
  const pindahKeluar = connectPindahKeluar({ baseUrl: keluarApp.url, apiKey: KEY, resilience: resilience() });
  const pindahDatang = connectPindahDatang({ baseUrl: datangApp.url, apiKey: KEY, resilience: resilience() });
  const audit = new AuditWriter(await openAuditStore(legacy.storage));
  const store = await openOutboxStore('mobility', legacy.storage);
  const apps = { pindahKeluar: pindahKeluar.port, pindahDatang: pindahDatang.port, orangAsing: orangAsing.port };
  const dispatcher = registerMobilityHandlers(new OutboxDispatcher(store, { pollIntervalMs: 50, backoff: { initialMs: 50, maxMs: 200 } }, createLogger('test', 'silent')), { ...apps, siak: siak.port });
  dispatcher.start();
  const definition: SubgraphDefinition<MobilityContext> = mobilitySubgraph({
    apps, siak: siak.port, mutations: new OutboxMutations(store, dispatcher, { waitForDeliveryMs: 3_000 }), audit,
    tenants: Tenants.load(), logger: createLogger('test', 'silent'), readiness: {},
  });
  const apollo: ApolloServer<MobilityContext> = createSubgraphApollo(definition);
  await apollo.start();
  return {
    legacy,
    db: { siak: legacy.open('siak'), pindahKeluar: legacy.open('pindah-keluar'), pindahDatang: legacy.open('pindah-datang'), orangAsing: legacy.open('orang-asing') },
    siak, pindahKeluar, pindahDatang, orangAsing,
    apps: { pindahKeluar: keluarApp, pindahDatang: datangApp },
    store,
    audit,
    async run(query, variables = {}, as = ADMINISTRATOR_REQUEST) {
      const contextValue = definition.buildContext({ requestId: 'test', ...as }, deadlineIn(15_000));
      const response = await apollo.executeOperation({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return { data: response.body.singleResult.data as Answer['data'], errors: response.body.singleResult.errors as Answer['errors'] };
    },
    async close() {
      await apollo.stop();
      await dispatcher.stop();
      await store.close();
      await audit.close();
      pindahKeluar.client.close();
      pindahDatang.client.close();
      await Promise.all([keluarApp.close(), datangApp.close()]);
      await Promise.all([siak.client.close(), orangAsing.client.close()]);
      await dropAppDatabase(locateOutboxDatabase('mobility', legacy.storage));
      await legacy.cleanup();
    },
  };
}
