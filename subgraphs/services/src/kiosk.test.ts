import { AuditReader, openAuditStore } from '@core/audit';
import type { DeliveredEvent } from '@core/events';
import { testBackend } from '../../../tests/support/legacy-databases';
import { principalFor } from '../../../tests/support/principals';
import { parseRequestId, requestId } from './ids';
import { isChild } from './kiosk';
import { startServicesEstate, type Caller, type ServicesEstate } from './test-estate';

const as = (role: Parameters<typeof principalFor>[0], claims: Parameters<typeof principalFor>[1] = {}): Caller => ({
  principal: principalFor(role, claims), tenant: 'tangsel', ...(role === 'OFFICER' || role === 'ADMINISTRATOR' ? { purpose: 'kiosk desk' } : {}),
});
const kiosk = (id: string) => as('KIOSK', { id });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MINUTE = 60_000;

const ASK = `mutation ($key: String!, $input: KioskPinInput!) { requestKioskPin(idempotencyKey: $key, input: $input) {
  pin validUntil request { id application service channel servicePoint { kind id } applicant { nik } status registrationNumber timeline { status } } } }`;
const REDEEM = `mutation ($pin: String!) { redeemKioskPin(pin: $pin) { id document documentNumber state startedAt expectedDoneAt endedAt failureReason } }`;
const PRINT = `query ($id: ID!) { kioskPrint(id: $id) { id document state expectedDoneAt endedAt } }`;
const WITHDRAW = `mutation ($id: ID!) { withdrawKioskPin(id: $id) { id status timeline { status note } } }`;
const REQUEST = `query ($id: ID!) { serviceRequest(id: $id) { id status servicePoint { kind id } producedDocuments timeline { status note } dueAt } }`;

describe('kiosk helpers', () => {
  it('counts a child as under 17 on the office\'s today', () => {
    expect(isChild('2010-12-01', '2027-11-30')).toBe(true);
    expect(isChild('2010-11-30', '2027-11-30')).toBe(false);
    expect(isChild(null, '2027-11-30')).toBe(false);
  });
});

