import { readFileSync } from 'node:fs';
import { SignJWT, importPKCS8 } from 'jose';
import { siakEmulator } from '@sim/siak/emulator';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { DEVELOPMENT_ONLY_TOKEN_PRIVATE_KEY_PEM, DEVELOPMENT_TOKEN_KID } from '../../gateway/src/auth/development-issuer';
import { operationId } from '../../gateway/src/persisted-operations';
import { MANIFEST_PATH } from '../../gateway/src/persisted-operations-build';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { administratorHeaders, postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * What a stranger, a stolen machine token or a careless client can send, and what they get: a
 * clear refusal with a stable code, in milliseconds, with nothing leaked (no SQL, stack, host,
 * internal subgraph name or legacy payload), while the servers keep answering everyone else.
 */
const LEAKS = /sqlite|knex|mysql|maria|select |insert |BIODATA|DATA_KELUARGA|at \w+ \(|node:internal|127\.0\.0\.1|localhost|ECONN|population subgraph|serviceName|stacktrace/i;
const QUICK_MS = 1_000;

describe(`hostile requests at the gateway (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let nik: string;

  beforeAll(async () => {
    legacy = await seededStorage('hostile', [siakEmulator]);
    nik = ((await legacy.open('siak')('BIODATA_WNI').select('NIK').orderBy('NIK').first()) as { NIK: string }).NIK;
    stack = await startStack(legacy.storage, { gatewayEnv: { GATEWAY_INTROSPECTION: 'off' } });
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
  });

  async function send(body: string, headers: Record<string, string> = {}) {
    const started = performance.now();
    const res = await fetch(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await administratorHeaders()), ...headers }, body });
    const text = await res.text();
    return { status: res.status, text, ms: performance.now() - started, body: (text.startsWith('{') ? JSON.parse(text) : undefined) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } | undefined };
  }
  const query = (q: string, variables: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => JSON.stringify({ query: q, variables, ...extra });
  const reasons = (r: Awaited<ReturnType<typeof send>>) => (r.body?.errors ?? []).map((e) => e.extensions?.reason ?? e.extensions?.code);

  function expectCleanRefusal(r: Awaited<ReturnType<typeof send>>) {
    expect(r.ms).toBeLessThan(QUICK_MS);
    expect(r.body?.errors?.length).toBeGreaterThan(0);
    expect(r.text).not.toMatch(LEAKS);
  }

  describe('queries that cost too much', () => {
    it('refuses deep nesting', async () => {
      let selection = 'nik';
      for (let level = 0; level < 20; level += 1) selection = `family { members { ${selection} } }`;
      const r = await send(query(`{ resident(nik: "${nik}") { ${selection} } }`));
      expectCleanRefusal(r);
      expect(reasons(r)).toContain('MAX_DEPTH');
    });

    it('refuses wide, alias-heavy queries and aliased list fields', async () => {
      const wide = Array.from({ length: 60 }, (_, i) => `a${i}: resident(nik: "${nik}") { name }`).join(' ');
      const r = await send(query(`{ ${wide} }`));
      expectCleanRefusal(r);
      expect(reasons(r)).toEqual(expect.arrayContaining(['MAX_ALIASES']));
      const lists = Array.from({ length: 15 }, (_, i) => `l${i}: residents(filter: { regionCode: "36.74.01" }, first: 100) { edges { node { family { members { name } } } } }`).join(' ');
      const costly = await send(query(`{ ${lists} }`));
      expectCleanRefusal(costly);
      expect(reasons(costly)).toEqual(expect.arrayContaining(['MAX_COST']));
    });

    it('refuses fragment cycles', async () => {
      const r = await send(query(`{ resident(nik: "${nik}") { ...A } } fragment A on Resident { family { members { ...B } } } fragment B on Resident { family { members { ...A } } }`));
      expectCleanRefusal(r);
      expect(r.body!.errors![0]!.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('refuses fragments that each spread the next one twice (exponential expansion) in milliseconds', async () => {
      // 14 levels: 2^14 copies of the innermost selection once expanded, from about 1.3 KB of text.
      const levels = 14;
      const fragments = Array.from({ length: levels }, (_, i) =>
        i === levels - 1 ? `fragment F${i} on Resident { name }` : `fragment F${i} on Resident { ...F${i + 1} family { head { ...F${i + 1} } } }`,
      );
      const text = `{ resident(nik: "${nik}") { ...F0 } } ${fragments.join(' ')}`;
      expect(text.length).toBeLessThan(2_000);
      const r = await send(query(text));
      expectCleanRefusal(r);
      expect(r.body!.errors!.every((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
    });

    it('refuses a batch of operations in one request', async () => {
      const r = await send(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
      expect(r.status).toBe(400);
      expectCleanRefusal(r);
    });
  });

  describe('input that is too big or meant to break things', () => {
    it('refuses a body over the limit before reading it all, and a huge string argument as bad input', async () => {
      const huge = await send(query(`{ resident(nik: "${'9'.repeat(2_000_000)}") { name } }`));
      expect(huge.status).toBe(413);
      expect(huge.ms).toBeLessThan(QUICK_MS * 2);
      const big = await send(query('query ($nik: String!) { resident(nik: $nik) { name } }', { nik: 'x'.repeat(500_000) }));
      expectCleanRefusal(big);
      expect(big.body!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_16_DIGITS' });
      expect(big.text.length).toBeLessThan(2_000);
    });

    it('refuses a huge list where one value is expected, and a page size out of range', async () => {
      const list = await send(query('query ($nik: String!) { resident(nik: $nik) { name } }', { nik: Array.from({ length: 100_000 }, () => nik) }));
      expectCleanRefusal(list);
      const page = await send(query('{ residents(filter: { name: "SITI" }, first: 1000000) { edges { cursor } } }'));
      expectCleanRefusal(page);
      // Refused by the cost limit (lists are weighted by their size) before the subgraph's own bound.
      expect(page.body!.errors![0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_COST' });
    });

    const INJECTIONS = ["' OR '1'='1", '1; DROP TABLE BIODATA_WNI; --', '%', '_', '\\', '"', '<script>alert(1)</script>', '${jndi:ldap://x}', '\u0000', '../../etc/passwd', 'ＳＥＬＥＣＴ', '3674011708850003\' --'];

    it.each([
      ['resident(nik:)', 'query ($v: String!) { resident(nik: $v) { name } }'],
      ['family(number:)', 'query ($v: String!) { family(number: $v) { headName } }'],
      ['residents(filter.name)', 'query ($v: String!) { residents(filter: { name: $v }) { edges { node { name } } } }'],
      ['residents(filter.regionCode)', 'query ($v: String!) { residents(filter: { regionCode: $v }) { edges { node { name } } } }'],
      ['residents(after:)', 'query ($v: String!) { residents(filter: { name: "SITI" }, after: $v) { edges { node { name } } } }'],
    ])('answers injection strings in %s with a clear error or nothing, never with SQL', async (_name, q) => {
      for (const value of INJECTIONS) {
        const r = await send(query(q, { v: value }));
        expect(r.ms).toBeLessThan(QUICK_MS);
        expect(r.text).not.toMatch(LEAKS);
        const codes = (r.body?.errors ?? []).map((e) => e.extensions?.code);
        expect(codes.every((c) => c === 'BAD_USER_INPUT')).toBe(true);
      }
    });
  });

  describe('callers who are not who they say', () => {
    const withToken = (token: string) => send(query(`{ resident(nik: "${nik}") { name } }`), { authorization: `Bearer ${token}` });

    it('refuses forged, expired, wrong-audience and unsigned tokens with 401 and a reason', async () => {
      const good = await issueToken({ sub: 'officer-1', roles: ['OFFICER'], tenant: 'tangsel', region: '36.74' });
      const [header, payload] = good.split('.');
      const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), roles: ['ADMINISTRATOR'] })).toString('base64url');
      const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      const otherKey = await importPKCS8('-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n', 'EdDSA');
      const wrongKey = await new SignJWT({ roles: ['ADMINISTRATOR'], tenant: 'tangsel' }).setProtectedHeader({ alg: 'EdDSA', kid: DEVELOPMENT_TOKEN_KID }).setSubject('x').setIssuer('gerbang-development').setAudience('gerbang').setExpirationTime('1h').sign(otherKey);
      const cases: Array<[string, string]> = [
        [`${header}.${forgedPayload}.${good.split('.')[2]}`, 'BAD_SIGNATURE'],
        [wrongKey, 'BAD_SIGNATURE'],
        [unsigned, 'ALGORITHM_NOT_ALLOWED'],
        [await issueToken({ sub: 'o', roles: ['OFFICER'], tenant: 'tangsel', region: '36.74', ttlS: 60 }, undefined, Date.now() - 3_600_000), 'EXPIRED'],
        [await issueToken({ sub: 'o', roles: ['OFFICER'], tenant: 'tangsel', region: '36.74', audience: 'another-api' }), 'WRONG_AUDIENCE'],
        [await issueToken({ sub: 'o', roles: ['OFFICER'], tenant: 'jakarta', region: '36.74' }), 'UNKNOWN_TENANT'],
      ];
      for (const [token, reason] of cases) {
        const r = await withToken(token);
        expect(r.status).toBe(401);
        expectCleanRefusal(r);
        expect(r.body!.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
      }
      // The development issuer's key is public: only a gateway in development mode trusts it (see hops.test.ts).
      expect(DEVELOPMENT_ONLY_TOKEN_PRIVATE_KEY_PEM).toContain('PRIVATE KEY');
    });

    it('refuses a direct call to a subgraph without the gateway\'s hop token', async () => {
      const res = await fetch(`${stack.subgraphUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query(`{ resident(nik: "${nik}") { name } }`) });
      expect(res.status).toBe(401);
      expect(await res.text()).not.toMatch(LEAKS);
    });

    it('refuses a cross-site form post (CSRF) and a GET without a preflight header', async () => {
      const form = await fetch(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain', ...(await administratorHeaders()) }, body: query('{ __typename }') });
      expect(form.status).toBe(400);
      const get = await fetch(`${stack.gatewayUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: await administratorHeaders() });
      expect(get.status).toBe(400);
    });

    it('answers no introspection when it is off (outside development mode), and suggests no field names', async () => {
      const r = await send(query('{ __schema { types { name } } }'));
      expectCleanRefusal(r);
      expect(r.text).not.toContain('Resident');
    });
  });

  describe('machine clients run registered operations only', () => {
    const kioskHeaders = async () => ({ authorization: `Bearer ${await issueToken({ sub: 'kiosk-bxc-1', roles: ['KIOSK'], tenant: 'tangsel' })}` });
    const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as { operations: Array<{ id: string; name: string }> };

    it('runs a registered operation by its id', async () => {
      const op = manifest.operations.find((o) => o.name === 'KioskResident')!;
      const r = await send(JSON.stringify({ operationName: 'KioskResident', variables: { nik }, extensions: { persistedQuery: { version: 1, sha256Hash: op.id } } }), await kioskHeaders());
      expect(r.body!.errors).toBeUndefined();
      expect(r.body!.data).toEqual({ resident: { nik: expect.stringMatching(/^\d{6}\*{6}\d{4}$/), name: expect.any(String) } });
    });

    it('refuses a kiosk its own query text, an unknown id, and text that does not match its id', async () => {
      const own = await send(query(`{ resident(nik: "${nik}") { name birthDate } }`), await kioskHeaders());
      expect(own.status).toBe(403);
      expect(own.body!.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PERSISTED_OPERATION_REQUIRED' });
      const unknown = await send(JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: operationId('{ __typename }') } } }), await kioskHeaders());
      expect(unknown.status).toBe(400);
      expect(reasons(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      const mismatch = await send(JSON.stringify({ query: '{ residents(filter: { name: "SITI" }) { edges { node { nik } } } }', extensions: { persistedQuery: { version: 1, sha256Hash: manifest.operations[0]!.id } } }), await kioskHeaders());
      expect(reasons(mismatch)).toEqual(['PERSISTED_QUERY_MISMATCH']);
    });
  });

  it('keeps answering others while it refuses a stream of hostile requests', async () => {
    let selection = 'nik';
    for (let level = 0; level < 30; level += 1) selection = `family { members { ${selection} } }`;
    const hostile = query(`{ resident(nik: "${nik}") { ${selection} } }`);
    let running = true;
    const attacker = async () => {
      while (running) await send(hostile);
    };
    const attackers = Array.from({ length: 4 }, attacker);
    try {
      const latencies: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const started = performance.now();
        const { body } = await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${nik}") { name } }`);
        latencies.push(performance.now() - started);
        expect(body.errors).toBeUndefined();
      }
      latencies.sort((a, b) => a - b);
      expect(latencies[Math.floor(latencies.length * 0.9)]).toBeLessThan(QUICK_MS);
      expect((await fetch(`${stack.gatewayUrl}/healthz`)).status).toBe(200);
    } finally {
      running = false;
      await Promise.all(attackers);
    }
  });
});
