import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { portalOnlineEmulator } from '@sim/portal-online/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { sirenaEmulator } from '@sim/sirena/emulator';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MANIFEST = JSON.parse(readFileSync(join(__dirname, '..', '..', 'gateway', 'operations', 'manifest.json'), 'utf8')) as { operations: Array<{ id: string; name: string }> };

const ASK = `mutation ($key: String!, $input: KioskPinInput!) { requestKioskPin(idempotencyKey: $key, input: $input) {
  pin validUntil request { id application service channel status servicePoint { kind id } } } }`;
const REQUEST = `query ($id: ID!) { serviceRequest(id: $id) { id status servicePoint { kind id } producedDocuments timeline { status at } } }`;

type Body = { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

/**
 * Scenario 3 through the gateway: a resident asks for a one-time PIN for their family card, a
 * mall kiosk (its own token, registered operations only) redeems it and prints, and the request
 * is COMPLETED with its timeline; a reused or expired PIN, another family's card and a kiosk's own
 * query are refused.
 */
describe(`mall kiosks end to end (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let family: { NIK: string; NO_KK: string };
  let other: { NO_KK: string };
  let residentToken: string;
  let kioskToken: string;

  beforeAll(async () => {
    legacy = await seededStorage('kiosk-e2e', [siakEmulator, portalOnlineEmulator, sirenaEmulator]);
    const siak = legacy.open('siak');
    family = (await siak('BIODATA_WNI').select('NIK', 'NO_KK').where({ STAT_HBKEL: 1, STAT_HIDUP: 1 }).orderBy('NIK').first()) as typeof family;
    other = (await siak('BIODATA_WNI').select('NO_KK').whereNot('NO_KK', family.NO_KK).where({ STAT_HBKEL: 1 }).orderBy('NIK').first()) as typeof other;
    stack = await startStack(legacy.storage, { services: true });
    residentToken = await issueToken({ sub: 'resident-kiosk', roles: ['RESIDENT'], tenant: 'tangsel', nik: family.NIK });
    kioskToken = await issueToken({ sub: 'ADM-M2-01', roles: ['KIOSK'], tenant: 'tangsel' });
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
  });

  const asResident = (query: string, variables: Record<string, unknown>) => postGraphQL(stack.gatewayUrl, query, variables, { authorization: `Bearer ${residentToken}` });

  /** As the kiosk's software sends it: a registered operation's id, never its text. */
  async function asKiosk(name: string, variables: Record<string, unknown>, token = kioskToken): Promise<{ status: number; body: Body }> {
    const operation = MANIFEST.operations.find((o) => o.name === name)!;
    const res = await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ operationName: name, variables, extensions: { persistedQuery: { version: 1, sha256Hash: operation.id } } }),
    });
    return { status: res.status, body: (await res.json()) as Body };
  }

  async function askPin(key: string, number = family.NO_KK) {
    const { body } = await asResident(ASK, { key, input: { document: 'FAMILY_CARD', number } });
    return body;
  }

  it('prints a resident\'s family card at a mall kiosk with a one-time PIN; the request completes with its timeline', async () => {
    const asked = await askPin('e2e-kiosk-1');
    expect(asked.errors).toBeUndefined();
    const { pin, request } = asked.data!.requestKioskPin;
    expect(pin).toMatch(/^\d{6}$/);
    expect(request).toMatchObject({ application: 'adm-kiosk', service: 'DOCUMENT_PRINT', channel: 'OFFLINE', status: 'SUBMITTED', servicePoint: { kind: 'MALL_KIOSK', id: null } });

    const redeemed = await asKiosk('RedeemKioskPin', { pin });
    expect(redeemed.body.errors).toBeUndefined();
    const print = redeemed.body.data!.redeemKioskPin;
    expect(print).toMatchObject({ id: request.id, document: 'FAMILY_CARD', documentNumber: family.NO_KK, state: 'PRINTING', expectedDoneAt: expect.any(String) });
    // What the kiosk is told names the document, never the resident.
    expect(JSON.stringify(redeemed.body)).not.toContain(family.NIK);

    // The print takes printSeconds (2 in the test stack): the kiosk follows it until it is done.
    let state = print.state as string;
    for (let i = 0; i < 60 && state === 'PRINTING'; i++) {
      await sleep(250);
      const progress = await asKiosk('KioskPrint', { id: request.id });
      expect(progress.body.errors).toBeUndefined();
      state = progress.body.data!.kioskPrint.state;
    }
    expect(state).toBe('PRINTED');

    const { body } = await asResident(REQUEST, { id: request.id });
    expect(body.errors).toBeUndefined();
    expect(body.data!.serviceRequest).toMatchObject({ status: 'COMPLETED', servicePoint: { kind: 'MALL_KIOSK', id: 'ADM-M2-01' }, producedDocuments: [family.NO_KK] });
    expect(body.data!.serviceRequest.timeline.map((t: { status: string }) => t.status)).toEqual(['SUBMITTED', 'IN_PROCESS', 'COMPLETED']);
    // The PIN appears in requestKioskPin's answer only.
    expect(JSON.stringify(body)).not.toContain(pin);

    const again = await asKiosk('RedeemKioskPin', { pin }, await issueToken({ sub: 'ADM-M3-01', roles: ['KIOSK'], tenant: 'tangsel' }));
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PIN_ALREADY_USED' });
  });

  it('refuses a PIN for another family\'s card, and a machine that is not one of the city\'s kiosks', async () => {
    const foreign = await askPin('e2e-kiosk-other', other.NO_KK);
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_FAMILY' });
    expect(foreign.data?.requestKioskPin ?? null).toBeNull();
    const stray = await asKiosk('RedeemKioskPin', { pin: '000000' }, await issueToken({ sub: 'kiosk-unknown-9', roles: ['KIOSK'], tenant: 'tangsel' }));
    expect(stray.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'UNKNOWN_KIOSK' });
  });

  it('lets a kiosk token run registered operations only', async () => {
    const res = await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${kioskToken}` },
      body: JSON.stringify({ query: 'mutation ($pin: String!) { redeemKioskPin(pin: $pin) { id documentNumber } }', variables: { pin: '123456' } }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as Body).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PERSISTED_OPERATION_REQUIRED' });
  });

  it('refuses a PIN past its 15 minutes', async () => {
    const asked = await askPin('e2e-kiosk-late');
    expect(asked.errors).toBeUndefined();
    stack.servicesApps!.clock.advance(16 * MINUTE);
    const late = await asKiosk('RedeemKioskPin', { pin: asked.data!.requestKioskPin.pin });
    expect(late.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PIN_EXPIRED' });
    const { body } = await asResident(REQUEST, { id: asked.data!.requestKioskPin.request.id });
    expect(body.data!.serviceRequest.status).toBe('CANCELLED');
  });
});
