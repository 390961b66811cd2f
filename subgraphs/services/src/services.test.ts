import { setStatus } from '@sim/portal-online/back-office';
import type { DeliveredEvent } from '@core/events';
import { deadlineIn } from '@core/deadline';
import { testBackend } from '../../../tests/support/legacy-databases';
import { principalFor } from '../../../tests/support/principals';
import { parseRequestId, requestId } from './ids';
import { startServicesEstate, type Caller, type ServicesEstate } from './test-estate';

const as = (role: Parameters<typeof principalFor>[0], claims: Parameters<typeof principalFor>[1] = {}, tenant = 'tangsel'): Caller => ({
  principal: principalFor(role, claims), tenant, ...(role !== 'RESIDENT' ? { purpose: 'counter service, ticket A-017' } : {}),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const REQUEST = `query ($id: ID!) { serviceRequest(id: $id) { id application service channel servicePoint { kind id } applicant { nik } status
  timeline { status at note by } submittedAt dueAt overdue registrationNumber producedDocuments } }`;
const PAGE = `query ($first: Int, $after: String, $filter: ServiceRequestFilter) { serviceRequests(first: $first, after: $after, filter: $filter) {
  edges { cursor node { id application status submittedAt overdue } } pageInfo { hasNextPage endCursor } } }`;

interface Application { no_registrasi: string; nik_pemohon: string; status: number }

/** The services subgraph over portal-online and Sirena (their own tables), SIAK, the outbox and the event flow. */
describe(`services subgraph (${testBackend()})`, () => {
  let estate: ServicesEstate;
  let applications: Application[];
  let items: Array<{ NO_BATCH: string; NO_URUT: number; NIK_PEMOHON: string }>;
  /** How many outreach visits jemput-bola holds. */
  let visits: number;
  /** How many requests the kecamatan counters and legalisir hold. */
  let counters: number;
  let legalisations: number;
  /** How many PINs (print requests) the mall kiosks hold. */
  let kioskPrints: number;

  beforeAll(async () => {
    estate = await startServicesEstate('services');
    applications = (await estate.db.portalOnline('permohonan').select('no_registrasi', 'nik_pemohon', 'status').orderBy('id_permohonan')) as Application[];
    visits = (await estate.jemputBola.port.worklist({ page: 1, pageSize: 1 }, deadlineIn(5_000))).total;
    counters = ((await estate.db.kecamatan('kec_permohonan').count({ n: '*' })) as Array<{ n: number | string }>).map((r) => Number(r.n))[0]!;
    legalisations = ((await estate.db.legalisir('LGS_PERMOHONAN').count({ n: '*' })) as Array<{ n: number | string }>).map((r) => Number(r.n))[0]!;
    kioskPrints = (await estate.admKiosk.port.counts({}, deadlineIn(5_000))).total;
    items = (await estate.db.sirena({ I: 'SIRENA_ITEM' }).join({ B: 'SIRENA_BATCH' }, 'B.ID_BATCH', 'I.ID_BATCH').select('B.NO_BATCH', 'I.NO_URUT', 'I.NIK_PEMOHON').orderBy('I.ID_ITEM')) as typeof items;
  });

  afterAll(async () => {
    await estate?.close();
  });

  it('reads a request of each application by an opaque, stable id; a malformed id is refused', async () => {
    const online = applications.find((a) => a.status !== 0)!;
    const id = requestId('portal-online', online.no_registrasi);
    expect(id).not.toContain(online.no_registrasi);
    expect(id).not.toMatch(/\d{8}/);
    const first = await estate.run(REQUEST, { id });
    expect(first.errors).toBeUndefined();
    expect(first.data!.serviceRequest).toMatchObject({ id, application: 'portal-online', servicePoint: { kind: 'ONLINE_PORTAL', id: null }, applicant: { nik: online.nik_pemohon }, registrationNumber: online.no_registrasi });
    expect(first.data!.serviceRequest.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59$/);
    expect((await estate.run(REQUEST, { id })).data!.serviceRequest).toEqual(first.data!.serviceRequest);
    const item = items[0]!;
    const kel = await estate.run(REQUEST, { id: requestId('sirena', `${item.NO_BATCH}/${item.NO_URUT}`) });
    expect(kel.errors).toBeUndefined();
    expect(kel.data!.serviceRequest).toMatchObject({ application: 'sirena', channel: 'OFFLINE', servicePoint: { kind: 'KELURAHAN' } });
    expect((await estate.run(REQUEST, { id: requestId('portal-online', '3674-ONL-20000101-9999') })).data!.serviceRequest).toBeNull();
    const bad = await estate.run(REQUEST, { id: "1' OR 1=1" });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ID' });
    expect(() => parseRequestId('sr_' + Buffer.from('x').toString('base64url'))).toThrow();
  });

  it('gives residents their requests from every application with one call per application; others see none of them', async () => {
    const nik = items.map((i) => i.NIK_PEMOHON).find((n) => applications.some((a) => a.nik_pemohon === n)) ?? applications[0]!.nik_pemohon;
    const niks = [nik, ...applications.slice(0, 10).map((a) => a.nik_pemohon)];
    const [p, s] = [estate.portalOnline.client.statementCount, estate.sirena.client.statementCount];
    const { data, errors } = await estate.run('query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resident { nik serviceRequests { id application submittedAt } } } }', { reps: niks.map((n) => ({ __typename: 'Resident', nik: n })) });
    expect(errors).toBeUndefined();
    expect(estate.portalOnline.client.statementCount - p).toBe(1);
    expect(estate.sirena.client.statementCount - s).toBe(1);
    const mine = data!._entities[0].serviceRequests as Array<{ application: string; submittedAt: string | null }>;
    expect(mine.filter((r) => r.application !== 'jemput-bola').length).toBe(applications.filter((a) => a.nik_pemohon === nik).length + items.filter((i) => i.NIK_PEMOHON === nik).length);
    const own = await estate.run('query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resident { serviceRequests { id } } } }', { reps: [{ __typename: 'Resident', nik }] }, as('RESIDENT', { nik }));
    expect(own.data!._entities[0].serviceRequests).toHaveLength(mine.length);
    const stranger = applications.find((a) => a.nik_pemohon.slice(0, 6) !== nik.slice(0, 6))!.nik_pemohon;
    const theirs = await estate.run(REQUEST, { id: requestId('portal-online', applications.find((a) => a.nik_pemohon === nik)?.no_registrasi ?? applications[0]!.no_registrasi) }, as('RESIDENT', { nik: stranger }));
    expect(theirs.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_FAMILY' });
  });

  it('serves worklist pages of 5 and 50 over both applications with the same legacy calls, each request once', async () => {
    const calls = async (first: number, after?: string) => {
      const [p, s, j, k, l] = [estate.portalOnline.client.statementCount, estate.sirena.client.statementCount, estate.jemputBola.client.filesRead, estate.kecamatan.client.statementCount, estate.legalisir.client.statementCount];
      const answer = await estate.run(PAGE, { first, after });
      expect(answer.errors).toBeUndefined();
      return {
        page: answer.data!.serviceRequests, portal: estate.portalOnline.client.statementCount - p, sirena: estate.sirena.client.statementCount - s, outreach: estate.jemputBola.client.filesRead - j,
        counter: estate.kecamatan.client.statementCount - k, legalisir: estate.legalisir.client.statementCount - l,
      };
    };
    const five = await calls(5);
    const fifty = await calls(50);
    expect([fifty.portal, fifty.sirena, fifty.outreach, fifty.counter, fifty.legalisir]).toEqual([five.portal, five.sirena, five.outreach, five.counter, five.legalisir]);
    expect([five.portal, five.sirena, five.counter, five.legalisir]).toEqual([1, 1, 1, 1]);
    expect(five.page.edges).toHaveLength(5);
    expect(fifty.page.edges.slice(0, 5).map((e: { node: { id: string } }) => e.node.id)).toEqual(five.page.edges.map((e: { node: { id: string } }) => e.node.id));
    // Every request of both applications, each once, following the cursors (pages of 50).
    const seen: string[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 200; guard++) {
      const { page, portal, sirena, outreach, counter, legalisir } = await calls(50, after);
      expect(portal + sirena + counter + legalisir).toBeLessThanOrEqual(4);
      expect(outreach).toBeLessThanOrEqual(five.outreach);
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(applications.length + items.length + visits + counters + legalisations + kioskPrints);
    const bad = await estate.run(PAGE, { first: 5, after: 'bm9wZQ' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  });

  it('filters the worklist (kelurahan, status, overdue) and counts per channel and status with one call per application', async () => {
    const kelPage = await estate.run(PAGE, { first: 20, filter: { servicePoint: { kind: 'KELURAHAN' }, status: ['SUBMITTED', 'VERIFYING', 'IN_PROCESS'] } });
    expect(kelPage.errors).toBeUndefined();
    expect(kelPage.data!.serviceRequests.edges.every((e: { node: { application: string; status: string } }) => e.node.application === 'sirena' && ['SUBMITTED', 'VERIFYING', 'IN_PROCESS'].includes(e.node.status))).toBe(true);
    const overdue = await estate.run(PAGE, { first: 50, filter: { overdue: true } });
    expect(overdue.errors).toBeUndefined();
    expect(overdue.data!.serviceRequests.edges.every((e: { node: { overdue: boolean } }) => e.node.overdue)).toBe(true);
    const [p, s, k, l] = [estate.portalOnline.client.statementCount, estate.sirena.client.statementCount, estate.kecamatan.client.statementCount, estate.legalisir.client.statementCount];
    const counts = await estate.run('{ serviceRequestCounts { channel status count } }');
    expect(counts.errors).toBeUndefined();
    // legalisir counts per status only: per channel is the whole and its online part.
    expect([estate.portalOnline.client.statementCount - p, estate.sirena.client.statementCount - s, estate.kecamatan.client.statementCount - k, estate.legalisir.client.statementCount - l]).toEqual([1, 1, 1, 2]);
    const total = (counts.data!.serviceRequestCounts as Array<{ count: number }>).reduce((n, c) => n + c.count, 0);
    expect(total).toBe(applications.length + items.length + visits + counters + legalisations + kioskPrints);
    const onlineLegalisations = ((await estate.db.legalisir('LGS_PERMOHONAN').where('SUMBER', 'O').count({ n: '*' })) as Array<{ n: number | string }>).map((r) => Number(r.n))[0]!;
    const offline = await estate.run('{ serviceRequestCounts(filter: { channel: OFFLINE }) { channel count } }');
    expect((offline.data!.serviceRequestCounts as Array<{ channel: string; count: number }>).reduce((n, c) => n + c.count, 0)).toBe(items.length + visits + counters + legalisations + kioskPrints - onlineLegalisations);
  });

  it('routes by the tenant\'s configuration: a Batang request at a mall kiosk or through Sirena is refused', async () => {
    const nik = applications[0]!.nik_pemohon;
    const submit = 'mutation ($key: String!, $input: SubmitServiceRequestInput!) { submitServiceRequest(idempotencyKey: $key, input: $input) { state application } }';
    const kiosk = await estate.run(submit, { key: 'batang-kiosk', input: { service: 'DOCUMENT_PRINT', channel: 'OFFLINE', servicePoint: { kind: 'MALL_KIOSK', id: 'ADM-M1-01' }, applicantNik: nik } }, as('ADMINISTRATOR', {}, 'batang'));
    expect(kiosk.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_SERVICE_POINT' });
    const kioskKind = await estate.run(submit, { key: 'batang-ojol', input: { service: 'FIRST_ID_CARD', channel: 'OJOL', servicePoint: { kind: 'ONLINE_PORTAL' }, applicantNik: nik } }, as('ADMINISTRATOR', {}, 'batang'));
    expect(kioskKind.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_ROUTED' });
    const sirena = await estate.run(submit, { key: 'batang-sirena', input: { service: 'FAMILY_CARD_CHANGE', channel: 'OFFLINE', servicePoint: { kind: 'KELURAHAN', id: '33.25.01.2001' }, applicantNik: nik } }, as('ADMINISTRATOR', {}, 'batang'));
    expect(sirena.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_ROUTED' });
  });

  it('lets a resident apply online for their own family card only, never at a counter', async () => {
    const submit = 'mutation ($key: String!, $input: SubmitServiceRequestInput!) { submitServiceRequest(idempotencyKey: $key, input: $input) { state application request { applicant { nik } } } }';
    const nik = applications[5]!.nik_pemohon;
    const stranger = applications.find((a) => a.nik_pemohon.slice(0, 12) !== nik.slice(0, 12))!.nik_pemohon;
    const resident = as('RESIDENT', { nik });
    const online = { service: 'FAMILY_CARD_CHANGE', channel: 'ONLINE', servicePoint: { kind: 'ONLINE_PORTAL' }, applicantNik: nik };
    const own = await estate.run(submit, { key: 'resident-own', input: online }, resident);
    expect(own.errors).toBeUndefined();
    expect(own.data!.submitServiceRequest).toMatchObject({ application: 'portal-online' });
    const other = await estate.run(submit, { key: 'resident-other', input: { ...online, applicantNik: stranger } }, resident);
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_FAMILY' });
    const counter = await estate.run(submit, { key: 'resident-counter', input: { ...online, channel: 'OFFLINE', servicePoint: { kind: 'KECAMATAN', id: '36.74.01' } } }, resident);
    expect(counter.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|BAD_USER_INPUT/);
  });

  it('accepts an online request while the portal is down (PENDING) and delivers it once when it returns', async () => {
    // The applicant's own scan in the archive, attached by its id.
    const scan = (await estate.db.arsip('arsip_dokumen').select('id_arsip', 'nik_pemilik').whereRaw('UPPER(jenis_dokumen) = ?', ['KTP']).orderBy('id_arsip').first()) as { id_arsip: string; nik_pemilik: string };
    const nik = scan.nik_pemilik;
    const submit = `mutation ($key: String!, $input: SubmitServiceRequestInput!) { submitServiceRequest(idempotencyKey: $key, input: $input) {
      replayed application state request { id application service channel status registrationNumber applicant { nik } } } }`;
    const input = { service: 'ID_CARD_REPLACEMENT', channel: 'OJOL', servicePoint: { kind: 'ONLINE_PORTAL' }, applicantNik: nik, phone: '0812 3456 7890', attachments: [{ documentType: 'KTP', archiveId: scan.id_arsip }] };
    estate.outage.portalOnline = true;
    let answer;
    try {
      answer = await estate.run(submit, { key: 'online-while-down', input });
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.submitServiceRequest).toMatchObject({ replayed: false, application: 'portal-online', state: 'PENDING', request: null });
    } finally {
      estate.outage.portalOnline = false;
    }
    const follow = '{ serviceRequestSubmission(idempotencyKey: "online-while-down") { state request { service channel registrationNumber applicant { nik } } } }';
    let followed;
    for (let i = 0; i < 100; i++) {
      followed = await estate.run(follow);
      if (followed.data?.serviceRequestSubmission?.state === 'DELIVERED') break;
      await sleep(50);
    }
    expect(followed!.data!.serviceRequestSubmission).toMatchObject({ state: 'DELIVERED', request: { service: 'ID_CARD_REPLACEMENT', channel: 'OJOL', applicant: { nik } } });
    const again = await estate.run(submit, { key: 'online-while-down', input });
    expect(again.data!.submitServiceRequest).toMatchObject({ replayed: true, state: 'DELIVERED' });
    const rows = await estate.db.portalOnline('permohonan').where('ref_klien', 'like', 'GB-SR-%').andWhere('nik_pemohon', nik);
    expect(rows).toHaveLength(1);
  });

  it('refuses, before anything is recorded, an attachment the archive does not hold, another family\'s file, or one of another type', async () => {
    type Scan = { id_arsip: string; nik_pemilik: string; jenis_dokumen: string };
    const scans = (await estate.db.arsip('arsip_dokumen').select('id_arsip', 'nik_pemilik', 'jenis_dokumen').orderBy('id_arsip')) as Scan[];
    const own = scans[0]!;
    const family = (await estate.db.siak('BIODATA_WNI').select('NO_KK').where('NIK', own.nik_pemilik).first()) as { NO_KK: string };
    const familyNiks = new Set(((await estate.db.siak('BIODATA_WNI').select('NIK').where('NO_KK', family.NO_KK)) as Array<{ NIK: string }>).map((r) => r.NIK));
    const foreign = scans.find((s) => !familyNiks.has(s.nik_pemilik))!;
    const submit = `mutation ($key: String!, $input: SubmitServiceRequestInput!) { submitServiceRequest(idempotencyKey: $key, input: $input) { state } }`;
    const type = own.jenis_dokumen.toUpperCase();
    const input = (attachments: Array<{ documentType: string; archiveId: string }>) => ({ service: 'FAMILY_CARD_CHANGE', channel: 'ONLINE', servicePoint: { kind: 'ONLINE_PORTAL' }, applicantNik: own.nik_pemilik, attachments });
    const recorded = async () => (await estate.store.counts()).reduce((n, c) => n + c.count, 0);
    const before = await recorded();
    const refusals = [
      [[{ documentType: type, archiveId: own.id_arsip }, { documentType: 'KK', archiveId: 'ARS-20261130-0A1B2C3D' }], 'input.attachments.1.archiveId', 'ARCHIVE_DOCUMENT_NOT_FOUND'],
      // Another family's existing file is refused as if it did not exist.
      [[{ documentType: foreign.jenis_dokumen.toUpperCase(), archiveId: foreign.id_arsip }], 'input.attachments.0.archiveId', 'ARCHIVE_DOCUMENT_NOT_FOUND'],
      [[{ documentType: type === 'KK' ? 'KTP' : 'KK', archiveId: own.id_arsip }], 'input.attachments.0.documentType', 'DOCUMENT_TYPE_MISMATCH'],
    ] as const;
    for (const [i, [attachments, argument, reason]] of refusals.entries()) {
      const { errors } = await estate.run(submit, { key: `attachment-refused-${i}`, input: input([...attachments]) });
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument, reason });
      expect(JSON.stringify(errors)).not.toContain(foreign.nik_pemilik);
      expect(await estate.run('query ($key: String!) { serviceRequestSubmission(idempotencyKey: $key) { state } }', { key: `attachment-refused-${i}` })).toMatchObject({ data: { serviceRequestSubmission: null } });
    }
    expect(await recorded()).toBe(before);
    const accepted = await estate.run(submit, { key: 'attachment-own', input: input([{ documentType: type, archiveId: own.id_arsip.toLowerCase() }]) });
    expect(accepted.errors).toBeUndefined();
  });

  it('files a Sirena batch: the malformed item is reported with its reason, the good ones become tracked requests', async () => {
    const family = (await estate.db.siak('BIODATA_WNI').select('NIK', 'NO_KK', 'NO_KEC', 'NO_KEL').where('STAT_HBKEL', 1).orderBy('NIK').first()) as { NIK: string; NO_KK: string; NO_KEC: number; NO_KEL: number };
    const kelurahan = `36.74.${String(family.NO_KEC).padStart(2, '0')}.${family.NO_KEL}`;
    const operator = as('KELURAHAN_OPERATOR', { region: kelurahan, id: 'kel-operator-1' });
    const mutation = `mutation ($key: String!, $input: SirenaBatchInput!) { fileSirenaBatch(idempotencyKey: $key, input: $input) {
      replayed state batchNumber items { itemNumber accepted reason request { id status application service } } } }`;
    const input = {
      kelurahanCode: kelurahan,
      items: [
        { service: 'BIRTH_REGISTRATION', applicantNik: family.NIK, familyCardNumber: family.NO_KK, subjectName: 'Bayi Contoh', eventDate: '2026-11-20' },
        { service: 'FAMILY_CARD_CHANGE', applicantNik: family.NIK, familyCardNumber: family.NO_KK, note: 'Tambah anak' },
        { service: 'DEATH_REGISTRATION', applicantNik: family.NIK.slice(0, 15), eventDate: '2026-11-20' },
      ],
    };
    const { data, errors } = await estate.run(mutation, { key: 'sirena-batch-1', input }, operator);
    expect(errors).toBeUndefined();
    const filed = data!.fileSirenaBatch;
    expect(filed).toMatchObject({ replayed: false, state: 'DELIVERED', batchNumber: expect.stringMatching(/^SRN-/) });
    expect(filed.items.map((i: { accepted: boolean; reason: string | null }) => [i.accepted, i.reason])).toEqual([[true, null], [true, null], [false, 'INVALID_APPLICANT_NIK']]);
    expect(filed.items[0].request).toMatchObject({ application: 'sirena', status: 'SUBMITTED', service: 'BIRTH_REGISTRATION' });
    const outside = await estate.run(mutation, { key: 'sirena-batch-2', input: { ...input, kelurahanCode: '36.74.07.1001' === kelurahan ? '36.74.01.1001' : '36.74.07.1001' } }, operator);
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_YOUR_REGION' });
  });

  it('publishes an officer\'s changes in the portal\'s own screen once, in order, and shows them through the API', async () => {
    await estate.poller.pollOnce(); // the cursor starts at the newest change
    const received: DeliveredEvent[] = [];
    const subscription = estate.flow.subscribe('test-status', async (event) => void received.push(event), { fromStart: true });
    try {
      const waiting = applications.find((a) => a.status === 1)!;
      await setStatus(estate.db.portalOnline, waiting.no_registrasi, 2, null, '198001012005011001');
      await setStatus(estate.db.portalOnline, waiting.no_registrasi, 4, 'berkas lengkap', '198001012005011001');
      expect(await estate.poller.pollOnce()).toBe(2);
      expect(await estate.poller.pollOnce()).toBe(0);
      const id = requestId('portal-online', waiting.no_registrasi);
      for (let i = 0; i < 100 && received.filter((e) => e.key === id).length < 2; i++) await sleep(50);
      const mine = received.filter((e) => e.key === id);
      expect(mine.map((e) => (e.payload as { status: string }).status)).toEqual(['VERIFYING', 'IN_PROCESS']);
      expect(mine.every((e) => e.type === 'service-request.status-changed')).toBe(true);
      const read = await estate.run(REQUEST, { id });
      expect(read.data!.serviceRequest.status).toBe('IN_PROCESS');
      expect(read.data!.serviceRequest.timeline.at(-1)).toMatchObject({ status: 'IN_PROCESS', note: 'berkas lengkap', by: '198001012005011001' });
    } finally {
      await subscription.close();
    }
  });
});
