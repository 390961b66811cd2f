import type { ApolloServer } from '@apollo/server';
import type { Knex } from 'knex';
import { connectAktaCerai, type AktaCeraiConnection } from '@adapters/akta-cerai';
import { connectAktaKawin, type AktaKawinConnection } from '@adapters/akta-kawin';
import { connectAktaLahir, type AktaLahirConnection } from '@adapters/akta-lahir';
import { connectAktaMati, type AktaMatiConnection } from '@adapters/akta-mati';
import { connectCapilPerubahan, type CapilPerubahanConnection } from '@adapters/capil-perubahan';
import { connectSiak, type SiakConnection, type SiakDeathRecorder } from '@adapters/siak';
import { AuditWriter, openAuditStore } from '@core/audit';
import { deadlineIn } from '@core/deadline';
import { createLogger } from '@core/log';
import { locateOutboxDatabase, openOutboxStore, OutboxDispatcher, OutboxMutations, type OutboxStore } from '@core/outbox';
import { dropAppDatabase } from '@core/sql/app-database';
import { createSubgraphApollo, type SubgraphDefinition } from '@core/subgraph/subgraph-server';
import { Tenants } from '@core/tenants';
import { resilienceSettings } from '@adapters/base/resilience';
import { aktaCeraiEmulator } from '@sim/akta-cerai/emulator';
import { startAktaCerai } from '@sim/akta-cerai/server';
import { aktaKawinEmulator } from '@sim/akta-kawin/emulator';
import { startAktaKawin, type RunningSoapApp } from '@sim/akta-kawin/server';
import { aktaLahirEmulator } from '@sim/akta-lahir/emulator';
import { aktaMatiEmulator } from '@sim/akta-mati/emulator';
import { provisionFileEmulator } from '@sim/base/files/provision';
import { createCapilPerubahanApp } from '@sim/capil-perubahan/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { ADMINISTRATOR_REQUEST } from '../../../tests/support/principals';
import type { CivilRegistryContext } from './context';
import { registerCivilRegistryHandlers } from './handlers';
import { civilRegistrySubgraph } from './server';

