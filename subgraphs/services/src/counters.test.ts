import type { DeliveredEvent } from '@core/events';
import { workRequest } from '@sim/kecamatan/back-office';
import { testBackend } from '../../../tests/support/legacy-databases';
import { principalFor } from '../../../tests/support/principals';
import { requestId } from './ids';
import { startServicesEstate, type Caller, type ServicesEstate } from './test-estate';

const as = (role: Parameters<typeof principalFor>[0], claims: Parameters<typeof principalFor>[1] = {}, tenant = 'tangsel'): Caller => ({
  principal: principalFor(role, claims), tenant, ...(role !== 'RESIDENT' ? { purpose: 'counter service, ticket B-002' } : {}),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const NIP = '198703152010011002';
const OTHER_NIP = '199001012015031001';

const REQUEST = `query ($id: ID!) { serviceRequest(id: $id) { id application service channel servicePoint { kind id } applicant { nik } status
  timeline { status note by } registrationNumber rejectionReason } }`;
const PAGE = `query ($first: Int, $after: String, $filter: ServiceRequestFilter) { serviceRequests(first: $first, after: $after, filter: $filter) {
  edges { node { id application servicePoint { kind id } } } pageInfo { hasNextPage endCursor } } }`;
const SUBMIT = `mutation ($key: String!, $input: SubmitServiceRequestInput!) { submitServiceRequest(idempotencyKey: $key, input: $input) {
  replayed application state errorCode request { id application service channel status servicePoint { kind id } applicant { nik } registrationNumber } } }`;
const UPDATE = `mutation ($id: ID!, $status: RequestStatus!, $note: String) { updateServiceRequestStatus(id: $id, status: $status, note: $note) {
  id status rejectionReason timeline { status note by } } }`;

interface CounterRow { no_registrasi: string; nik_pemohon: string; no_kec: number; status: string }
interface LegalisationRow { NO_PERMOHONAN: string; NIK_PEMOHON: string; SUMBER: string }

/** The kecamatan counters and legalisation as request sources: reads, worklists, submissions, counter work, the e-signature refusal. */
describe(`services subgraph: kecamatan and legalisir (${testBackend()})`, () => {
  let estate: ServicesEstate;
  let counterRows: CounterRow[];
  let legalisations: LegalisationRow[];
  /** A resident SIAK knows, their kecamatan and family card. */
  let resident: { NIK: string; NO_KK: string; NO_KEC: number };

  const officerOf = (kecamatan: string, id = NIP) => as('OFFICER', { region: kecamatan, id });
  const kec = (n: number) => `36.74.${String(n).padStart(2, '0')}`;

  beforeAll(async () => {
    estate = await startServicesEstate('services-counters');
    counterRows = (await estate.db.kecamatan('kec_permohonan').select('no_registrasi', 'nik_pemohon', 'no_kec', 'status').orderBy('id_permohonan')) as CounterRow[];
    legalisations = (await estate.db.legalisir('LGS_PERMOHONAN').select('NO_PERMOHONAN', 'NIK_PEMOHON', 'SUMBER').orderBy('ID')) as LegalisationRow[];
    resident = (await estate.db.siak('BIODATA_WNI').select('NIK', 'NO_KK', 'NO_KEC').where('STAT_HBKEL', 1).orderBy('NIK').first()) as typeof resident;
  });

  afterAll(async () => {
    await estate?.close();
  });

  it('reads counter requests and legalisations by id, and in "my requests" with one statement per application', async () => {
    const row = counterRows.find((r) => r.status.trim().toUpperCase() === 'SELESAI')!;
    const counter = await estate.run(REQUEST, { id: requestId('kecamatan', row.no_registrasi) });
    expect(counter.errors).toBeUndefined();
    expect(counter.data!.serviceRequest).toMatchObject({ application: 'kecamatan', channel: 'OFFLINE', status: 'COMPLETED', servicePoint: { kind: 'KECAMATAN', id: kec(row.no_kec) }, applicant: { nik: row.nik_pemohon }, registrationNumber: row.no_registrasi });
    const online = legalisations.find((l) => l.SUMBER === 'O')!;
    const legal = await estate.run(REQUEST, { id: requestId('legalisir', online.NO_PERMOHONAN) });
    expect(legal.data!.serviceRequest).toMatchObject({ application: 'legalisir', service: 'LEGALISATION', channel: 'ONLINE', servicePoint: { kind: 'ONLINE_PORTAL', id: null }, applicant: { nik: online.NIK_PEMOHON } });
    const niks = [row.nik_pemohon, online.NIK_PEMOHON, ...counterRows.slice(0, 8).map((r) => r.nik_pemohon)];
    const [k, l] = [estate.kecamatan.client.statementCount, estate.legalisir.client.statementCount];
    const mine = await estate.run('query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resident { serviceRequests { application registrationNumber } } } }', { reps: niks.map((nik) => ({ __typename: 'Resident', nik })) });
    expect(mine.errors).toBeUndefined();
    expect([estate.kecamatan.client.statementCount - k, estate.legalisir.client.statementCount - l]).toEqual([1, 1]);
    expect(mine.data!._entities[0].serviceRequests).toEqual(expect.arrayContaining([{ application: 'kecamatan', registrationNumber: row.no_registrasi }]));
    expect(mine.data!._entities[1].serviceRequests).toEqual(expect.arrayContaining([{ application: 'legalisir', registrationNumber: online.NO_PERMOHONAN }]));
  });

  it('pages one kecamatan\'s counter work by the app\'s own cursor, each request once; its officers see only theirs', async () => {
    const office = counterRows[0]!.no_kec;
    const filter = { servicePoint: { kind: 'KECAMATAN', id: kec(office) } };
    const seen: string[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const before = estate.kecamatan.client.statementCount;
      const { data, errors } = await estate.run(PAGE, { first: 7, after, filter });
      expect(errors).toBeUndefined();
      expect(estate.kecamatan.client.statementCount - before).toBeLessThanOrEqual(1);
      const edges = data!.serviceRequests.edges as Array<{ node: { id: string; application: string; servicePoint: { id: string } } }>;
      expect(edges.every((e) => e.node.application === 'kecamatan' && e.node.servicePoint.id === kec(office))).toBe(true);
      seen.push(...edges.map((e) => e.node.id));
      if (!data!.serviceRequests.pageInfo.hasNextPage) break;
      after = data!.serviceRequests.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(counterRows.filter((r) => r.no_kec === office).length);
    // An officer of that kecamatan: the counter's requests are filtered in the app; others' apps row-checked.
    const theirs = await estate.run(PAGE, { first: 50, filter: { servicePoint: { kind: 'KECAMATAN' } } }, officerOf(kec(office)));
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data!.serviceRequests.edges.length).toBeGreaterThan(0);
    expect(theirs.data!.serviceRequests.edges.every((e: { node: { servicePoint: { id: string } } }) => e.node.servicePoint.id === kec(office))).toBe(true);
    const elsewhere = counterRows.find((r) => r.no_kec !== office)!;
    const forbidden = await estate.run(REQUEST, { id: requestId('kecamatan', elsewhere.no_registrasi) }, officerOf(kec(office)));
    expect(forbidden.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_YOUR_REGION' });
  });

  it('submits a counter request through the outbox (staff of that kecamatan only), with the register\'s name and the officer\'s NIP', async () => {
    const office = kec(resident.NO_KEC);
    const input = { service: 'FAMILY_CARD_CHANGE', channel: 'OFFLINE', servicePoint: { kind: 'KECAMATAN', id: office }, applicantNik: resident.NIK };
    const { data, errors } = await estate.run(SUBMIT, { key: 'counter-1', input }, officerOf(office));
    expect(errors).toBeUndefined();
    expect(data!.submitServiceRequest).toMatchObject({ replayed: false, application: 'kecamatan', state: 'DELIVERED', request: { application: 'kecamatan', service: 'FAMILY_CARD_CHANGE', status: 'SUBMITTED', servicePoint: { kind: 'KECAMATAN', id: office }, applicant: { nik: resident.NIK } } });
    const rows = (await estate.db.kecamatan('kec_permohonan').where('ref_gerbang', 'like', 'GB-SR-%').andWhere('nik_pemohon', resident.NIK)) as Array<{ nip_petugas: string; no_kk: string; nama_pemohon: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ nip_petugas: NIP, no_kk: resident.NO_KK });
    const name = ((await estate.db.siak('BIODATA_WNI').where('NIK', resident.NIK).first()) as { NAMA_LGKP: string }).NAMA_LGKP;
    expect(rows[0]!.nama_pemohon).toBe(name.toUpperCase());
    const again = await estate.run(SUBMIT, { key: 'counter-1', input }, officerOf(office));
    expect(again.data!.submitServiceRequest).toMatchObject({ replayed: true, state: 'DELIVERED' });
    const other = office === kec(1) ? kec(2) : kec(1);
    const outside = await estate.run(SUBMIT, { key: 'counter-2', input }, officerOf(other));
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_YOUR_REGION' });
    const byResident = await estate.run(SUBMIT, { key: 'counter-3', input }, as('RESIDENT', { nik: resident.NIK }));
    expect(byResident.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'COUNTER_ONLY' });
    const notCounter = await estate.run(SUBMIT, { key: 'counter-4', input: { ...input, service: 'BIRTH_REGISTRATION' } }, officerOf(office));
    expect(notCounter.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_ROUTED' });
    const unknown = await estate.run(SUBMIT, { key: 'counter-5', input: { ...input, applicantNik: '3674010101990009' } }, officerOf(office));
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_RESIDENT' });
  });

  it('lets the kecamatan\'s officers move a request on as the counter allows; the change is published on the event flow', async () => {
    const office = kec(resident.NO_KEC);
    const input = { service: 'ID_CARD_REPLACEMENT', channel: 'OFFLINE', servicePoint: { kind: 'KECAMATAN', id: office }, applicantNik: resident.NIK };
    const submitted = await estate.run(SUBMIT, { key: 'counter-work-1', input }, officerOf(office));
    const id = submitted.data!.submitServiceRequest.request.id as string;
    await estate.poller.pollOnce(); // the cursor starts at the newest change
    const received: DeliveredEvent[] = [];
    const subscription = estate.flow.subscribe('test-counter', async (event) => void received.push(event), { fromStart: true });
    try {
      const other = office === kec(1) ? kec(2) : kec(1);
      const notTheirs = await estate.run(UPDATE, { id, status: 'IN_PROCESS' }, officerOf(other));
      expect(notTheirs.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
      const noNip = await estate.run(UPDATE, { id, status: 'IN_PROCESS' }, officerOf(office, 'officer-7'));
      expect(noNip.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NIP_REQUIRED' });
      const notSettable = await estate.run(UPDATE, { id, status: 'READY' }, officerOf(office));
      expect(notSettable.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'STATUS_NOT_SETTABLE' });
      const working = await estate.run(UPDATE, { id, status: 'IN_PROCESS' }, officerOf(office, OTHER_NIP));
      expect(working.errors).toBeUndefined();
      expect(working.data!.updateServiceRequestStatus).toMatchObject({ id, status: 'IN_PROCESS' });
      const rejected = await estate.run(UPDATE, { id, status: 'REJECTED', note: 'foto tidak sesuai' }, officerOf(office));
      expect(rejected.data!.updateServiceRequestStatus).toMatchObject({ status: 'REJECTED', rejectionReason: 'FOTO TIDAK SESUAI' });
      expect(rejected.data!.updateServiceRequestStatus.timeline.map((c: { status: string; by: string }) => [c.status, c.by])).toEqual([['SUBMITTED', NIP], ['IN_PROCESS', OTHER_NIP], ['REJECTED', NIP]]);
      const afterFinal = await estate.run(UPDATE, { id, status: 'COMPLETED' }, officerOf(office));
      expect(afterFinal.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'STATUS_CHANGE_NOT_ALLOWED', current: 'REJECTED' });
      const portal = await estate.run(UPDATE, { id: requestId('portal-online', '3674-ONL-20000101-9999'), status: 'COMPLETED' }, officerOf(office));
      expect(portal.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_UPDATABLE_HERE' });
      // The counter's own screen too.
      const registration = Buffer.from(id.slice(3), 'base64url').toString('utf8').split(':')[1]!;
      expect(await estate.poller.pollOnce()).toBe(2);
      const own = counterRows.find((r) => r.status.trim().toUpperCase() === 'DITERIMA')!;
      await workRequest(estate.db.kecamatan, own.no_registrasi, 'DIPROSES', NIP);
      expect(await estate.poller.pollOnce()).toBe(1);
      for (let i = 0; i < 100 && received.length < 3; i++) await sleep(50);
      expect(received.filter((e) => e.key === id).map((e) => (e.payload as { status: string }).status)).toEqual(['IN_PROCESS', 'REJECTED']);
      expect(received.find((e) => e.key === requestId('kecamatan', own.no_registrasi))?.payload).toMatchObject({ application: 'kecamatan', status: 'IN_PROCESS', by: NIP });
      expect(registration).toMatch(/^REG-/);
    } finally {
      await subscription.close();
    }
  });

  it('refuses to legalise an e-signed document before anything is recorded, as the app does; a KTP-el copy goes through', async () => {
    const before = await estate.db.legalisir('LGS_PERMOHONAN').count({ n: '*' });
    const dinas = { service: 'LEGALISATION', channel: 'OFFLINE', servicePoint: { kind: 'DINAS' }, applicantNik: resident.NIK };
    const signed = await estate.run(SUBMIT, { key: 'legal-1', input: { ...dinas, legalisation: { document: 'FAMILY_CARD', documentNumber: resident.NO_KK, issuedOn: '2023-05-02', copies: 2 } } });
    expect(signed.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DOCUMENT_E_SIGNED', eSignedSince: '2020-07-01' });
    expect(signed.errors?.[0]?.message).toMatch(/electronic signature/);
    expect(await estate.db.legalisir('LGS_PERMOHONAN').count({ n: '*' })).toEqual(before);
    expect(await estate.run(SUBMIT, { key: 'legal-1', input: { ...dinas, legalisation: { document: 'FAMILY_CARD', documentNumber: resident.NO_KK, issuedOn: '2023-05-02', copies: 2 } } })).toMatchObject({ errors: [expect.objectContaining({ extensions: expect.objectContaining({ reason: 'DOCUMENT_E_SIGNED' }) })] });
    const missing = await estate.run(SUBMIT, { key: 'legal-2', input: dinas });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REQUIRED' });
    const tooMany = await estate.run(SUBMIT, { key: 'legal-3', input: { ...dinas, legalisation: { document: 'ID_CARD', documentNumber: resident.NIK, issuedOn: '2019-01-02', copies: 11 } } });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OUT_OF_RANGE' });
    // A resident, online, for their own KTP-el.
    const online = await estate.run(SUBMIT, { key: 'legal-4', input: { service: 'LEGALISATION', channel: 'ONLINE', servicePoint: { kind: 'ONLINE_PORTAL' }, applicantNik: resident.NIK, legalisation: { document: 'ID_CARD', documentNumber: resident.NIK, issuedOn: '2019-01-02', copies: 3 } } }, as('RESIDENT', { nik: resident.NIK }));
    expect(online.errors).toBeUndefined();
    expect(online.data!.submitServiceRequest).toMatchObject({ application: 'legalisir', state: 'DELIVERED', request: { application: 'legalisir', service: 'LEGALISATION', channel: 'ONLINE', status: 'SUBMITTED', applicant: { nik: resident.NIK } } });
    const row = (await estate.db.legalisir('LGS_PERMOHONAN').where('REF_GERBANG', 'like', 'GB-SR-%').andWhere('NIK_PEMOHON', resident.NIK).first()) as { KD_DOK: string; JML_LEMBAR: number; SUMBER: string };
    expect(row).toMatchObject({ KD_DOK: 'KTP', JML_LEMBAR: 3, SUMBER: 'O' });
    // The Dinas's officers verify it; a kecamatan officer may not.
    const id = online.data!.submitServiceRequest.request.id as string;
    const kecOfficer = await estate.run(UPDATE, { id, status: 'VERIFYING' }, officerOf(kec(resident.NO_KEC)));
    expect(kecOfficer.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_COUNTER' });
    const verified = await estate.run(UPDATE, { id, status: 'VERIFYING' }, as('OFFICER', { region: '36.74', id: 'dinas.loket3' }));
    expect(verified.errors).toBeUndefined();
    expect(verified.data!.updateServiceRequestStatus.status).toBe('VERIFYING');
  });

  it('keeps a legalisation made while the app is down, and reports the app\'s own refusal when it returns', async () => {
    const input = { service: 'LEGALISATION', channel: 'OFFLINE', servicePoint: { kind: 'DINAS' }, applicantNik: resident.NIK, legalisation: { document: 'BIRTH_DEED', documentNumber: '3674-LU-01012021-0001', issuedOn: '2021-01-04' } };
    estate.outage.legalisir = true;
    try {
      const down = await estate.run(SUBMIT, { key: 'legal-down', input });
      expect(down.errors).toBeUndefined();
      expect(down.data!.submitServiceRequest).toMatchObject({ application: 'legalisir', state: 'PENDING', request: null });
    } finally {
      estate.outage.legalisir = false;
    }
    let followed;
    for (let i = 0; i < 100; i++) {
      followed = await estate.run('{ serviceRequestSubmission(idempotencyKey: "legal-down") { state errorCode request { id } } }');
      if (followed.data?.serviceRequestSubmission?.state !== 'PENDING') break;
      await sleep(50);
    }
    expect(followed!.data!.serviceRequestSubmission).toEqual({ state: 'FAILED', errorCode: 'DOCUMENT_E_SIGNED', request: null });
  });
});
