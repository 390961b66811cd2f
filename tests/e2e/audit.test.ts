import { AuditReader, locateAuditDatabase, openAuditStore, verifyAuditTrail, type AuditStore } from '@core/audit';
import { dropAppDatabase } from '@core/sql/app-database';
import { siakEmulator } from '@sim/siak/emulator';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * The audit trail end to end: every resident record a query through the gateway reads is in the
 * trail with who asked, for which tenant, why and in which request; the chain verifies; and when
 * the trail cannot be written, the personal data is not given out.
 */
describe(`audit trail of personal-data reads (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let store: AuditStore;
  let head: { NIK: string; NO_KK: string };

  beforeAll(async () => {
    legacy = await seededStorage('audit-e2e', [siakEmulator]);
    head = (await legacy.open('siak')('BIODATA_WNI').select('NIK', 'NO_KK').where({ STAT_HBKEL: 1 }).orderBy('NIK').first()) as { NIK: string; NO_KK: string };
    stack = await startStack(legacy.storage);
    store = await openAuditStore(legacy.storage);
  });

  afterAll(async () => {
    await store?.close();
    await stack?.stop();
    await legacy?.cleanup();
  });

  it('records who read which residents, for which tenant, why and in which request', async () => {
    const token = await issueToken({ sub: 'officer-7', roles: ['OFFICER'], tenant: 'tangsel', region: '36.74' });
    const { headers, body } = await postGraphQL(stack.gatewayUrl, `{ family(number: "${head.NO_KK}") { members { nik name } } }`, {}, { authorization: `Bearer ${token}`, 'x-purpose': 'KK change at the Serpong counter, ticket 118' });
    expect(body.errors).toBeUndefined();
    const members: string[] = body.data!.family.members.map((m: { nik: string }) => m.nik);
    expect(members.length).toBeGreaterThan(0);
    await stack.audit.flush();
    const reader = new AuditReader(store);
    for (const nik of members) {
      const { records } = await reader.byNik(nik, { first: 5 });
      expect(records).toContainEqual(
        expect.objectContaining({
          requestId: headers.get('x-request-id'),
          tenant: 'tangsel',
          access: 'read',
          purpose: 'KK change at the Serpong counter, ticket 118',
          principal: expect.objectContaining({ kind: 'user', id: 'officer-7', roles: ['OFFICER'] }),
          niks: expect.arrayContaining([nik]),
        }),
      );
    }
    expect(await verifyAuditTrail(store)).toMatchObject({ ok: true });
  });

  it('records searches too, one record per statement that returned people', async () => {
    const { headers, body } = await postGraphQL(stack.gatewayUrl, '{ residents(filter: { regionCode: "36.74.01" }, first: 5) { edges { node { nik family { number } } } } }');
    expect(body.errors).toBeUndefined();
    await stack.audit.flush();
    const found = await new AuditReader(store).search({ tenant: 'tangsel' }, { first: 50 });
    const mine = found.records.filter((r) => r.requestId === headers.get('x-request-id'));
    expect(mine.map((r) => r.operation).sort()).toEqual(['siak.familiesByNumber', 'siak.searchResidents']);
    expect(mine.every((r) => r.principal.id === 'test-administrator' && r.purpose === 'automated test')).toBe(true);
  });

  it('shows a resident who read their data and why, and an auditor also who exactly; each reading of the trail is recorded', async () => {
    const officer = await issueToken({ sub: 'officer-trail', roles: ['OFFICER'], tenant: 'tangsel', region: '36.74' });
    await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${head.NIK}") { name } }`, {}, { authorization: `Bearer ${officer}`, 'x-purpose': 'KTP replacement, ticket B-004' });
    await stack.audit.flush();
    const trail = `query ($nik: String!) { personalDataAccesses(nik: $nik, first: 5) { edges { node { at access operation purpose roles } } } }`;
    const resident = await issueToken({ sub: 'resident-trail', roles: ['RESIDENT'], tenant: 'tangsel', nik: head.NIK });
    const own = await postGraphQL(stack.gatewayUrl, trail, { nik: head.NIK }, { authorization: `Bearer ${resident}` });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data!.personalDataAccesses.edges[0].node).toEqual({ at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/), access: 'READ', operation: 'siak.residentsByNik', purpose: 'KTP replacement, ticket B-004', roles: ['OFFICER'] });
    // Who exactly is for auditors: the resident sees the role, not the officer's id.
    const who = await postGraphQL(stack.gatewayUrl, `query ($nik: String!) { personalDataAccesses(nik: $nik, first: 1) { edges { node { accessedBy } } } }`, { nik: head.NIK }, { authorization: `Bearer ${resident}` });
    expect(who.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const other = await postGraphQL(stack.gatewayUrl, trail, { nik: '3674011708850003' }, { authorization: `Bearer ${resident}` });
    expect(other.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_RECORD' });

    const auditor = await issueToken({ sub: 'auditor-1', roles: ['AUDITOR'], tenant: 'tangsel' });
    const audited = await postGraphQL(stack.gatewayUrl, `query ($nik: String!) { personalDataAccesses(nik: $nik, first: 10) { edges { node { operation accessedBy roles } } } }`, { nik: head.NIK }, { authorization: `Bearer ${auditor}` });
    expect(audited.body.errors).toBeUndefined();
    const nodes = audited.body.data!.personalDataAccesses.edges.map((e: { node: unknown }) => e.node);
    expect(nodes).toContainEqual({ operation: 'siak.residentsByNik', accessedBy: 'officer-trail', roles: ['OFFICER'] });
    // The resident's own look at the trail is in it too.
    expect(nodes).toContainEqual({ operation: 'audit.personalDataAccesses', accessedBy: 'resident-trail', roles: ['RESIDENT'] });
  });

  it('gives out no personal data when the trail cannot be written (fail closed)', async () => {
    await dropAppDatabase(locateAuditDatabase(legacy.storage));
    const { text, body } = await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${head.NIK}") { nik name } }`);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'AUDIT_UNAVAILABLE', retryable: true });
    expect(body.data?.resident ?? null).toBeNull();
    expect(text).not.toContain(head.NIK);
  });
});