const SITE = { regencyCode: '36.74', timeZone: 'Asia/Jakarta', officer: 'GERBANG' };
const CREDENTIALS = { username: 'gerbang', password: 'sandi-civil-registry' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The civil-registry subgraph in-process over the real adapters and emulators (SQL, SOAP, files) and its outbox. */
describe(`civil-registry subgraph (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let siakDb: Knex;
  let matiDb: Knex;
  let siak: SiakConnection;
  let lahir: AktaLahirConnection;
  let mati: AktaMatiConnection;
  let kawinApp: RunningSoapApp;
  let kawin: AktaKawinConnection;
  let ceraiApp: RunningSoapApp;
  let cerai: AktaCeraiConnection;
  let capil: CapilPerubahanConnection;
  let audit: AuditWriter;
  let store: OutboxStore;
  let dispatcher: OutboxDispatcher;
  let definition: SubgraphDefinition<CivilRegistryContext>;
  let apollo: ApolloServer<CivilRegistryContext>;
  /** SIAK as the outbox reaches it: switched off to play an outage. */
  let siakUp = true;

  beforeAll(async () => {
    legacy = await seededStorage('civil-registry', [siakEmulator, aktaLahirEmulator, aktaMatiEmulator, aktaKawinEmulator, aktaCeraiEmulator]);
    await provisionFileEmulator(createCapilPerubahanApp({ regencyCode: TEST_WORLD.regencyCode, timeZone: 'Asia/Jakarta' }), legacy.storage, TEST_WORLD, { force: true });
    siakDb = legacy.open('siak');
    matiDb = legacy.open('akta-mati');
    siak = connectSiak(legacy.storage, { timeoutMs: 5_000 });
    lahir = connectAktaLahir(legacy.storage, { ...SITE, timeoutMs: 5_000 });
    mati = connectAktaMati(legacy.storage, { ...SITE, timeoutMs: 5_000 });
    kawinApp = await startAktaKawin(legacy.storage, { port: 0, credentials: CREDENTIALS });
    kawin = connectAktaKawin({ url: kawinApp.url, credentials: CREDENTIALS, resilience: resilienceSettings({ timeoutMs: 3_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
    ceraiApp = await startAktaCerai(legacy.storage, { port: 0, credentials: CREDENTIALS });
    cerai = connectAktaCerai({ url: ceraiApp.url, credentials: CREDENTIALS, resilience: resilienceSettings({ timeoutMs: 3_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
    capil = connectCapilPerubahan(legacy.storage, { timeoutMs: 3_000 });
    audit = new AuditWriter(await openAuditStore(legacy.storage));
    store = await openOutboxStore('civil-registry', legacy.storage);
    const recorder: SiakDeathRecorder = {
      recordDeath: async (death, deadline) => {
        if (!siakUp) throw Object.assign(new Error('SIAK stopped'), { code: 'ECONNREFUSED' });
        return await siak.port.recordDeath(death, deadline);
      },
    };
    const registries = { aktaLahir: lahir.port, aktaMati: mati.port, aktaKawin: kawin.port, capilPerubahan: capil.port, aktaCerai: cerai.port };
    dispatcher = registerCivilRegistryHandlers(new OutboxDispatcher(store, { pollIntervalMs: 50, backoff: { initialMs: 50, maxMs: 100 } }), registries, recorder);
    dispatcher.start();
    const mutations = new OutboxMutations(store, dispatcher, { waitForDeliveryMs: 2_000 });
    definition = civilRegistrySubgraph({
      registries,
      siak: siak.port, mutations, audit, tenants: Tenants.load(), logger: createLogger('test', 'silent'),
      readiness: { siak: { ping: (d) => siak.port.ping(d) }, 'akta-kawin': { ping: (d) => kawin.port.ping(d), health: () => kawin.client.health() } },
    });
    apollo = createSubgraphApollo(definition);
    await apollo.start();
  });

  afterAll(async () => {
    await apollo?.stop();
    await dispatcher?.stop();
    await store?.close();
    await audit?.close();
    kawin?.client.close();
    await kawinApp?.close();
    cerai?.client.close();
    await ceraiApp?.close();
    await Promise.all([siak?.client.close(), lahir?.client.close(), mati?.client.close()]);
    if (legacy) await dropAppDatabase(locateOutboxDatabase('civil-registry', legacy.storage));
    await legacy?.cleanup();
  });

  async function run(query: string, variables: Record<string, unknown> = {}) {
    const contextValue = definition.buildContext({ requestId: 'test', ...ADMINISTRATOR_REQUEST }, deadlineIn(10_000));
    const response = await apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return { data: response.body.singleResult.data as Record<string, any> | null | undefined, errors: response.body.singleResult.errors };
  }

  const ENTITIES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resident { nik
    birthDeed { number childName birthDate mother { name } }
    deathDeed { number dateOfDeath cause }
    marriageDeeds { number husband { name } wife { name } }
    courtOrderedChanges { number change } } } }`;

  it('gives many residents their deeds with one legacy call per registry', async () => {
    const withBirth = (await legacy.open('akta-lahir')('CAPIL_LAHIR').select('NIK_ANAK').whereNotNull('NIK_ANAK').limit(5)) as Array<{ NIK_ANAK: string }>;
    const withDeath = (await matiDb('CAPIL_MATI').select('NIK').limit(2)) as Array<{ NIK: string }>;
    const niks = [...withBirth.map((r) => r.NIK_ANAK), ...withDeath.map((r) => r.NIK)];
    const before = { lahir: lahir.client.statementCount, mati: mati.client.statementCount, kawin: kawin.client.callCount };
    const { data, errors } = await run(ENTITIES, { reps: niks.map((nik) => ({ __typename: 'Resident', nik })) });
    expect(errors).toBeUndefined();
    expect(lahir.client.statementCount - before.lahir).toBe(1);
    expect(mati.client.statementCount - before.mati).toBe(1);
    expect(kawin.client.callCount - before.kawin).toBe(1);
    const residents = data!._entities as Array<Record<string, any>>;
    expect(residents.slice(0, withBirth.length).every((r) => /^\d{4}-LU-\d{8}-\d{4}$/.test(r.birthDeed.number))).toBe(true);
    expect(residents.slice(withBirth.length).every((r) => /^3674-KM-\d{8}-\d{4}$/.test(r.deathDeed.number))).toBe(true);
  });

  it('finds a death deed by number and refuses a malformed number with a reason', async () => {
    const row = (await matiDb('CAPIL_MATI').select('NO_AKTA_MATI', 'NIK').first()) as { NO_AKTA_MATI: string; NIK: string };
    const { data, errors } = await run('query ($n: String!) { deathDeed(number: $n) { number nik } }', { n: row.NO_AKTA_MATI });
    expect(errors).toBeUndefined();
    expect(data!.deathDeed).toEqual({ number: row.NO_AKTA_MATI, nik: row.NIK });
    const bad = await run('{ deathDeed(number: "3674-LU-01012020-0001") { number } }');
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'number', reason: 'WRONG_REGISTER' });
  });

  const REGISTER = `mutation ($key: String!, $input: RegisterDeathInput!) { registerDeath(idempotencyKey: $key, input: $input) {
    reference replayed state deliveries { app state attempts errorCode } deed { number nik dateOfDeath } } }`;
  const livingResident = async (offset: number) =>
    ((await siakDb('BIODATA_WNI').select('NIK').where('STAT_HIDUP', 1).orderBy('NIK').offset(offset).first()) as { NIK: string }).NIK;
  const input = (nik: string) => ({ nik, dateOfDeath: '2025-03-01', timeOfDeath: '08:15', placeOfDeath: 'rumah', cause: 'ILLNESS', reporterName: 'Budi Santoso' });
  const statHidup = async (nik: string) => Number(((await siakDb('BIODATA_WNI').where({ NIK: nik }).first()) as { STAT_HIDUP: number }).STAT_HIDUP);
  const deedsOf = async (nik: string) => (await matiDb('CAPIL_MATI').where({ NIK: nik })) as unknown[];

  it('registers a death in akta-mati and SIAK; a repeat with the same key writes nothing', async () => {
    const nik = await livingResident(3);
    const first = await run(REGISTER, { key: 'death-all-up', input: input(nik) });
    expect(first.errors).toBeUndefined();
    expect(first.data!.registerDeath).toMatchObject({ replayed: false, state: 'DELIVERED', deed: { nik, dateOfDeath: '2025-03-01' } });
    expect(await statHidup(nik)).toBe(2);
    expect(await deedsOf(nik)).toHaveLength(1);
    const again = await run(REGISTER, { key: 'death-all-up', input: input(nik) });
    expect(again.data!.registerDeath).toMatchObject({ replayed: true, state: 'DELIVERED', deed: { number: first.data!.registerDeath.deed.number } });
    expect(await deedsOf(nik)).toHaveLength(1);
  });

  it('answers with the deed and SIAK PENDING while SIAK is down, then delivers exactly once', async () => {
    const nik = await livingResident(5);
    siakUp = false;
    try {
      const { data, errors } = await run(REGISTER, { key: 'death-siak-down', input: input(nik) });
      expect(errors).toBeUndefined();
      const registration = data!.registerDeath;
      expect(registration.state).toBe('PENDING');
      expect(registration.deed.nik).toBe(nik);
      expect(registration.deliveries).toEqual(expect.arrayContaining([
        expect.objectContaining({ app: 'akta-mati', state: 'DELIVERED' }),
        expect.objectContaining({ app: 'siak', state: 'PENDING' }),
      ]));
      expect(await statHidup(nik)).toBe(1);
    } finally {
      siakUp = true;
    }
    for (let i = 0; i < 100 && (await statHidup(nik)) !== 2; i++) await sleep(50);
    expect(await statHidup(nik)).toBe(2);
    // SIAK shows the death as soon as its write commits; the outbox marks the delivery a moment
    // later, once SIAK has answered (a loaded CI machine read PENDING in between).
    const state = async () => (await run('{ deathRegistration(idempotencyKey: "death-siak-down") { state deliveries { app state } } }')).data!.deathRegistration.state as string;
    for (let i = 0; i < 100 && (await state()) !== 'DELIVERED'; i++) await sleep(50);
    expect(await state()).toBe('DELIVERED');
    expect(await deedsOf(nik)).toHaveLength(1);
  });

  it.each([
    [{ dateOfDeath: '2999-01-01' }, 'input.dateOfDeath', 'IN_THE_FUTURE'],
    [{ dateOfDeath: '2025-02-30' }, 'input.dateOfDeath', 'BAD_DATE'],
    [{ nik: '12345' }, 'input.nik', 'NOT_16_DIGITS'],
    [{ timeOfDeath: '25:00' }, 'input.timeOfDeath', 'BAD_TIME'],
    [{ nik: '3674011708850999' }, 'input.nik', 'UNKNOWN_NIK'],
  ])('refuses %j with BAD_USER_INPUT and releases the key', async (change, argument, reason) => {
    const nik = await livingResident(7);
    const key = `bad-${reason}`;
    const { errors } = await run(REGISTER, { key, input: { ...input(nik), ...change } });
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument, reason });
    expect(await store.status('tangsel', key)).toBeUndefined();
  });
});
