import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { subgraphSdl } from '@core/schema/subgraphs';
import { siakEmulator } from '@sim/siak/emulator';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * Access rules declared in the schema with federation's @authenticated, @requiresScopes and
 * @policy, enforced by the gateway: a field the caller may not see comes back null with FORBIDDEN
 * on its path and the rest of the answer stands. The population schema with a few rules added is
 * composed here into a supergraph of its own (the committed one gets its rules with the
 * security issue's role matrix).
 */
function ruledSupergraph(): string {
  const sdl = subgraphSdl('population')
    .replace('import: ["@key", "@shareable"]', 'import: ["@key", "@shareable", "@authenticated", "@requiresScopes", "@policy"]')
    .replace(/(\n {2}nik: ID!)/, '$1 @requiresScopes(scopes: [["population:read-identifiers"]])')
    .replace(/(\n {2}bloodType: BloodType)/, '$1 @policy(policies: [["not-a-channel"]])')
    .replace(/(\n {2}members: \[Resident!\]!)/, '$1 @authenticated');
  const composed = composeServices([{ name: 'population', typeDefs: parse(sdl), url: 'http://127.0.0.1:4001/graphql' }]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  return composed.supergraphSdl;
}

describe(`access rules from the schema, enforced at the gateway (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let head: { NIK: string; NO_KK: string };
  const dir = mkdtempSync(join(tmpdir(), 'gerbang-ruled-'));

  beforeAll(async () => {
    legacy = await seededStorage('authz', [siakEmulator]);
    head = (await legacy.open('siak')('BIODATA_WNI').select('NIK', 'NO_KK').where({ STAT_HBKEL: 1 }).orderBy('NIK').first()) as { NIK: string; NO_KK: string };
    const path = join(dir, 'supergraph.graphql');
    writeFileSync(path, ruledSupergraph());
    stack = await startStack(legacy.storage, { gatewayEnv: { GERBANG_SUPERGRAPH_PATH: path } });
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const as = async (role: 'OFFICER' | 'KIOSK' | undefined, query: string) => {
    const headers: Record<string, string> = role ? { authorization: `Bearer ${await issueToken({ sub: `${role.toLowerCase()}-1`, roles: [role], tenant: 'tangsel' })}` } : {};
    return (await postGraphQL(stack.gatewayUrl, query, {}, headers)).body;
  };

  it('nulls a field the caller may not see, with FORBIDDEN on its path, and keeps the rest', async () => {
    const body = await as('KIOSK', `{ resident(nik: "${head.NIK}") { name bloodType } }`);
    expect(body.data!.resident.name).toEqual(expect.any(String));
    expect(body.data!.resident.bloodType).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ path: ['resident', 'bloodType'], extensions: { code: 'FORBIDDEN' } })]);
  });

  it('takes the nearest nullable parent when a non-null field is denied', async () => {
    const body = await as(undefined, `{ resident(nik: "${head.NIK}") { name nik } }`);
    expect(body.data).toEqual({ resident: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['resident', 'nik'], extensions: { code: 'FORBIDDEN' } })]);
    // members is non-null too: the family it belongs to becomes null, the resident stays.
    const family = await as('KIOSK', `{ resident(nik: "${head.NIK}") { name family { number members { name } } } }`);
    expect(family.data!.resident).toMatchObject({ name: expect.any(String) });
    expect(family.errors).toBeUndefined();
    const anonymousFamily = await as(undefined, `{ family(number: "${head.NO_KK}") { number headName members { name } } }`);
    expect(anonymousFamily.data).toEqual({ family: null });
    expect(anonymousFamily.errors![0]).toMatchObject({ path: ['family', 'members'], extensions: { code: 'FORBIDDEN' } });
  });

  it('judges fields selected through fragments too', async () => {
    const body = await as(undefined, `query { resident(nik: "${head.NIK}") { ...Who } } fragment Who on Resident { name nik }`);
    expect(body.data).toEqual({ resident: null });
    expect(body.errors![0]).toMatchObject({ path: ['resident', 'nik'], extensions: { code: 'FORBIDDEN' } });
  });

  it('answers a caller with the right scopes in full, and never shares one caller\'s filtered plan with another', async () => {
    const query = `{ resident(nik: "${head.NIK}") { nik name bloodType family { members { nik } } } }`;
    const officer = await as('OFFICER', query);
    expect(officer.errors).toBeUndefined();
    expect(officer.data!.resident.nik).toBe(head.NIK);
    const stranger = await as(undefined, query);
    expect(stranger.data).toEqual({ resident: null });
    expect(JSON.stringify(stranger)).not.toContain(head.NIK.slice(6));
    const again = await as('OFFICER', query);
    expect(again.data).toEqual(officer.data);
  });
});
