import type { ApolloServer } from '@apollo/server';
import type { Knex } from 'knex';
import { connectSiak, type SiakConnection } from '@adapters/siak';
import { AuditWriter, openAuditStore } from '@core/audit';
import { deadlineIn } from '@core/deadline';
import { createLogger } from '@core/log';
import { createSubgraphApollo, type SubgraphDefinition } from '@core/subgraph/subgraph-server';
import { editFamily, editResident } from '@sim/siak/back-office';
import { siakEmulator } from '@sim/siak/emulator';
import { Tenants } from '@core/tenants';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { ADMINISTRATOR_REQUEST } from '../../../tests/support/principals';
import type { PopulationContext } from './context';
import { populationSubgraph } from './server';

/** The population subgraph in-process (no HTTP), over the SIAK adapter and a seeded SIAK emulator. */
describe(`population subgraph (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let siak: SiakConnection;
  let definition: SubgraphDefinition<PopulationContext>;
  let apollo: ApolloServer<PopulationContext>;
  let audit: AuditWriter;

  beforeAll(async () => {
    legacy = await seededStorage('population', [siakEmulator]);
    officer = legacy.open('siak');
    siak = connectSiak(legacy.storage, { timeoutMs: 5_000 });
    audit = new AuditWriter(await openAuditStore(legacy.storage));
    definition = populationSubgraph({ siak: siak.port, audit, tenants: Tenants.load(), logger: createLogger('test', 'silent') });
    apollo = createSubgraphApollo(definition);
    await apollo.start();
  });

  afterAll(async () => {
    await apollo?.stop();
    await audit?.close();
    await siak?.client.close();
    await legacy?.cleanup();
  });

  /** Runs one operation with a fresh request context; returns data, errors and SQL statements used. */
  async function run(query: string, variables: Record<string, unknown> = {}) {
    const before = siak.client.statementCount;
    const contextValue = definition.buildContext({ requestId: 'test', ...ADMINISTRATOR_REQUEST }, deadlineIn(10_000));
    const response = await apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const { data, errors } = response.body.singleResult;
    return { data: data as Record<string, any> | null | undefined, errors, statements: siak.client.statementCount - before };
  }

  async function familyWithSize(predicate: (n: number) => boolean): Promise<string> {
    const rows = (await officer('BIODATA_WNI').select('NO_KK').count({ n: '*' }).groupBy('NO_KK').orderBy('NO_KK')) as Array<{ NO_KK: string; n: number | string }>;
    const row = rows.find((r) => predicate(Number(r.n)));
    if (!row) throw new Error('no family of that size in the test world');
    return row.NO_KK;
  }

  const FAMILY_QUERY = `query ($number: String!) {
    family(number: $number) {
      number headName
      head { nik name }
      address { street rt rw kelurahan { code name } kecamatan { name } }
      members { nik name sex birthDate age relationship religion family { number } address { rt } }
    }
  }`;

  it('returns a resident with decoded, typed fields', async () => {
    const row = (await officer('BIODATA_WNI').where({ STAT_HBKEL: 1 }).orderBy('NIK').first()) as { NIK: string; NO_KK: string; TGL_LHR: string };
    const { data, errors } = await run(
      `query ($nik: String!) { resident(nik: $nik) { nik name sex birthDate age religion maritalStatus relationship education occupation { code label } alive family { number } address { rt rw kelurahan { name } kecamatan { code name } regency { name } } } }`,
      { nik: row.NIK },
    );
    expect(errors).toBeUndefined();
    const resident = data!.resident;
    expect(resident).toMatchObject({ nik: row.NIK, relationship: 'HEAD', alive: true, family: { number: row.NO_KK } });
    expect(resident.sex).toBe(Number(row.NIK.slice(6, 8)) > 40 ? 'FEMALE' : 'MALE');
    expect(resident.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(resident.age).toBeGreaterThanOrEqual(17);
    expect(['ISLAM', 'PROTESTANT', 'CATHOLIC', 'HINDU', 'BUDDHIST', 'CONFUCIAN', 'BELIEF_OR_OTHER']).toContain(resident.religion);
    expect(resident.address.regency.name).toBe('KOTA TANGERANG SELATAN');
    expect(resident.address.kecamatan.code).toMatch(/^36\.74\.0[1-7]$/);
  });

  it('answers null for a well-formed NIK that is not registered', async () => {
    const { data, errors } = await run('{ resident(nik: "3674011708850999") { nik } }');
    expect(errors).toBeUndefined();
    expect(data!.resident).toBeNull();
  });

  it.each([
    ['resident(nik: "12345") { nik }', 'nik', 'NOT_16_DIGITS'],
    ['resident(nik: "3674019908850003") { nik }', 'nik', 'BAD_DAY'],
    ['family(number: "3674013206150041") { number }', 'number', 'BAD_DATE'],
  ])('rejects %s with BAD_USER_INPUT', async (selection, argument, reason) => {
    const { data, errors } = await run(`{ ${selection} }`);
    expect(errors).toHaveLength(1);
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument, reason });
    expect(errors![0]!.message).toMatch(/NIK|KK/);
    expect(data?.resident ?? data?.family ?? null).toBeNull();
  });

  it('serves a family with its members in a constant number of SQL statements, whatever its size', async () => {
    const small = await familyWithSize((n) => n === 1);
    const large = await familyWithSize((n) => n >= 5);
    const a = await run(FAMILY_QUERY, { number: small });
    const b = await run(FAMILY_QUERY, { number: large });
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(a.data!.family.members).toHaveLength(1);
    expect(b.data!.family.members.length).toBeGreaterThanOrEqual(5);
    expect(b.data!.family.members[0].relationship).toBe('HEAD');
    expect(b.data!.family.head.nik).toBe(b.data!.family.members[0].nik);
    // family + members + head: the head is asked for in the same tick as the members.
    expect(a.statements).toBe(b.statements);
    expect(b.statements).toBe(3);
  });

  it('resolves many entity references (as the gateway sends them) in one statement', async () => {
    const niks = ((await officer('BIODATA_WNI').select('NIK').orderBy('NIK').limit(40)) as Array<{ NIK: string }>).map((r) => r.NIK);
    const { data, errors, statements } = await run(
      'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Resident { nik name } } }',
      { representations: niks.map((nik) => ({ __typename: 'Resident', nik })) },
    );
    expect(errors).toBeUndefined();
    expect(data!._entities.map((e: { nik: string }) => e.nik)).toEqual(niks);
    expect(statements).toBe(1);
  });

  it('searches by name and region a page at a time, one statement per page plus one for all families', async () => {
    const query = `query ($after: String) { residents(filter: { regionCode: "36.74.06" }, first: 10, after: $after) {
      edges { cursor node { nik name address { kecamatan { code } } } } pageInfo { hasNextPage endCursor } } }`;
    const first = await run(query);
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.residents;
    expect(page1.edges).toHaveLength(10);
    expect(page1.edges.every((e: any) => e.node.address.kecamatan.code === '36.74.06')).toBe(true);
    expect(first.statements).toBe(2);
    const second = await run(query, { after: page1.pageInfo.endCursor });
    const page2 = second.data!.residents;
    const names = [...page1.edges, ...page2.edges].map((e: any) => e.node.name);
    expect(names).toEqual([...names].sort());
    expect(new Set([...page1.edges, ...page2.edges].map((e: any) => e.node.nik)).size).toBe(page1.edges.length + page2.edges.length);
  });

  it.each([
    ['{ residents(filter: {}) { edges { cursor } } }', 'EMPTY_FILTER'],
    ['{ residents(filter: { name: "a" }) { edges { cursor } } }', 'TOO_SHORT'],
    ['{ residents(filter: { name: "budi" }, first: 1000) { edges { cursor } } }', 'OUT_OF_RANGE'],
    ['{ residents(filter: { name: "budi", regionCode: "99.99" }) { edges { cursor } } }', 'UNKNOWN_REGION'],
    ['{ residents(filter: { regionCode: "36.74" }) { edges { cursor } } }', 'REGION_TOO_BROAD'],
  ])('rejects a bad search %s', async (query, reason) => {
    const { errors } = await run(query);
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
  });

  it('shows changes an officer makes directly in SIAK on the next query', async () => {
    const number = await familyWithSize((n) => n >= 2);
    const before = await run(FAMILY_QUERY, { number });
    const member = before.data!.family.members[1];
    await editResident(officer, member.nik, { NAMA_LGKP: 'DEWI  LESTARI ', STAT_HBKEL: 9 });
    await editFamily(officer, number, { ALAMAT: 'JL. KENANGA NO. 8', NO_RT: 7 });
    const after = await run(FAMILY_QUERY, { number });
    const changed = after.data!.family.members.find((m: any) => m.nik === member.nik);
    expect(changed).toMatchObject({ name: 'DEWI LESTARI', relationship: 'OTHER_RELATIVE' });
    expect(after.data!.family.address).toMatchObject({ street: 'JL. KENANGA NO. 8', rt: '007' });
  });

  it('does not leak SQL or driver messages when SIAK fails, and logs them with the request id', async () => {
    const logLines: string[] = [];
    const broken = populationSubgraph({
      siak: { ...siak.port, residentsByNik: async () => Promise.reject(new Error('SQLITE_ERROR: no such column: B.NAMA near "select"')) } as never,
      audit,
      tenants: Tenants.load(),
      logger: createLogger('test', 'info', {}, (line) => logLines.push(line)),
    });
    const server = createSubgraphApollo(broken);
    await server.start();
    try {
      const response = await server.executeOperation({ query: '{ resident(nik: "3674011708850003") { nik } }' }, { contextValue: broken.buildContext({ requestId: 't', ...ADMINISTRATOR_REQUEST }, deadlineIn(10_000)) });
      const body = JSON.stringify(response.body);
      expect(body).toContain('INTERNAL_SERVER_ERROR');
      expect(body).not.toMatch(/SQLITE|no such column|B\.NAMA|stacktrace/i);
      const logged = logLines.map((l) => JSON.parse(l) as { msg: string; requestId: string; error: { message: string } });
      expect(logged).toContainEqual(expect.objectContaining({ msg: 'unexpected error', requestId: 't', error: expect.objectContaining({ message: expect.stringContaining('no such column') }) }));
    } finally {
      await server.stop();
    }
  });
});
