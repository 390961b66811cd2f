import type { ApolloServer } from '@apollo/server';
import type { Knex } from 'knex';
import { connectSiak, type SiakConnection } from '@adapters/siak';
import { AuditReader, AuditWriter, openAuditStore, type AuditStore } from '@core/audit';
import { ANONYMOUS, type Principal } from '@core/context/request-context';
import { deadlineIn } from '@core/deadline';
import { createLogger } from '@core/log';
import { createSubgraphApollo, type SubgraphDefinition } from '@core/subgraph/subgraph-server';
import { Tenants } from '@core/tenants';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { principalFor } from '../../../tests/support/principals';
import type { PopulationContext } from './context';
import { populationSubgraph } from './server';

interface Row {
  NIK: string;
  NO_KK: string;
  NO_KEC: number;
  NO_KEL: number;
}

/**
 * The rows each caller may see, decided in the subgraph from the signed principal (the gateway
 * judges fields; rows are judged here): a resident their own family, an officer their region, a
 * kiosk or partner a lookup by NIK. Withheld rows never reach the audit trail.
 */
describe(`population rows by caller (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officerDb: Knex;
  let siak: SiakConnection;
  let definition: SubgraphDefinition<PopulationContext>;
  let apollo: ApolloServer<PopulationContext>;
  let auditStore: AuditStore;
  let audit: AuditWriter;
  let me: Row;
  let relative: Row;
  let stranger: Row;

  beforeAll(async () => {
    legacy = await seededStorage('population', [siakEmulator]);
    officerDb = legacy.open('siak');
    siak = connectSiak(legacy.storage, { timeoutMs: 5_000 });
    auditStore = await openAuditStore(legacy.storage);
    audit = new AuditWriter(auditStore);
    definition = populationSubgraph({ siak: siak.port, audit, tenants: Tenants.load(), logger: createLogger('test', 'silent') });
    apollo = createSubgraphApollo(definition);
    await apollo.start();
    const rows = (await officerDb('BIODATA_WNI').select('NIK', 'NO_KK', 'NO_KEC', 'NO_KEL').orderBy('NIK')) as Row[];
    me = rows.find((r) => rows.some((o) => o.NO_KK === r.NO_KK && o.NIK !== r.NIK))!;
    relative = rows.find((r) => r.NO_KK === me.NO_KK && r.NIK !== me.NIK)!;
    stranger = rows.find((r) => r.NO_KK !== me.NO_KK && r.NO_KEC !== me.NO_KEC)!;
  });

  afterAll(async () => {
    await apollo?.stop();
    await audit?.close();
    await siak?.client.close();
    await legacy?.cleanup();
  });

  const kecamatanOf = (row: Row) => `36.74.${String(row.NO_KEC).padStart(2, '0')}`;

  async function as(principal: Principal, query: string, purpose?: string) {
    const contextValue = definition.buildContext({ requestId: `rows-${Math.random()}`, principal, tenant: 'tangsel', purpose }, deadlineIn(10_000));
    const response = await apollo.executeOperation({ query }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const { data, errors } = response.body.singleResult;
    return { data: data as Record<string, any> | null | undefined, errors: errors ?? [], reasons: (errors ?? []).map((e) => e.extensions?.reason) };
  }

  describe('a resident', () => {
    const resident = () => principalFor('RESIDENT', { nik: me.NIK });

    it('sees their own record, their family card and its members', async () => {
      const own = await as(resident(), `{ resident(nik: "${me.NIK}") { nik family { number members { nik } } } }`);
      expect(own.errors).toEqual([]);
      expect(own.data!.resident.family.number).toBe(me.NO_KK);
      expect(own.data!.resident.family.members.map((m: { nik: string }) => m.nik)).toContain(relative.NIK);
      const relativeRecord = await as(resident(), `{ resident(nik: "${relative.NIK}") { nik } }`);
      expect(relativeRecord.data!.resident.nik).toBe(relative.NIK);
    });

    it('is refused anyone else, and another family card, with FORBIDDEN NOT_YOUR_FAMILY', async () => {
      const other = await as(resident(), `{ resident(nik: "${stranger.NIK}") { nik } }`);
      expect(other.data!.resident).toBeNull();
      expect(other.errors[0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_FAMILY' });
      const card = await as(resident(), `{ family(number: "${stranger.NO_KK}") { number } }`);
      expect(card.reasons).toEqual(['NOT_YOUR_FAMILY']);
    });

    it('may not search the register', async () => {
      const search = await as(resident(), '{ residents(filter: { name: "SITI" }) { edges { node { nik } } } }');
      expect(search.reasons).toEqual(['SEARCH_NOT_ALLOWED']);
    });

    it('leaves no trace of withheld rows in the audit trail', async () => {
      await as(resident(), `{ resident(nik: "${stranger.NIK}") { nik } }`);
      await audit.flush();
      const trail = await new AuditReader(auditStore).byNik(stranger.NIK);
      expect(trail.records.filter((r) => r.principal.id === 'resident-1')).toEqual([]);
    });
  });

  describe('an officer', () => {
    const officer = (region: string) => principalFor('OFFICER', { region });

    it('sees residents and family cards of the region their token names', async () => {
      const seen = await as(officer(kecamatanOf(me)), `{ resident(nik: "${me.NIK}") { nik } family(number: "${me.NO_KK}") { number } }`, 'counter service');
      expect(seen.errors).toEqual([]);
      expect(seen.data).toEqual({ resident: { nik: me.NIK }, family: { number: me.NO_KK } });
    });

    it('is refused records of another region with OUTSIDE_YOUR_REGION', async () => {
      const other = await as(officer(kecamatanOf(me)), `{ resident(nik: "${stranger.NIK}") { nik } family(number: "${stranger.NO_KK}") { number } }`, 'counter service');
      expect(other.data).toEqual({ resident: null, family: null });
      expect(other.reasons).toEqual(['OUTSIDE_YOUR_REGION', 'OUTSIDE_YOUR_REGION']);
    });

    it('searches within their region only', async () => {
      const region = kecamatanOf(me);
      const byRegion = await as(officer(region), `{ residents(filter: { regionCode: "${region}" }, first: 50) { edges { node { address { kecamatan { code } } } } } }`, 'counter service');
      expect(byRegion.errors).toEqual([]);
      expect(byRegion.data!.residents.edges.length).toBeGreaterThan(0);
      for (const edge of byRegion.data!.residents.edges) expect(edge.node.address.kecamatan.code).toBe(region);
      const elsewhere = await as(officer(region), `{ residents(filter: { regionCode: "${kecamatanOf(stranger)}" }) { edges { node { nik } } } }`, 'counter service');
      expect(elsewhere.reasons).toEqual(['OUTSIDE_YOUR_REGION']);
    });

    it('with the whole city as region (a Dinas officer) sees every kecamatan', async () => {
      const seen = await as(officer('36.74'), `{ resident(nik: "${stranger.NIK}") { nik } }`, 'counter service');
      expect(seen.data!.resident.nik).toBe(stranger.NIK);
    });

    it('must state a purpose before any row is read', async () => {
      const silent = await as(officer('36.74'), `{ resident(nik: "${me.NIK}") { nik } }`);
      expect(silent.data!.resident).toBeNull();
      expect(silent.reasons).toEqual(['PURPOSE_REQUIRED']);
    });
  });

  it('lets a kiosk or a partner look a resident up by NIK, but not read family cards or search', async () => {
    for (const principal of [principalFor('KIOSK'), principalFor('PARTNER_SERVICE')]) {
      const lookup = await as(principal, `{ resident(nik: "${stranger.NIK}") { name } }`);
      expect(lookup.errors).toEqual([]);
      const card = await as(principal, `{ family(number: "${stranger.NO_KK}") { number } }`);
      expect(card.reasons).toEqual(['LOOKUP_BY_NIK_ONLY']);
      const search = await as(principal, `{ residents(filter: { regionCode: "${kecamatanOf(me)}" }) { edges { cursor } } }`);
      expect(search.reasons).toEqual(['SEARCH_NOT_ALLOWED']);
    }
  });

  it('gives nothing to callers without a population scope (anonymous, courier, auditor)', async () => {
    for (const principal of [ANONYMOUS, principalFor('COURIER'), principalFor('AUDITOR')]) {
      const lookup = await as(principal, `{ resident(nik: "${me.NIK}") { name } }`);
      expect(lookup.data!.resident).toBeNull();
      expect(lookup.reasons).toEqual(['NO_ACCESS']);
    }
  });
});
