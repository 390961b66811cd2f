import type { ApolloServer } from '@apollo/server';
import type { Knex } from 'knex';
import { connectSiak, type SiakConnection } from '@adapters/siak';
import { AuditReader, AuditWriter, openAuditStore } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import { deadlineIn } from '@core/deadline';
import { createLogger } from '@core/log';
import { createSubgraphApollo, type SubgraphDefinition } from '@core/subgraph/subgraph-server';
import { Tenants, todayIn } from '@core/tenants';
import { ikdEmulator } from '@sim/ikd/emulator';
import { kiaEmulator } from '@sim/kia/emulator';
import { ktpCetakEmulator } from '@sim/ktp-cetak/emulator';
import { ktpRekamEmulator } from '@sim/ktp-rekam/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { ADMINISTRATOR_REQUEST, principalFor } from '../../../tests/support/principals';
import type { PopulationContext } from './context';
import { startCardApps, type RunningCardApps } from './identity-cards/testing';
import { populationSubgraph } from './server';

/**
 * The card fields and requestCardPrint in-process (no HTTP), over the four real emulators: KTP-el
 * enrolment (SQL), print queue, KIA and IKD (REST on free ports), and SIAK.
 */
describe(`population subgraph: identity cards (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let siakDb: Knex;
  let siak: SiakConnection;
  let cards: RunningCardApps;
  let definition: SubgraphDefinition<PopulationContext>;
  let apollo: ApolloServer<PopulationContext>;
  let audit: AuditWriter;
  let store: Awaited<ReturnType<typeof openAuditStore>>;

  beforeAll(async () => {
    legacy = await seededStorage('population-cards', [siakEmulator, ktpRekamEmulator, ktpCetakEmulator, kiaEmulator, ikdEmulator]);
    siakDb = legacy.open('siak');
    siak = connectSiak(legacy.storage, { timeoutMs: 5_000 });
    cards = await startCardApps(legacy.storage);
    store = await openAuditStore(legacy.storage);
    audit = new AuditWriter(store);
    definition = populationSubgraph({ siak: siak.port, identityCards: cards.apps, audit, tenants: Tenants.load(), logger: createLogger('test', 'silent') });
    apollo = createSubgraphApollo(definition);
    await apollo.start();
  });

  afterAll(async () => {
    await apollo?.stop();
    await audit?.close();
    await cards?.close();
    await siak?.client.close();
    await legacy?.cleanup();
  });

  /** Calls made so far at each application. */
  const calls = () => ({
    'ktp-rekam': cards.connections.ktpRekam.client.statementCount,
    'ktp-cetak': cards.emulators.ktpCetak.calls.total,
    kia: cards.emulators.kia.calls.total,
    ikd: cards.emulators.ikd.calls.total,
  });

  async function run(query: string, variables: Record<string, unknown> = {}, request: Omit<RequestContext, 'requestId'> = ADMINISTRATOR_REQUEST) {
    const before = calls();
    const contextValue = definition.buildContext({ requestId: 'test', ...request }, deadlineIn(10_000));
    const response = await apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const after = calls();
    const made = Object.fromEntries(Object.entries(after).map(([app, n]) => [app, n - before[app as keyof typeof before]]));
    const { data, errors } = response.body.singleResult;
    return { data: data as Record<string, any> | null | undefined, errors, calls: made };
  }

  const CARDS = `identityCard { enrolment { status enrolledOn enrolledAt office { kind regionCode } biometrics { fingerprints photo } } printJobs { jobNumber status pickupPlace requestedAt } }
    childIdCard { cardNumber status expiresOn expired child { nik } }
    digitalId { state registeredAt }`;

  /** A family card with at least `n` members, children with a KIA among them. */
  async function familyWithKia(): Promise<string> {
    const kia = legacy.open('kia');
    const rows = (await kia('t_kia').distinct('no_kk').orderBy('no_kk').limit(50)) as Array<{ no_kk: string }>;
    for (const { no_kk } of rows) {
      const counted = (await siakDb('BIODATA_WNI').where({ NO_KK: no_kk }).count({ n: '*' })) as Array<{ n: number | string }>;
      if (Number(counted[0]?.n) >= 3) return no_kk;
    }
    throw new Error('no family of 3+ with a KIA in the test world');
  }

  it('gives a resident\'s enrolment, print jobs, KIA and digital ID from the applications', async () => {
    const rekam = legacy.open('ktp-rekam');
    const { nik } = (await rekam('t_perekaman').where({ status_rekam: 'S' }).orderBy('nik').first()) as { nik: string };
    const { data, errors } = await run(`query ($nik: String!) { resident(nik: $nik) { ${CARDS} } }`, { nik });
    expect(errors).toBeUndefined();
    const resident = data!.resident;
    expect(resident.identityCard.enrolment).toMatchObject({ status: 'SUCCESSFUL', office: { kind: expect.stringMatching(/^(DINAS|KECAMATAN)$/) } });
    expect(resident.identityCard.enrolment.enrolledOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const jobs = (await legacy.open('ktp-cetak')('t_cetak_ktp').where({ nik })) as unknown[];
    expect(resident.identityCard.printJobs).toHaveLength(jobs.length);
    expect(['NOT_ACTIVATED', 'PENDING_VERIFICATION', 'ACTIVE', 'SUSPENDED']).toContain(resident.digitalId.state);
  });

  it('shows NOT_ACTIVATED for a NIK the IKD application has never seen', async () => {
    const ikd = legacy.open('ikd');
    const known = new Set(((await ikd('t_aktivasi_ikd').select('nik')) as Array<{ nik: string }>).map((r) => r.nik));
    const niks = ((await siakDb('BIODATA_WNI').select('NIK').orderBy('NIK')) as Array<{ NIK: string }>).map((r) => r.NIK);
    const unseen = niks.find((n) => !known.has(n));
    expect(unseen).toBeDefined();
    const { data, errors } = await run(`query ($nik: String!) { resident(nik: $nik) { digitalId { state registeredAt activatedAt } } }`, { nik: unseen });
    expect(errors).toBeUndefined();
    expect(data!.resident.digitalId).toEqual({ state: 'NOT_ACTIVATED', registeredAt: null, activatedAt: null });
  });

  it('computes a KIA\'s expiry on the tenant\'s calendar', async () => {
    const kia = legacy.open('kia');
    const card = (await kia('t_kia').whereNot({ status_kia: 'DIGANTI' }).orderBy('no_kia').first()) as { nik_anak: string };
    const { data, errors } = await run(`query ($nik: String!) { resident(nik: $nik) { childIdCard { expiresOn expired } } }`, { nik: card.nik_anak });
    expect(errors).toBeUndefined();
    const got = data!.resident.childIdCard;
    // The application sometimes leaves tgl_berlaku empty: the adapter derives it from the birth date.
    expect(got.expiresOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(got.expired).toBe(got.expiresOn < todayIn('Asia/Jakarta'));
  });

  it('loads a family\'s cards with one call per application per query level', async () => {
    const kk = await familyWithKia();
    const { data, errors, calls: made } = await run(`query ($kk: String!) { family(number: $kk) { childIdCards { cardNumber child { name } } members { nik ${CARDS} } } }`, { kk });
    expect(errors).toBeUndefined();
    expect(data!.family.members.length).toBeGreaterThanOrEqual(3);
    expect(data!.family.childIdCards.length).toBeGreaterThan(0);
    // Members level: one call each; KIA also answers the family level (childIdCards) in one more.
    expect(made).toEqual({ 'ktp-rekam': 1, 'ktp-cetak': 1, kia: 2, ikd: 1 });
  });

  it('nulls only the fields of an application that is down', async () => {
    const kk = await familyWithKia();
    await cards.emulators.ikd.stop();
    try {
      const { data, errors } = await run(`query ($kk: String!) { family(number: $kk) { members { name identityCard { enrolment { status } } digitalId { state } childIdCard { cardNumber } } } }`, { kk });
      expect(data!.family.members.length).toBeGreaterThan(0);
      for (const m of data!.family.members) {
        expect(m.name).toBeTruthy();
        expect(m.digitalId).toBeNull();
        expect(m.identityCard).not.toBeNull();
      }
      expect(new Set(errors!.map((e) => e.extensions?.code))).toEqual(new Set(['LEGACY_UNAVAILABLE']));
      expect(errors!.every((e) => e.path!.at(-1) === 'digitalId')).toBe(true);
    } finally {
      await cards.emulators.ikd.restart();
    }
  });

  describe('requestCardPrint', () => {
    const PRINT = `mutation ($input: CardPrintRequestInput!, $key: String!) { requestCardPrint(input: $input, idempotencyKey: $key) { jobNumber status reason pickupPlace } }`;

    /** An adult with a successful enrolment. */
    async function eligibleNik(skip = 0): Promise<string> {
      const rekam = legacy.open('ktp-rekam');
      const successful = ((await rekam('t_perekaman').distinct('nik').where({ status_rekam: 'S' }).orderBy('nik')) as Array<{ nik: string }>).map((r) => r.nik);
      const adults = (await siakDb('BIODATA_WNI').select('NIK', 'TGL_LHR').whereIn('NIK', successful.slice(0, 200))) as Array<{ NIK: string; TGL_LHR: string }>;
      const found = adults.filter((a) => new Date(a.TGL_LHR).getTime() < Date.now() - 20 * 365.25 * 86_400_000).map((a) => a.NIK).sort();
      if (!found[skip]) throw new Error('no eligible resident in the test world');
      return found[skip];
    }

    it('queues one job per idempotency key, however often it is asked', async () => {
      const nik = await eligibleNik();
      const input = { nik, reason: 'LOST', pickupPlace: 'Kantor Kecamatan Serpong' };
      const first = await run(PRINT, { input, key: 'test-print-1' });
      expect(first.errors).toBeUndefined();
      expect(first.data!.requestCardPrint).toMatchObject({ status: 'QUEUED', reason: 'LOST', pickupPlace: 'KANTOR KECAMATAN SERPONG' });
      const again = await run(PRINT, { input, key: 'test-print-1' });
      expect(again.errors).toBeUndefined();
      expect(again.data!.requestCardPrint.jobNumber).toBe(first.data!.requestCardPrint.jobNumber);
      const stored = (await legacy.open('ktp-cetak')('t_cetak_ktp').where({ no_permohonan: 'test-print-1' })) as unknown[];
      expect(stored).toHaveLength(1);
    });

    it('refuses a child, a resident without a successful enrolment, with every reason', async () => {
      const rekam = legacy.open('ktp-rekam');
      const enrolled = new Set(((await rekam('t_perekaman').select('nik')) as Array<{ nik: string }>).map((r) => r.nik));
      const children = (await siakDb('BIODATA_WNI').select('NIK').where({ STAT_KWN: 1 }).orderBy('TGL_LHR', 'desc').limit(50)) as Array<{ NIK: string }>;
      const child = children.find((c) => !enrolled.has(c.NIK))!.NIK;
      const { data, errors } = await run(PRINT, { input: { nik: child, reason: 'NEW', pickupPlace: 'KANTOR DISDUKCAPIL' }, key: 'test-print-child' });
      expect(data?.requestCardPrint ?? null).toBeNull();
      expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reasons: ['UNDER_17_AND_NEVER_MARRIED', 'NOT_ENROLLED'] });
      expect(await legacy.open('ktp-cetak')('t_cetak_ktp').where({ no_permohonan: 'test-print-child' })).toHaveLength(0);
    });

    it('lets a resident ask for their own card only, and audits the write', async () => {
      const own = await eligibleNik(1);
      const other = await eligibleNik(2);
      const resident = { principal: principalFor('RESIDENT', { nik: own }), tenant: 'tangsel' };
      const refused = await run(PRINT, { input: { nik: other, reason: 'DAMAGED', pickupPlace: 'KANTOR DISDUKCAPIL' }, key: 'test-print-other' }, resident);
      expect(refused.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOURSELF' });
      const mine = await run(PRINT, { input: { nik: own, reason: 'DAMAGED', pickupPlace: 'KANTOR DISDUKCAPIL' }, key: 'test-print-own' }, resident);
      expect(mine.errors).toBeUndefined();
      await audit.flush();
      const { records } = await new AuditReader(store).byNik(own, { first: 20 });
      expect(records).toContainEqual(expect.objectContaining({ operation: 'ktp-cetak.requestPrint', access: 'write', niks: [own] }));
    });

    it('validates the NIK and the idempotency key before anything is sent', async () => {
      const bad = await run(PRINT, { input: { nik: '123', reason: 'NEW', pickupPlace: 'X' }, key: 'k1' });
      expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_16_DIGITS' });
      const nik = await eligibleNik();
      const badKey = await run(PRINT, { input: { nik, reason: 'NEW', pickupPlace: 'X' }, key: ' spaces not allowed ' });
      expect(badKey.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_IDEMPOTENCY_KEY' });
      expect(badKey.calls['ktp-cetak']).toBe(0);
    });
  });
});
