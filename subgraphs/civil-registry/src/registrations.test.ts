import type { ApolloServer } from '@apollo/server';
import type { Knex } from 'knex';
import { connectAktaCerai, type AktaCeraiConnection } from '@adapters/akta-cerai';
import { connectAktaKawin, type AktaKawinConnection } from '@adapters/akta-kawin';
import { connectAktaLahir, type AktaLahirConnection } from '@adapters/akta-lahir';
import { connectAktaMati, type AktaMatiConnection } from '@adapters/akta-mati';
import { connectCapilPerubahan, type CapilPerubahanConnection } from '@adapters/capil-perubahan';
import { connectSiak, type SiakConnection, type Resident } from '@adapters/siak';
import { resilienceSettings } from '@adapters/base/resilience';
import { AuditWriter, openAuditStore } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import { deadlineIn } from '@core/deadline';
import { locateAppFolders } from '@core/files/app-folders';
import { createLogger } from '@core/log';
import { openOutboxStore, OutboxDispatcher, OutboxMutations, type OutboxStore } from '@core/outbox';
import { createSubgraphApollo, type SubgraphDefinition } from '@core/subgraph/subgraph-server';
import { Tenants, todayIn } from '@core/tenants';
import { aktaCeraiEmulator } from '@sim/akta-cerai/emulator';
import { startAktaCerai } from '@sim/akta-cerai/server';
import { aktaKawinEmulator } from '@sim/akta-kawin/emulator';
import { startAktaKawin, type RunningSoapApp } from '@sim/akta-kawin/server';
import { aktaLahirEmulator } from '@sim/akta-lahir/emulator';
import { aktaMatiEmulator } from '@sim/akta-mati/emulator';
import { BatchJob } from '@sim/base/files/batch-job';
import { provisionFileEmulator } from '@sim/base/files/provision';
import { parseSchedule } from '@sim/base/files/schedule';
import { createCapilPerubahanApp } from '@sim/capil-perubahan/emulator';
import { readRegister } from '@sim/capil-perubahan/register';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { ADMINISTRATOR_REQUEST, principalFor } from '../../../tests/support/principals';
import type { CivilRegistryContext } from './context';
import { registerCivilRegistryHandlers } from './handlers';
import { civilRegistrySubgraph } from './server';

const SITE = { regencyCode: '36.74', timeZone: 'Asia/Jakarta', officer: 'GERBANG' };
const CREDENTIALS = { username: 'gerbang', password: 'sandi-civil-registry' };
const resilience = () => resilienceSettings({ timeoutMs: 3_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 });

/**
 * registerBirth, registerMarriage and fileCourtOrderedChange through the outbox to the real
 * emulators (SQL, SOAP, files), and the divorce registry's reads; every write asserted in the
 * application's own storage.
 */
