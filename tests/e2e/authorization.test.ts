import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { siakEmulator } from '@sim/siak/emulator';
import type { Role } from '@core/context/roles';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { operationId } from '../../gateway/src/persisted-operations';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * How the gateway enforces the access rules the schema declares (federation's @requiresScopes
 * and @policy, Gerbang's @masked): a field the caller may not see comes back null with FORBIDDEN
 * and a reason on its path, the rest of the answer stands; identifiers are masked for roles that
 * do not need them. What each role may see, field by field, is access-matrix.test.ts.
 */
describe(`access rules from the schema, enforced at the gateway (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let head: { NIK: string; NO_KK: string; NO_KEC: number; NO_KEL: number };

  /** What the kiosk sends in these tests; a kiosk runs registered operations only, so they are registered here. */
  const KIOSK_QUERIES = {
    nameAndBloodType: () => `{ resident(nik: "${head.NIK}") { name bloodType } }`,
    nameAndAlive: () => `{ resident(nik: "${head.NIK}") { name alive } }`,
    throughFragment: () => `query { resident(nik: "${head.NIK}") { ...Who } } fragment Who on Resident { name alive }`,
    nikAndName: () => `{ resident(nik: "${head.NIK}") { nik name } }`,
    withFamily: () => `{ resident(nik: "${head.NIK}") { nik name bloodType family { members { nik } } } }`,
  };
  const manifestDir = mkdtempSync(join(tmpdir(), 'gerbang-authz-'));

  beforeAll(async () => {
    legacy = await seededStorage('authz', [siakEmulator]);
    head = (await legacy.open('siak')('BIODATA_WNI').select('NIK', 'NO_KK', 'NO_KEC', 'NO_KEL').where({ STAT_HBKEL: 1 }).orderBy('NIK').first()) as typeof head;
    const manifest = join(manifestDir, 'manifest.json');
    const bodies = Object.values(KIOSK_QUERIES).map((q) => q());
    writeFileSync(manifest, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: bodies.map((body, i) => ({ id: operationId(body), name: `Kiosk${i}`, type: 'query', body })) }));
    stack = await startStack(legacy.storage, { gatewayEnv: { GATEWAY_PERSISTED_OPERATIONS_FILE: manifest } });
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
    rmSync(manifestDir, { recursive: true, force: true });
  });

  const kelurahan = () => `36.74.${String(head.NO_KEC).padStart(2, '0')}.${head.NO_KEL}`;

  const as = async (role: Role | undefined, query: string, purpose: string | null = 'counter service') => {
    const headers: Record<string, string> = { authorization: '' };
    if (role) {
      const region = role === 'OFFICER' ? '36.74' : role === 'KELURAHAN_OPERATOR' ? kelurahan() : undefined;
      headers.authorization = `Bearer ${await issueToken({ sub: `${role.toLowerCase()}-1`, roles: [role], tenant: 'tangsel', region, nik: role === 'RESIDENT' ? head.NIK : undefined })}`;
    }
    if (purpose) headers['x-purpose'] = purpose;
    if (role === 'KIOSK') {
      const res = await fetch(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: operationId(query) } } }) });
      return (await res.json()) as Awaited<ReturnType<typeof postGraphQL>>['body'];
    }
    return (await postGraphQL(stack.gatewayUrl, query, {}, headers)).body;
  };

  it('nulls a field the caller may not see, with FORBIDDEN and a reason on its path, and keeps the rest', async () => {
    const body = await as('KIOSK', KIOSK_QUERIES.nameAndBloodType());
    expect(body.data!.resident.name).toEqual(expect.any(String));
    expect(body.data!.resident.bloodType).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ path: ['resident', 'bloodType'], extensions: { code: 'FORBIDDEN', reason: 'MISSING_SCOPE' } })]);
  });

  it('takes the nearest nullable parent when a non-null field is denied', async () => {
    const body = await as('KIOSK', KIOSK_QUERIES.nameAndAlive());
    expect(body.data).toEqual({ resident: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['resident', 'alive'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
  });

  it('tells an anonymous caller to sign in, and gives them nothing', async () => {
    const body = await as(undefined, `{ resident(nik: "${head.NIK}") { name } family(number: "${head.NO_KK}") { headName } }`);
    expect(body.data).toEqual({ resident: null, family: null });
    expect(body.errors!.map((e) => e.extensions)).toEqual([
      { code: 'FORBIDDEN', reason: 'NOT_SIGNED_IN' },
      { code: 'FORBIDDEN', reason: 'NOT_SIGNED_IN' },
    ]);
  });

  it('judges fields selected through fragments too', async () => {
    const body = await as('KIOSK', KIOSK_QUERIES.throughFragment());
    expect(body.data).toEqual({ resident: null });
    expect(body.errors![0]).toMatchObject({ path: ['resident', 'alive'], extensions: { code: 'FORBIDDEN' } });
  });

  it('masks NIK and KK numbers for roles that do not need them, and only in the answer', async () => {
    const kiosk = await as('KIOSK', KIOSK_QUERIES.nikAndName());
    expect(kiosk.errors).toBeUndefined();
    expect(kiosk.data!.resident.nik).toBe(`${head.NIK.slice(0, 6)}******${head.NIK.slice(-4)}`);
    // A kelurahan operator works with families of their kelurahan: numbers masked, the rest in clear.
    const operator = await as('KELURAHAN_OPERATOR', `{ family(number: "${head.NO_KK}") { number headName members { nik name } } }`);
    expect(operator.errors).toBeUndefined();
    expect(operator.data!.family.number).toBe(`${head.NO_KK.slice(0, 6)}******${head.NO_KK.slice(-4)}`);
    for (const member of operator.data!.family.members) expect(member.nik).toMatch(/^\d{6}\*{6}\d{4}$/);
    const officer = await as('OFFICER', `{ family(number: "${head.NO_KK}") { number members { nik } } }`);
    expect(officer.data!.family.number).toBe(head.NO_KK);
    expect(officer.data!.family.members.map((m: { nik: string }) => m.nik)).toContain(head.NIK);
  });

  it('asks staff for a purpose before any personal data is read, without calling the subgraph', async () => {
    stack.seen.length = 0;
    const body = await as('OFFICER', `{ resident(nik: "${head.NIK}") { name } }`, null);
    expect(body.data).toEqual({ resident: null });
    expect(body.errors![0]).toMatchObject({ path: ['resident'], extensions: { code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' } });
    expect(stack.seen).toEqual([]);
  });

  it('answers a caller with the right scopes in full, and never shares one caller\'s filtered plan with another', async () => {
    const query = KIOSK_QUERIES.withFamily();
    const officer = await as('OFFICER', query);
    expect(officer.errors).toBeUndefined();
    expect(officer.data!.resident.nik).toBe(head.NIK);
    const kiosk = await as('KIOSK', query);
    expect(kiosk.data!.resident.family).toBeNull();
    expect(JSON.stringify(kiosk)).not.toContain(head.NIK);
    const again = await as('OFFICER', query);
    expect(again.data).toEqual(officer.data);
  });

  it('decides the same query text afresh for each caller\'s facts: purpose, role and scopes are never carried over', async () => {
    const query = `{ resident(nik: "${head.NIK}") { nik name family { number } } }`;
    const sequence: Array<[Role, string | null]> = [['OFFICER', 'counter service'], ['OFFICER', null], ['KELURAHAN_OPERATOR', 'kelurahan desk'], ['OFFICER', 'counter service'], ['OFFICER', null], ['RESIDENT', null]];
    const seen: Array<{ nik: unknown; purpose: unknown; reason: unknown; calledSubgraph: boolean }> = [];
    for (const [role, purpose] of sequence) {
      stack.seen.length = 0;
      const body = await as(role, query, purpose);
      seen.push({ nik: body.data?.resident?.nik ?? null, purpose: purpose !== null, reason: body.errors?.[0]?.extensions?.reason ?? null, calledSubgraph: stack.seen.length > 0 });
    }
    const masked = (nik: unknown) => typeof nik === 'string' && nik !== head.NIK && nik.includes('*');
    expect(seen[0]).toMatchObject({ nik: head.NIK, reason: null });
    // Refused by the gateway itself, before any call: not a decision carried over from the caller before.
    expect(seen[1]).toMatchObject({ nik: null, reason: 'PURPOSE_REQUIRED', calledSubgraph: false });
    expect(masked(seen[2]!.nik)).toBe(true);
    expect(seen[3]).toMatchObject({ nik: head.NIK, reason: null });
    expect(seen[4]).toMatchObject({ nik: null, reason: 'PURPOSE_REQUIRED', calledSubgraph: false });
    expect(seen[5]).toMatchObject({ nik: head.NIK, reason: null });
  });
});
