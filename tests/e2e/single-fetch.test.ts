import { siakEmulator } from '@sim/siak/emulator';
import type { Role } from '@core/context/roles';
import { metricsRegistry } from '@core/metrics';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * The single-fetch path (gateway/src/federation/single-fetch.ts): an operation one subgraph answers
 * whole is answered, once Apollo has answered it for callers with the same access facts, without
 * Apollo's pipeline. What must hold: the answer is byte for byte Apollo's; a caller with other facts
 * (role, scopes, purpose) never takes it, so masking and denials stay; each request makes its own
 * call for its own caller (never stale, never shared); errors, bad variables and a stopped subgraph
 * are answered as Apollo answers them, with no second call.
 */
describe(`single-fetch path (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let head: { NIK: string; NO_KK: string; NO_KEC: number; NO_KEL: number; NAMA_LGKP: string };

  beforeAll(async () => {
    legacy = await seededStorage('single-fetch', [siakEmulator]);
    head = (await legacy.open('siak')('BIODATA_WNI').select('NIK', 'NO_KK', 'NO_KEC', 'NO_KEL', 'NAMA_LGKP').where({ STAT_HBKEL: 1 }).orderBy('NIK').first()) as typeof head;
    stack = await startStack(legacy.storage);
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
  });

  const shortcutAnswers = async () => ((await metricsRegistry.getSingleMetric('gerbang_gateway_single_fetch_answers_total')!.get()).values[0]?.value ?? 0);

  const headersOf = async (role: Role, purpose: string | null = 'layanan loket', sub = `${role.toLowerCase()}-1`) => {
    const region = role === 'OFFICER' ? '36.74' : role === 'KELURAHAN_OPERATOR' ? `36.74.${String(head.NO_KEC).padStart(2, '0')}.${head.NO_KEL}` : undefined;
    const headers: Record<string, string> = { authorization: `Bearer ${await issueToken({ sub, roles: [role], tenant: 'tangsel', region })}` };
    if (purpose) headers['x-purpose'] = purpose;
    return headers;
  };

  /** One request: its answer, whether the single-fetch path gave it, and the subgraph calls it made. */
  async function ask(query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) {
    stack.seen.length = 0;
    const before = await shortcutAnswers();
    const answer = await postGraphQL(stack.gatewayUrl, query, variables, headers ?? (await headersOf('OFFICER')));
    return { ...answer, short: (await shortcutAnswers()) - before, calls: stack.seen.length, callers: stack.seen.map((r) => (r.principal.kind === 'anonymous' ? 'anonymous' : r.principal.id)) };
  }

  const RESIDENT = 'query Resident($nik: String!) { resident(nik: $nik) { nik name birthDate family { number } } }';
  const SEARCH = 'query ($name: String!, $region: String!) { residents(filter: { name: $name, regionCode: $region }, first: 20) { edges { node { nik name birthDate family { number } } } pageInfo { hasNextPage endCursor } } }';
  const FAMILY = 'query ($number: String!) { family(number: $number) { number headName members { nik name relationship } } }';

  it('answers an operation one subgraph answers whole byte for byte as Apollo did, with one call', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      [RESIDENT, { nik: head.NIK }],
      [SEARCH, { name: head.NAMA_LGKP.split(' ')[0]!, region: `36.74.${String(head.NO_KEC).padStart(2, '0')}` }],
      [FAMILY, { number: head.NO_KK }],
    ];
    for (const [query, variables] of cases) {
      const apollo = await ask(query, variables);
      expect(apollo.body.errors).toBeUndefined();
      expect(apollo.short).toBe(0);
      const short = await ask(query, variables);
      expect(short.short).toBe(1);
      expect(short.calls).toBe(1);
      expect(short.status).toBe(apollo.status);
      expect(short.headers.get('content-type')).toBe(apollo.headers.get('content-type'));
      expect(short.text).toBe(apollo.text);
    }
  });

  it('never gives a caller with other facts what was learnt for another: masking and denials stay', async () => {
    const query = `query Family($number: String!) { family(number: $number) { number members { nik } } }`;
    const variables = { number: head.NO_KK };
    await ask(query, variables);
    const clear = await ask(query, variables);
    expect(clear.short).toBe(1);
    expect(clear.body.data!.family.number).toBe(head.NO_KK);

    // A kelurahan operator sees the numbers masked: Apollo's path, every time.
    for (let i = 0; i < 2; i++) {
      const operator = await ask(query, variables, await headersOf('KELURAHAN_OPERATOR'));
      expect(operator.short).toBe(0);
      expect(operator.body.data!.family.number).toBe(`${head.NO_KK.slice(0, 6)}******${head.NO_KK.slice(-4)}`);
      expect(operator.text).not.toContain(head.NIK);
    }
    // An officer who states no purpose reads nothing, and the subgraph is not called.
    for (let i = 0; i < 2; i++) {
      const unstated = await ask(query, variables, await headersOf('OFFICER', null));
      expect(unstated.short).toBe(0);
      expect(unstated.calls).toBe(0);
      expect(unstated.body.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' } });
      expect(unstated.text).not.toContain(head.NO_KK);
    }
    // Another officer with the same facts takes the path, with a call made for them, not the first officer.
    const other = await ask(query, variables, await headersOf('OFFICER', 'layanan loket', 'officer-2'));
    expect(other.short).toBe(1);
    expect(other.callers).toEqual(['officer-2']);
    expect(other.text).toBe(clear.text);
  });

  it('is never stale: what an officer changes in SIAK shows in the next answer', async () => {
    const query = 'query Name($nik: String!) { resident(nik: $nik) { name } }';
    await ask(query, { nik: head.NIK });
    const siak = legacy.open('siak');
    const renamed = `${head.NAMA_LGKP.slice(0, 40)} X`;
    await siak('BIODATA_WNI').where({ NIK: head.NIK }).update({ NAMA_LGKP: renamed });
    try {
      const after = await ask(query, { nik: head.NIK });
      expect(after.short).toBe(1);
      expect(after.body.data!.resident.name).toBe(renamed);
    } finally {
      await siak('BIODATA_WNI').where({ NIK: head.NIK }).update({ NAMA_LGKP: head.NAMA_LGKP });
    }
  });

  it('hands an answer with errors to Apollo with the call already made: the same answer, one call', async () => {
    const query = 'query Who($nik: String!) { resident(nik: $nik) { nik name } }';
    const wrong = { nik: '12345' };
    const before = await ask(query, wrong);
    expect(before.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await ask(query, { nik: head.NIK });
    expect((await ask(query, { nik: head.NIK })).short).toBe(1);
    const after = await ask(query, wrong);
    expect(after.short).toBe(0);
    expect(after.calls).toBe(1);
    expect(after.status).toBe(before.status);
    expect(after.text).toBe(before.text);
  });

  it('leaves variables that do not fit to Apollo, which refuses them without a call', async () => {
    const query = 'query Born($nik: String!) { resident(nik: $nik) { birthDate } }';
    const before = await ask(query, { nik: 3674 });
    expect(before.calls).toBe(0);
    await ask(query, { nik: head.NIK });
    expect((await ask(query, { nik: head.NIK })).short).toBe(1);
    const after = await ask(query, { nik: 3674 });
    expect(after.short).toBe(0);
    expect(after.calls).toBe(0);
    expect(after.status).toBe(before.status);
    expect(after.text).toBe(before.text);
  });

  it('answers in the content type the caller accepts, as Apollo does', async () => {
    const query = 'query Accepts($nik: String!) { resident(nik: $nik) { name } }';
    await ask(query, { nik: head.NIK });
    expect((await ask(query, { nik: head.NIK })).short).toBe(1);
    const headers = { ...(await headersOf('OFFICER')), accept: 'application/graphql-response+json' };
    const apollo = await ask(query, { nik: head.NIK }, headers);
    expect(apollo.short).toBe(0);
    expect(apollo.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const short = await ask(query, { nik: head.NIK }, headers);
    expect(short.short).toBe(1);
    expect(short.headers.get('content-type')).toBe(apollo.headers.get('content-type'));
    expect(short.text).toBe(apollo.text);
  });

  it('takes Apollo\'s path for an operation the plan does not answer as it is (fragments)', async () => {
    const query = 'query Frag($nik: String!) { resident(nik: $nik) { ...Who } } fragment Who on Resident { nik name }';
    for (let i = 0; i < 3; i++) {
      const r = await ask(query, { nik: head.NIK });
      expect(r.body.errors).toBeUndefined();
      expect(r.short).toBe(0);
    }
  });

  it('answers as Apollo does when the subgraph is stopped', async () => {
    const query = 'query Kk($nik: String!) { resident(nik: $nik) { family { number } } }';
    await ask(query, { nik: head.NIK });
    expect((await ask(query, { nik: head.NIK })).short).toBe(1);
    await stack.stopSubgraph();
    const down = await ask(query, { nik: head.NIK });
    expect(down.short).toBe(0);
    expect(down.body.data ?? null).toEqual({ resident: null });
    expect(down.body.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE' });
    expect(down.text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
  });
});