/** Mall kiosks through the services subgraph: PINs for the resident's own family, a kiosk's print, refusals, the trail and the feed. */
describe(`services subgraph: mall kiosks (${testBackend()})`, () => {
  let estate: ServicesEstate;
  /** A head of family with a child under 16 on their card, and an adult on another card. */
  let parent: { NIK: string; NO_KK: string };
  let child: string;
  let adult: string;
  let stranger: { NIK: string; NO_KK: string };
  const resident = () => as('RESIDENT', { nik: parent.NIK });
  const familyCard = () => ({ document: 'FAMILY_CARD', number: parent.NO_KK });

  beforeAll(async () => {
    estate = await startServicesEstate('services-kiosk');
    const siak = estate.db.siak;
    const young = new Date(Date.now() - 16 * 365 * 86_400_000).toISOString().slice(0, 10);
    const rows = (await siak('BIODATA_WNI as C').join('BIODATA_WNI as P', 'P.NO_KK', 'C.NO_KK')
      .select('P.NIK as parent', 'P.NO_KK as kk', 'C.NIK as child')
      .where('P.STAT_HBKEL', 1).where('P.STAT_HIDUP', 1).where('C.STAT_HIDUP', 1).where('C.TGL_LHR', '>', young)
      .orderBy('P.NIK').limit(1)) as Array<{ parent: string; kk: string; child: string }>;
    parent = { NIK: rows[0]!.parent, NO_KK: rows[0]!.kk };
    child = rows[0]!.child;
    adult = ((await siak('BIODATA_WNI').select('NIK').where('NO_KK', parent.NO_KK).where('TGL_LHR', '<', '1990-01-01').where('STAT_HIDUP', 1).first()) as { NIK: string }).NIK;
    stranger = (await siak('BIODATA_WNI').select('NIK', 'NO_KK').whereNot('NO_KK', parent.NO_KK).where('STAT_HBKEL', 1).where('STAT_HIDUP', 1).orderBy('NIK').first()) as typeof stranger;
  });

  afterAll(async () => {
    await estate?.close();
  });

  it('gives a resident a PIN for their own family card once per key; the request is theirs to follow', async () => {
    const first = await estate.run(ASK, { key: 'kiosk-kk-1', input: familyCard() }, resident());
    expect(first.errors).toBeUndefined();
    const answer = first.data!.requestKioskPin;
    expect(answer.pin).toMatch(/^\d{6}$/);
    expect(answer.validUntil).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(answer.request).toMatchObject({ application: 'adm-kiosk', service: 'DOCUMENT_PRINT', channel: 'OFFLINE', servicePoint: { kind: 'MALL_KIOSK', id: null }, applicant: { nik: parent.NIK }, status: 'SUBMITTED', registrationNumber: null, timeline: [{ status: 'SUBMITTED' }] });
    const again = await estate.run(ASK, { key: 'kiosk-kk-1', input: familyCard() }, resident());
    expect(again.data!.requestKioskPin).toEqual(answer);
    // The same key from another resident is another PIN, never the first one's.
    const theirs = await estate.run(ASK, { key: 'kiosk-kk-1', input: { document: 'FAMILY_CARD', number: stranger.NO_KK } }, as('RESIDENT', { nik: stranger.NIK }));
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data!.requestKioskPin.request.id).not.toBe(answer.request.id);
    const reused = await estate.run(ASK, { key: 'kiosk-kk-1', input: { document: 'CHILD_ID_CARD', number: child } }, resident());
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED', argument: 'idempotencyKey' });
    const mine = await estate.run('query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resident { serviceRequests { id application } } } }', { reps: [{ __typename: 'Resident', nik: parent.NIK }] }, resident());
    expect(mine.data!._entities[0].serviceRequests.map((r: { id: string }) => r.id)).toContain(answer.request.id);
    const read = await estate.run(REQUEST, { id: answer.request.id }, resident());
    expect(read.data!.serviceRequest).toMatchObject({ status: 'SUBMITTED', dueAt: expect.stringMatching(/T23:59:59$/) });
    // Nothing but the answer carries the digits.
    expect(JSON.stringify(read.data)).not.toContain(answer.pin);
  });

  it('refuses another family\'s card, a deed, an adult\'s KIA, and anyone but a resident', async () => {
    const other = await estate.run(ASK, { key: 'kiosk-other', input: { document: 'FAMILY_CARD', number: stranger.NO_KK } }, resident());
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_FAMILY' });
    const strangersChild = await estate.run(ASK, { key: 'kiosk-other-kia', input: { document: 'CHILD_ID_CARD', number: stranger.NIK } }, resident());
    expect(strangersChild.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_FAMILY' });
    const deed = await estate.run(ASK, { key: 'kiosk-deed', input: { document: 'BIRTH_DEED', number: '3674-LU-01012020-0001' } }, resident());
    expect(deed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_PRINTABLE_AT_KIOSK_YET' });
    const grown = await estate.run(ASK, { key: 'kiosk-adult', input: { document: 'CHILD_ID_CARD', number: adult } }, resident());
    expect(grown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_A_CHILD' });
    const malformed = await estate.run(ASK, { key: 'kiosk-bad', input: { document: 'FAMILY_CARD', number: '12' } }, resident());
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.number' });
    const officer = await estate.run(ASK, { key: 'kiosk-officer', input: familyCard() }, as('OFFICER', { region: '36.74' }));
    expect(officer.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'RESIDENTS_ONLY' });
    const kia = await estate.run(ASK, { key: 'kiosk-kia', input: { document: 'CHILD_ID_CARD', number: child } }, resident());
    expect(kia.errors).toBeUndefined();
    expect(kia.data!.requestKioskPin.request.applicant.nik).toBe(parent.NIK);
  });

  it('lets one of the tenant\'s kiosks print with the PIN once, telling it what to print and nothing of who asked', async () => {
    const { pin, request } = (await estate.run(ASK, { key: 'kiosk-print-1', input: familyCard() }, resident())).data!.requestKioskPin;
    const unknown = await estate.run(REDEEM, { pin }, kiosk('ADM-M1-02'));
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'UNKNOWN_KIOSK' });
    const started = await estate.run(REDEEM, { pin }, kiosk('ADM-M1-01'));
    expect(started.errors).toBeUndefined();
    const print = started.data!.redeemKioskPin;
    expect(print).toMatchObject({ id: request.id, document: 'FAMILY_CARD', documentNumber: parent.NO_KK, state: 'PRINTING', endedAt: null });
    expect(JSON.stringify(print)).not.toContain(parent.NIK);
    // Asked again by the same kiosk (an answer lost): the same print, not a refusal.
    expect((await estate.run(REDEEM, { pin }, kiosk('ADM-M1-01'))).data!.redeemKioskPin.id).toBe(request.id);
    const elsewhere = await estate.run(REDEEM, { pin }, kiosk('ADM-M2-01'));
    expect(elsewhere.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PIN_ALREADY_USED' });
    expect((await estate.run(PRINT, { id: request.id }, kiosk('ADM-M2-01'))).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_THIS_KIOSK' });
    estate.rest.clock.advance(3_000);
    const done = await estate.run(PRINT, { id: request.id }, kiosk('ADM-M1-01'));
    expect(done.data!.kioskPrint).toMatchObject({ id: request.id, state: 'PRINTED', endedAt: expect.any(String) });
    const read = await estate.run(REQUEST, { id: request.id }, resident());
    expect(read.data!.serviceRequest).toMatchObject({ status: 'COMPLETED', servicePoint: { kind: 'MALL_KIOSK', id: 'ADM-M1-01' }, producedDocuments: [parent.NO_KK] });
    expect(read.data!.serviceRequest.timeline.map((t: { status: string }) => t.status)).toEqual(['SUBMITTED', 'IN_PROCESS', 'COMPLETED']);
    const wrong = await estate.run(REDEEM, { pin: '12ab' }, kiosk('ADM-M1-01'));
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PIN_INVALID' });
    // A resident's token cannot start a print, a kiosk cannot ask for a PIN.
    expect((await estate.run(REDEEM, { pin }, resident())).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await estate.run(ASK, { key: 'kiosk-by-kiosk', input: familyCard() }, kiosk('ADM-M1-01'))).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'RESIDENTS_ONLY' });
  });

  it('writes PINs, prints and withdrawals to the trail as writes, never the PIN', async () => {
    const { pin, request } = (await estate.run(ASK, { key: 'kiosk-trail-1', input: familyCard() }, resident())).data!.requestKioskPin;
    await estate.run(REDEEM, { pin }, kiosk('ADM-M3-01'));
    const store = await openAuditStore(estate.legacy.storage);
    try {
      const reader = new AuditReader(store);
      const residentRecords = (await reader.search({ principalId: 'resident-1' })).records;
      const kioskRecords = (await reader.search({ principalId: 'ADM-M3-01' })).records;
      expect(residentRecords.some((r) => r.operation === 'services.requestKioskPin' && r.access === 'write' && r.niks.includes(parent.NIK))).toBe(true);
      expect(kioskRecords.some((r) => r.operation === 'services.redeemKioskPin' && r.access === 'write' && r.niks.includes(parent.NIK))).toBe(true);
      expect(JSON.stringify([...residentRecords, ...kioskRecords])).not.toContain(`"${pin}"`);
    } finally {
      await store.close();
    }
    expect(parseRequestId(request.id).app).toBe('adm-kiosk');
  });

  it('lets the resident withdraw an unused PIN (twice is the same), and refuses it at a kiosk then', async () => {
    const { pin, request } = (await estate.run(ASK, { key: 'kiosk-withdraw-1', input: familyCard() }, resident())).data!.requestKioskPin;
    const stranger1 = await estate.run(WITHDRAW, { id: request.id }, as('RESIDENT', { nik: stranger.NIK }));
    expect(stranger1.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_FAMILY' });
    const withdrawn = await estate.run(WITHDRAW, { id: request.id }, resident());
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data!.withdrawKioskPin).toMatchObject({ id: request.id, status: 'CANCELLED' });
    expect(withdrawn.data!.withdrawKioskPin.timeline.at(-1).status).toBe('CANCELLED');
    expect((await estate.run(WITHDRAW, { id: request.id }, resident())).data!.withdrawKioskPin.status).toBe('CANCELLED');
    expect((await estate.run(REDEEM, { pin }, kiosk('ADM-M1-01'))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PIN_INVALID' });
    const again = await estate.run(ASK, { key: 'kiosk-withdraw-1', input: familyCard() }, resident());
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'PIN_NO_LONGER_USABLE', argument: 'idempotencyKey' });
    const notKiosk = await estate.run(WITHDRAW, { id: requestId('portal-online', 'X') }, resident());
    expect(notKiosk.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_A_KIOSK_PIN' });
  });

  it('shows kiosk prints in officers\' worklists and counts, and their steps on the event flow', async () => {
    await estate.poller.pollOnce(); // the feed cursors start at the newest change
    const received: DeliveredEvent[] = [];
    const subscription = estate.flow.subscribe('test-kiosk', async (event) => void received.push(event), { fromStart: true });
    try {
      const { pin, request } = (await estate.run(ASK, { key: 'kiosk-feed-1', input: familyCard() }, resident())).data!.requestKioskPin;
      await estate.run(REDEEM, { pin }, kiosk('ADM-M4-01'));
      estate.rest.clock.advance(3_000);
      await estate.run(PRINT, { id: request.id }, kiosk('ADM-M4-01'));
      await estate.poller.pollOnce();
      for (let i = 0; i < 100 && received.filter((e) => e.key === request.id).length < 3; i++) await sleep(50);
      const mine = received.filter((e) => e.key === request.id);
      expect(mine.map((e) => (e.payload as { status: string }).status)).toEqual(['SUBMITTED', 'IN_PROCESS', 'COMPLETED']);
      expect(mine.every((e) => e.id.startsWith('adm-kiosk:log:'))).toBe(true);
      expect(JSON.stringify(mine)).not.toContain(pin);
      expect(JSON.stringify(mine)).not.toContain(parent.NIK);
    } finally {
      await subscription.close();
    }
    const page = await estate.run(`query { serviceRequests(first: 50, filter: { servicePoint: { kind: MALL_KIOSK } }) { edges { node { application service servicePoint { kind } } } pageInfo { hasNextPage } } }`);
    expect(page.errors).toBeUndefined();
    const nodes = page.data!.serviceRequests.edges.map((e: { node: unknown }) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n: { application: string; service: string }) => n.application === 'adm-kiosk' && n.service === 'DOCUMENT_PRINT')).toBe(true);
    // A page costs one call to the kiosk application whatever its size.
    const listed = async (first: number) => {
      const before = estate.rest.admKiosk.calls.of('GET /api/daftar-pin');
      expect((await estate.run(`query ($first: Int) { serviceRequests(first: $first, filter: { servicePoint: { kind: MALL_KIOSK } }) { edges { cursor } } }`, { first })).errors).toBeUndefined();
      return estate.rest.admKiosk.calls.of('GET /api/daftar-pin') - before;
    };
    expect([await listed(5), await listed(50)]).toEqual([1, 1]);
    const counts = await estate.run(`query { serviceRequestCounts(filter: { service: [DOCUMENT_PRINT] }) { channel status count } }`);
    expect(counts.errors).toBeUndefined();
    expect(counts.data!.serviceRequestCounts.find((c: { status: string }) => c.status === 'COMPLETED')).toMatchObject({ channel: 'OFFLINE', count: expect.any(Number) });
  });

  it('refuses a PIN past its 15 minutes', async () => {
    const { pin } = (await estate.run(ASK, { key: 'kiosk-expiring-1', input: familyCard() }, resident())).data!.requestKioskPin;
    estate.rest.clock.advance(16 * MINUTE);
    const late = await estate.run(REDEEM, { pin }, kiosk('ADM-M1-01'));
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PIN_EXPIRED' });
    const again = await estate.run(ASK, { key: 'kiosk-expiring-1', input: familyCard() }, resident());
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'PIN_NO_LONGER_USABLE' });
  });
});
