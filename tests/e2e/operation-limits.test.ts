import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * What one operation may cost, enforced at the gateway: a hostile query is refused with a reason,
 * before any subgraph or legacy application does any work (counted: no subgraph call, no SQL
 * statement; how fast is the benchmarks' business, not a timed test's).
 */
describe(`operation limits at the gateway (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let nik: string;

  beforeAll(async () => {
    legacy = await seededStorage('limits', [siakEmulator]);
    nik = ((await legacy.open('siak')('BIODATA_WNI').select('NIK').orderBy('NIK').first()) as { NIK: string }).NIK;
    stack = await startStack(legacy.storage);
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
  });

  async function refused(query: string) {
    stack.seen.length = 0;
    const before = stack.siak.client.statementCount;
    const { status, text, body } = await postGraphQL(stack.gatewayUrl, query);
    return { status, text, body, subgraphCalls: stack.seen.length, statements: stack.siak.client.statementCount - before };
  }

  it('refuses a query nested deeper than the limit, without calling a subgraph', async () => {
    let selection = 'nik';
    for (let level = 0; level < 20; level += 1) selection = `family { members { nik ${selection} } }`;
    const r = await refused(`{ resident(nik: "${nik}") { ${selection} } }`);
    expect(r.body.errors!.every((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
    // Deep nesting is also expensive: both limits say so.
    expect(r.body.errors!.map((e) => e.extensions?.reason)).toEqual(expect.arrayContaining(['MAX_DEPTH', 'MAX_COST']));
    expect(r.body.data ?? null).toBeNull();
    expect(r.subgraphCalls).toBe(0);
    expect(r.statements).toBe(0);
  });

  it('refuses the same depth hidden in fragments', async () => {
    const fragments = Array.from({ length: 12 }, (_, i) => `fragment F${i} on Family { members { nik ${i < 11 ? `family { ...F${i + 1} }` : ''} } }`).join('\n');
    const r = await refused(`{ resident(nik: "${nik}") { family { ...F0 } } }\n${fragments}`);
    expect(r.body.errors!.map((e) => e.extensions?.reason)).toContain('MAX_DEPTH');
    expect(r.subgraphCalls).toBe(0);
  });

  it('refuses too many aliases', async () => {
    const fields = Array.from({ length: 50 }, (_, i) => `r${i}: resident(nik: "${nik}") { nik }`).join(' ');
    const r = await refused(`{ ${fields} }`);
    expect(r.body.errors![0]!.extensions).toMatchObject({ reason: 'MAX_ALIASES' });
    expect(r.subgraphCalls).toBe(0);
  });

  it('refuses a batch of operations in one request', async () => {
    const res = await fetch(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/at .*\.js/);
  });

  it('still serves an ordinary query in full', async () => {
    const { body } = await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${nik}") { nik name family { number members { nik name family { number } address { rt kelurahan { name } } } } address { street kecamatan { name } } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data!.resident.family.members.length).toBeGreaterThan(0);
  });
});

describe(`rate limits at the gateway (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;

  beforeAll(async () => {
    legacy = await seededStorage('ratelimit', [siakEmulator]);
    stack = await startStack(legacy.storage, { gatewayEnv: { GATEWAY_RATE_LIMIT_PER_ADDRESS: '5/60s', GATEWAY_RATE_LIMIT_PER_PRINCIPAL: 'off' } });
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
  });

  it('answers HTTP 429 with Retry-After once an address has used its requests, before any subgraph call', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await postGraphQL(stack.gatewayUrl, '{ __typename }')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    stack.seen.length = 0;
    const refused = await postGraphQL(stack.gatewayUrl, '{ residents(filter: { regionCode: "36.74.01" }, first: 1) { edges { cursor } } }');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'address' });
    expect(stack.seen).toHaveLength(0);
  });
});