describe(`civil-registry registrations (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let siakDb: Knex;
  let lahirDb: Knex;
  let kawinDb: Knex;
  let siak: SiakConnection;
  let lahir: AktaLahirConnection;
  let mati: AktaMatiConnection;
  let kawinApp: RunningSoapApp;
  let kawin: AktaKawinConnection;
  let ceraiApp: RunningSoapApp;
  let cerai: AktaCeraiConnection;
  let capil: CapilPerubahanConnection;
  let batchJob: BatchJob;
  let audit: AuditWriter;
  let store: OutboxStore;
  let dispatcher: OutboxDispatcher;
  let definition: SubgraphDefinition<CivilRegistryContext>;
  let apollo: ApolloServer<CivilRegistryContext>;

  beforeAll(async () => {
    legacy = await seededStorage('civil-registrations', [siakEmulator, aktaLahirEmulator, aktaMatiEmulator, aktaKawinEmulator, aktaCeraiEmulator]);
    const capilApp = createCapilPerubahanApp({ regencyCode: TEST_WORLD.regencyCode, timeZone: SITE.timeZone });
    await provisionFileEmulator(capilApp, legacy.storage, TEST_WORLD, { force: true });
    // Never on a schedule here: each test runs the job when it wants the requests processed.
    batchJob = new BatchJob(capilApp, locateAppFolders(capilApp.id, legacy.storage), { schedule: parseSchedule('every 60m', SITE.timeZone), log: () => undefined });
    siakDb = legacy.open('siak');
    lahirDb = legacy.open('akta-lahir');
    kawinDb = legacy.open('akta-kawin');
    siak = connectSiak(legacy.storage, { timeoutMs: 5_000 });
    lahir = connectAktaLahir(legacy.storage, { ...SITE, timeoutMs: 5_000 });
    mati = connectAktaMati(legacy.storage, { ...SITE, timeoutMs: 5_000 });
    kawinApp = await startAktaKawin(legacy.storage, { port: 0, credentials: CREDENTIALS });
    kawin = connectAktaKawin({ url: kawinApp.url, credentials: CREDENTIALS, resilience: resilience() });
    ceraiApp = await startAktaCerai(legacy.storage, { port: 0, credentials: CREDENTIALS });
    cerai = connectAktaCerai({ url: ceraiApp.url, credentials: CREDENTIALS, resilience: resilience() });
    capil = connectCapilPerubahan(legacy.storage, { timeoutMs: 3_000 });
    audit = new AuditWriter(await openAuditStore(legacy.storage));
    store = await openOutboxStore('civil-registry', legacy.storage);
    const registries = { aktaLahir: lahir.port, aktaMati: mati.port, aktaKawin: kawin.port, capilPerubahan: capil.port, aktaCerai: cerai.port };
    dispatcher = registerCivilRegistryHandlers(new OutboxDispatcher(store, { pollIntervalMs: 50, backoff: { initialMs: 50, maxMs: 100 } }), registries, siak.port);
    dispatcher.start();
    definition = civilRegistrySubgraph({
      registries, siak: siak.port, mutations: new OutboxMutations(store, dispatcher, { waitForDeliveryMs: 3_000 }), audit,
      tenants: Tenants.load(), logger: createLogger('test', 'silent'), readiness: {},
    });
    apollo = createSubgraphApollo(definition);
    await apollo.start();
  });

  afterAll(async () => {
    await apollo?.stop();
    await batchJob?.stop();
    await dispatcher?.stop();
    await store?.close();
    await audit?.close();
    kawin?.client.close();
    cerai?.client.close();
    await Promise.all([kawinApp?.close(), ceraiApp?.close()]);
    await Promise.all([siak?.client.close(), lahir?.client.close(), mati?.client.close()]);
    await legacy?.cleanup();
  });

  async function run(query: string, variables: Record<string, unknown> = {}, as: Omit<RequestContext, 'requestId'> = ADMINISTRATOR_REQUEST) {
    const contextValue = definition.buildContext({ requestId: 'test', ...as }, deadlineIn(10_000));
    const response = await apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return { data: response.body.singleResult.data as Record<string, any> | null | undefined, errors: response.body.singleResult.errors };
  }
  const today = () => todayIn(SITE.timeZone);

  /** Living residents as SIAK shows them (through the port: codes decoded). */
  async function residents(where: Record<string, unknown>, limit = 400): Promise<Resident[]> {
    const niks = ((await siakDb('BIODATA_WNI').select('NIK').where({ STAT_HIDUP: 1, ...where }).orderBy('NIK').limit(limit)) as Array<{ NIK: string }>).map((r) => r.NIK);
    return [...(await siak.port.residentsByNik(niks, deadlineIn(5_000))).values()];
  }

  describe('registerBirth', () => {
    const REGISTER = `mutation ($key: String!, $input: RegisterBirthInput!) { registerBirth(idempotencyKey: $key, input: $input) {
      reference replayed state deliveries { app state } deed { number childNik childName birthDate mother { name } } } }`;
    let child: Resident;
    const input = (over: Record<string, unknown> = {}) => ({
      childNik: child.nik, familyNumber: child.familyNumber, childName: child.name, sex: child.sex, birthPlace: 'Tangerang Selatan',
      birthDate: child.birthDate, mother: { name: 'Siti Aminah' }, father: { name: 'Budi Santoso' }, ...over,
    });

    beforeAll(async () => {
      // A child on a family card without a birth deed (older residents often have none).
      const withDeed = new Set(((await lahirDb('CAPIL_LAHIR').whereNotNull('NIK_ANAK').select('NIK_ANAK')) as Array<{ NIK_ANAK: string }>).map((r) => r.NIK_ANAK));
      child = (await residents({})).find((r) => !withDeed.has(r.nik) && r.familyNumber && r.birthDate)!;
    });

    it('writes one deed in akta-lahir; a repeat with the same key answers the first and writes nothing', async () => {
      const first = await run(REGISTER, { key: 'birth-1', input: input() });
      expect(first.errors).toBeUndefined();
      const registration = first.data!.registerBirth;
      expect(registration).toMatchObject({ replayed: false, state: 'DELIVERED', deliveries: [{ app: 'akta-lahir', state: 'DELIVERED' }] });
      expect(registration.deed).toMatchObject({ childNik: child.nik, childName: child.name.toUpperCase(), birthDate: child.birthDate, mother: { name: 'SITI AMINAH' } });
      const rows = () => lahirDb('CAPIL_LAHIR').where({ NIK_ANAK: child.nik });
      expect(await rows()).toHaveLength(1);
      expect((await rows())[0]).toMatchObject({ REF_GERBANG: registration.reference, NO_AKTA_LHR: registration.deed.number });

      const again = await run(REGISTER, { key: 'birth-1', input: input() });
      expect(again.data!.registerBirth).toMatchObject({ replayed: true, reference: registration.reference, deed: { number: registration.deed.number } });
      expect(await rows()).toHaveLength(1);
      const followed = await run('{ birthRegistration(idempotencyKey: "birth-1") { state deed { number } } }');
      expect(followed.data!.birthRegistration).toEqual({ state: 'DELIVERED', deed: { number: registration.deed.number } });
      // Only its author follows it.
      const other = await run('{ birthRegistration(idempotencyKey: "birth-1") { state } }', {}, { ...ADMINISTRATOR_REQUEST, principal: principalFor('ADMINISTRATOR', { id: 'admin-2' }) });
      expect(other.data!.birthRegistration).toBeNull();
      // A second deed for the child under another key is refused before anything is recorded.
      const twice = await run(REGISTER, { key: 'birth-2', input: input() });
      expect(twice.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'BIRTH_ALREADY_REGISTERED' });
      expect(await store.status('tangsel', 'birth-2')).toBeUndefined();
    });

    it.each([
      [{ birthDate: '2999-01-01' }, 'input.birthDate', 'IN_THE_FUTURE'],
      [{ familyNumber: '123' }, 'input.familyNumber', undefined],
      [{ familyNumber: '3674010101990001' }, 'input.familyNumber', 'NOT_ON_FAMILY_CARD'],
      [{ childNik: '3674011708850999' }, 'input.childNik', 'UNKNOWN_NIK'],
      [{ mother: { nik: 'x', name: 'Siti' } }, 'input.mother.nik', 'NOT_16_DIGITS'],
      [{ childName: ' ' }, 'input.childName', 'TOO_SHORT'],
    ])('refuses %j with BAD_USER_INPUT, recording nothing', async (change, argument, reason) => {
      const key = `bad-birth-${argument}-${reason ?? 'kk'}`;
      const before = await lahirDb('CAPIL_LAHIR').count({ n: '*' });
      const { errors } = await run(REGISTER, { key, input: input(change) });
      expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument, ...(reason ? { reason } : {}) });
      expect(await store.status('tangsel', key)).toBeUndefined();
      expect(await lahirDb('CAPIL_LAHIR').count({ n: '*' })).toEqual(before);
    });
  });

  describe('registerMarriage', () => {
    const REGISTER = `mutation ($key: String!, $input: RegisterMarriageInput!) { registerMarriage(idempotencyKey: $key, input: $input) {
      reference replayed state deliveries { app state } deed { number husband { nik name } wife { nik } marriedOn religiousInstitution } } }`;
    const MARRIED_ON = '2025-06-01';
    let husband: Resident;
    let wife: Resident;
    const input = (over: Record<string, unknown> = {}) => ({
      husbandNik: husband.nik, wifeNik: wife.nik, marriedOn: MARRIED_ON, place: 'Gereja Santa Monika', religion: 'CATHOLIC', religiousInstitution: 'Paroki Santa Monika',
      witnesses: [{ name: 'Yohanes Wibowo', birthDate: '1970-02-03' }, { name: 'Maria Lestari', birthDate: '1975-04-05' }], ...over,
    });

    beforeAll(async () => {
      const single = (await residents({ STAT_KWN: 1 })).filter((r) => r.birthDate && r.birthDate <= '1995-01-01');
      husband = single.find((r) => r.sex === 'MALE')!;
      wife = single.find((r) => r.sex === 'FEMALE')!;
    });

    it('writes one deed in akta-kawin; a repeat with the same key writes nothing', async () => {
      const first = await run(REGISTER, { key: 'marriage-1', input: input() });
      expect(first.errors).toBeUndefined();
      const registration = first.data!.registerMarriage;
      expect(registration).toMatchObject({ replayed: false, state: 'DELIVERED', deed: { husband: { nik: husband.nik }, wife: { nik: wife.nik }, marriedOn: MARRIED_ON } });
      const rows = () => kawinDb('CAPIL_KAWIN').where({ NIK_SUAMI: husband.nik, NIK_ISTRI: wife.nik });
      expect(await rows()).toHaveLength(1);
      expect((await rows())[0]).toMatchObject({ REF_GERBANG: registration.reference, NO_AKTA_KWN: registration.deed.number });
      const again = await run(REGISTER, { key: 'marriage-1', input: input() });
      expect(again.data!.registerMarriage).toMatchObject({ replayed: true, deed: { number: registration.deed.number } });
      expect(await rows()).toHaveLength(1);
      const byNumber = await run('query ($n: String!) { marriageDeed(number: $n) { number wife { nik } } }', { n: registration.deed.number });
      expect(byNumber.data!.marriageDeed).toEqual({ number: registration.deed.number, wife: { nik: wife.nik } });
      const followed = await run('{ marriageRegistration(idempotencyKey: "marriage-1") { state deed { number } } }');
      expect(followed.data!.marriageRegistration).toEqual({ state: 'DELIVERED', deed: { number: registration.deed.number } });
    });

    it.each([
      [{ religion: 'ISLAM' }, 'input.religion', 'MUSLIM_MARRIAGE'],
      [{ marriedOn: '2999-12-31' }, 'input.marriedOn', 'IN_THE_FUTURE'],
      [{ witnesses: [{ name: 'Anak Muda', birthDate: '2010-01-01' }, { name: 'Maria Lestari', birthDate: '1975-04-05' }] }, 'input.witnesses.0.birthDate', 'WITNESS_UNDER_21'],
      [{ witnesses: [{ name: 'Maria Lestari', birthDate: '1975-04-05' }] }, 'input.witnesses', 'TWO_WITNESSES'],
      [{ wifeNik: 'HUSBAND' }, 'input.wifeNik', 'SAME_PERSON'],
      [{ husbandNik: 'WIFE', wifeNik: 'HUSBAND' }, 'input.husbandNik', 'WRONG_SEX'],
    ])('refuses %j with BAD_USER_INPUT, recording nothing', async (change, argument, reason) => {
      const resolved = Object.fromEntries(Object.entries(change).map(([k, v]) => [k, v === 'HUSBAND' ? husband.nik : v === 'WIFE' ? wife.nik : v]));
      const key = `bad-marriage-${reason}`;
      const before = await kawinDb('CAPIL_KAWIN').count({ n: '*' });
      const { errors } = await run(REGISTER, { key, input: input(resolved) });
      expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument, reason });
      expect(await store.status('tangsel', key)).toBeUndefined();
      expect(await kawinDb('CAPIL_KAWIN').count({ n: '*' })).toEqual(before);
    });
  });

  describe('fileCourtOrderedChange', () => {
    const FILE = `mutation ($key: String!, $input: FileCourtOrderedChangeInput!) { fileCourtOrderedChange(idempotencyKey: $key, input: $input) {
      reference replayed state rejectionReason deliveries { app state } annotation { number } } }`;
    const FOLLOW = `query ($key: String!) { courtOrderedChangeRequest(idempotencyKey: $key) {
      state rejectionReason processedOn annotation { number change newName courtOrderNumber } } }`;
    let person: Resident;
    const input = (over: Record<string, unknown> = {}) => ({
      nik: person.nik, change: 'NAME_CHANGE', newName: 'Nama Baru Sekali', courtOrder: { number: '123/Pdt.P/2025/PN.Tng', court: 'Pengadilan Negeri Tangerang', date: '2025-05-02' }, ...over,
    });

    beforeAll(async () => {
      person = (await residents({})).find((r) => r.birthDate && r.birthDate < '2000-01-01')!;
    });

    it('is PENDING until the batch job ran, then ACCEPTED with its annotation; a repeat files nothing', async () => {
      const registerBefore = (await readRegister(locateAppFolders('capil-perubahan', legacy.storage).data)).length;
      const filed = await run(FILE, { key: 'change-1', input: input() });
      expect(filed.errors).toBeUndefined();
      expect(filed.data!.fileCourtOrderedChange).toMatchObject({ replayed: false, state: 'PENDING', deliveries: [{ app: 'capil-perubahan', state: 'DELIVERED' }], annotation: null });
      expect((await run(FOLLOW, { key: 'change-1' })).data!.courtOrderedChangeRequest).toMatchObject({ state: 'PENDING', annotation: null });

      await batchJob.runNow();
      const followed = (await run(FOLLOW, { key: 'change-1' })).data!.courtOrderedChangeRequest;
      expect(followed).toMatchObject({ state: 'ACCEPTED', rejectionReason: null, processedOn: today(), annotation: { change: 'NAME_CHANGE', newName: 'NAMA BARU SEKALI', courtOrderNumber: '123/PDT.P/2025/PN.TNG' } });
      expect(followed.annotation.number).toMatch(/^3674-CP-\d{8}-\d{4}$/);

      const again = await run(FILE, { key: 'change-1', input: input() });
      expect(again.data!.fileCourtOrderedChange).toMatchObject({ replayed: true, reference: filed.data!.fileCourtOrderedChange.reference });
      await batchJob.runNow();
      const register = await readRegister(locateAppFolders('capil-perubahan', legacy.storage).data);
      expect(register).toHaveLength(registerBefore + 1);
      expect(register.filter((e) => e.NIK === person.nik && e.NAMA_BARU === 'NAMA BARU SEKALI')).toHaveLength(1);

      // The same change under the same order with another key: the batch job refuses it.
      await run(FILE, { key: 'change-2', input: input() });
      await batchJob.runNow();
      expect((await run(FOLLOW, { key: 'change-2' })).data!.courtOrderedChangeRequest).toMatchObject({ state: 'REJECTED', rejectionReason: 'ALREADY_RECORDED', annotation: null });
    });

    it('is followed by its author and by staff whose region holds the resident, by no one else', async () => {
      await run(FILE, { key: 'change-3', input: input({ newName: 'Nama Lain', courtOrder: { number: '77/Pdt.P/2025/PN.Tng', court: 'PN Tangerang', date: '2025-01-02' } }) });
      const as = (principal: ReturnType<typeof principalFor>) => ({ ...ADMINISTRATOR_REQUEST, principal });
      const state = async (principal: ReturnType<typeof principalFor>) => (await run(FOLLOW, { key: 'change-3' }, as(principal))).data?.courtOrderedChangeRequest?.state ?? null;
      expect(await state(principalFor('ADMINISTRATOR', { id: 'admin-2' }))).toBe('PENDING');
      expect(await state(principalFor('OFFICER', { region: person.kelurahanCode }))).toBe('PENDING');
      const elsewhere = person.kelurahanCode.startsWith('36.74.01') ? '36.74.02' : '36.74.01';
      expect(await state(principalFor('OFFICER', { region: elsewhere }))).toBeNull();
    });

    it.each([
      [{ newName: null }, 'input.newName', 'MISSING_NEW_NAME'],
      [{ change: 'CHILD_RECOGNITION', newName: null }, 'input.fatherName', 'MISSING_FATHER_NAME'],
      [{ courtOrder: { number: 'bukan nomor', court: 'PN Tangerang', date: '2025-01-02' } }, 'input.courtOrder.number', 'BAD_COURT_ORDER_NUMBER'],
      [{ courtOrder: { number: '1/Pdt.P/2025/PN.Tng', court: 'PN Tangerang', date: '2999-01-02' } }, 'input.courtOrder.date', 'IN_THE_FUTURE'],
      [{ newName: 'Ивано́в' }, 'input.newName', 'NOT_LATIN'],
      [{ nik: '3674011708850999' }, 'input.nik', 'UNKNOWN_NIK'],
    ])('refuses %j with BAD_USER_INPUT, filing nothing', async (change, argument, reason) => {
      const key = `bad-change-${reason}`;
      const { errors } = await run(FILE, { key, input: input(change) });
      expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument, reason });
      expect(await store.status('tangsel', key)).toBeUndefined();
    });
  });

  describe('divorce deeds (akta-cerai)', () => {
    it('gives residents their divorce deeds in one call, and a deed by number', async () => {
      const rows = (await legacy.open('akta-cerai')('CAPIL_CERAI').select('NO_AKTA_CRAI', 'NIK_SUAMI', 'NIK_ISTRI').whereNotNull('NIK_SUAMI').limit(3)) as Array<{ NO_AKTA_CRAI: string; NIK_SUAMI: string; NIK_ISTRI: string | null }>;
      expect(rows.length).toBeGreaterThan(0);
      const before = cerai.client.callCount;
      const { data, errors } = await run('query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resident { nik divorceDeeds { number husband { nik } wife { name } court } } } }', {
        reps: rows.map((r) => ({ __typename: 'Resident', nik: r.NIK_SUAMI })),
      });
      expect(errors).toBeUndefined();
      expect(cerai.client.callCount - before).toBe(1);
      const residentsFound = data!._entities as Array<{ nik: string; divorceDeeds: Array<{ number: string; husband: { nik: string } }> }>;
      residentsFound.forEach((r, i) => expect(r.divorceDeeds.map((d) => d.number)).toContain(rows[i]!.NO_AKTA_CRAI));
      const byNumber = await run('query ($n: String!) { divorceDeed(number: $n) { number husband { nik } } }', { n: rows[0]!.NO_AKTA_CRAI });
      expect(byNumber.data!.divorceDeed).toEqual({ number: rows[0]!.NO_AKTA_CRAI, husband: { nik: rows[0]!.NIK_SUAMI } });
      const bad = await run('{ divorceDeed(number: "3674-KW-01012020-0001") { number } }');
      expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'WRONG_REGISTER' });
    });
  });
});
