import type { Knex } from 'knex';
import { answerComplaint } from '@sim/pengaduan/back-office';
import { testBackend } from '../../../tests/support/legacy-databases';
import { principalFor } from '../../../tests/support/principals';
import { requestId } from './ids';
import { startServicesEstate, type Caller, type ServicesEstate } from './test-estate';

const as = (role: Parameters<typeof principalFor>[0], claims: Parameters<typeof principalFor>[1] = {}): Caller => ({
  // Each resident signs in as themselves (their own principal id).
  principal: principalFor(role, role === 'RESIDENT' && claims.nik ? { id: `resident-${claims.nik}`, ...claims } : claims), tenant: 'tangsel', ...(role !== 'RESIDENT' ? { purpose: 'complaints desk, test' } : {}),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const COMPLAINT = `query ($ticket: String!) { complaint(ticketNumber: $ticket) { ticketNumber category status subject text source channel
  concerns { kind id } serviceRequestNumber complainant { nik } complainantName phone history { kind status text by at } submittedAt updatedAt } }`;
const FILE = `mutation ($key: String!, $input: FileComplaintInput!) { fileComplaint(idempotencyKey: $key, input: $input) {
  idempotencyKey replayed state attempts errorCode ticketNumber complaint { ticketNumber status serviceRequestNumber source } } }`;
const FILING = `query ($key: String!) { complaintFiling(idempotencyKey: $key) { state attempts ticketNumber complaint { ticketNumber } } }`;
const RESPOND = `mutation ($ticket: String!, $key: String!, $input: RespondToComplaintInput!) { respondToComplaint(ticketNumber: $ticket, idempotencyKey: $key, input: $input) {
  ticketNumber status history { kind status text by } } }`;
const PAGE = `query ($first: Int, $after: String, $filter: ComplaintFilter) { complaints(first: $first, after: $after, filter: $filter) {
  edges { cursor node { ticketNumber status submittedAt } } pageInfo { hasNextPage endCursor } } }`;

interface Row { no_tiket: string; nik_pelapor: string | null; no_referensi: string | null }

/** Complaints through the services subgraph, over the desk's REST emulator and its own tables. */
describe(`complaints in the services subgraph (${testBackend()})`, () => {
  let estate: ServicesEstate;
  let desk: Knex;
  /** A living resident who complained, one of their complaints, and a resident of another family card. */
  let complainant: string;
  let ticket: string;
  let stranger: string;
  /** A living resident with a portal application, its API id and number. */
  let applicant: { nik: string; kelurahan: string; id: string; number: string };

  beforeAll(async () => {
    estate = await startServicesEstate('services-complaints');
    desk = estate.legacy.open('pengaduan');
    const siak = estate.db.siak;
    const familyOf = async (nik: string) => ((await siak('BIODATA_WNI').select('NO_KK').where({ NIK: nik }).first()) as { NO_KK: string } | undefined)?.NO_KK;
    for (const row of (await desk('t_pengaduan').select('no_tiket', 'nik_pelapor').whereNotNull('nik_pelapor').orderBy('id_pengaduan')) as Row[]) {
      if (await siak('BIODATA_WNI').where({ NIK: row.nik_pelapor!, STAT_HIDUP: 1 }).first()) {
        complainant = row.nik_pelapor!;
        ticket = row.no_tiket;
        break;
      }
    }
    const own = await familyOf(complainant);
    stranger = ((await siak('BIODATA_WNI').select('NIK').whereNot('NO_KK', own!).where('STAT_HIDUP', 1).orderBy('NIK').first()) as { NIK: string }).NIK;
    for (const a of (await estate.db.portalOnline('permohonan').select('no_registrasi', 'nik_pemohon').orderBy('id_permohonan')) as Array<{ no_registrasi: string; nik_pemohon: string }>) {
      const r = (await siak('BIODATA_WNI').select('NO_PROP', 'NO_KAB', 'NO_KEC', 'NO_KEL').where({ NIK: a.nik_pemohon, STAT_HIDUP: 1 }).first()) as { NO_KEC: number; NO_KEL: number } | undefined;
      if (r) {
        applicant = { nik: a.nik_pemohon, kelurahan: `36.74.${String(r.NO_KEC).padStart(2, '0')}.${r.NO_KEL}`, id: requestId('portal-online', a.no_registrasi), number: a.no_registrasi };
        break;
      }
    }
  });

  afterAll(async () => {
    await estate?.close();
  });

  const rowsUnder = async (reference: string) => ((await desk('t_pengaduan').where({ no_referensi: reference }).count({ n: '*' })) as Array<{ n: number | string }>).map((r) => Number(r.n))[0]!;
  const keyed = (state: string) => `complaint-${state}-${Date.now()}`;

  it('gives the complainant their complaint with its history, and officers of the city; another family is refused', async () => {
    const mine = await estate.run(COMPLAINT, { ticket }, as('RESIDENT', { nik: complainant }));
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.complaint).toMatchObject({ ticketNumber: ticket, complainant: { nik: complainant } });
    expect(mine.data!.complaint.history[0]).toMatchObject({ kind: 'SUBMITTED', status: 'RECEIVED' });
    expect(mine.data!.complaint.submittedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const officer = await estate.run(COMPLAINT, { ticket }, as('OFFICER', { region: '36.74' }));
    expect(officer.errors).toBeUndefined();
    expect(officer.data!.complaint.ticketNumber).toBe(ticket);
    const other = await estate.run(COMPLAINT, { ticket }, as('RESIDENT', { nik: stranger }));
    expect(other.data?.complaint ?? null).toBeNull();
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_FAMILY' });
    expect((await estate.run(COMPLAINT, { ticket: 'ADU-199001-99999' }, as('OFFICER', { region: '36.74' }))).data!.complaint).toBeNull();
    // Staff state why they read complaints.
    const silent = await estate.run(COMPLAINT, { ticket }, { principal: principalFor('OFFICER', { region: '36.74' }), tenant: 'tangsel' });
    expect(silent.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' });
  });

  it('reads the complaints of many residents with one call to the desk', async () => {
    const niks = ((await desk('t_pengaduan').distinct('nik_pelapor').whereNotNull('nik_pelapor')) as Array<{ nik_pelapor: string }>).map((r) => r.nik_pelapor).slice(0, 20);
    const before = estate.pengaduan.client.callCount;
    const { data, errors } = await estate.run('query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resident { nik complaints { ticketNumber complainant { nik } } } } }', { reps: niks.map((nik) => ({ __typename: 'Resident', nik })) });
    expect(errors).toBeUndefined();
    expect(estate.pengaduan.client.callCount - before).toBe(1);
    for (const resident of data!._entities as Array<{ nik: string; complaints: Array<{ complainant: { nik: string } }> }>) {
      expect(resident.complaints.length).toBeGreaterThan(0);
      for (const c of resident.complaints) expect(c.complainant.nik).toBe(resident.nik);
    }
  });

  it('pages the desk\'s worklist with one call per page, newest first, and counts by status', async () => {
    const total = ((await desk('t_pengaduan').count({ n: '*' })) as Array<{ n: number | string }>).map((r) => Number(r.n))[0]!;
    const officer = as('OFFICER', { region: '36.74' });
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 50; page++) {
      const before = estate.pengaduan.client.callCount;
      const { data, errors } = await estate.run(PAGE, { first: 3, after }, officer);
      expect(errors).toBeUndefined();
      expect(estate.pengaduan.client.callCount - before).toBe(1);
      seen.push(...(data!.complaints.edges as Array<{ node: { ticketNumber: string } }>).map((e) => e.node.ticketNumber));
      if (!data!.complaints.pageInfo.hasNextPage) break;
      after = data!.complaints.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    const changed = await estate.run(PAGE, { first: 3, after, filter: { status: ['RECEIVED'] } }, officer);
    expect(changed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CURSOR_FILTER_CHANGED' });
    const counts = await estate.run('query { complaintCounts { status count } }', {}, officer);
    expect(counts.errors).toBeUndefined();
    expect((counts.data!.complaintCounts as Array<{ count: number }>).reduce((n, c) => n + c.count, 0)).toBe(total);
    // A kiosk or an outreach visit has no unit at the desk.
    const kiosk = await estate.run(PAGE, { filter: { concerns: { kind: 'MALL_KIOSK', id: 'ADM-01' } } }, officer);
    expect(kiosk.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('files a resident\'s complaint about their own request once, shows it beside the request, and checks the input at the edge', async () => {
    const resident = as('RESIDENT', { nik: applicant.nik });
    const key = keyed('own');
    const input = { category: 'ONLINE_SERVICE', subject: 'Permohonan lambat', text: 'Permohonan saya belum diproses sejak minggu lalu.', serviceRequestId: applicant.id, phone: '0812 3456 7890' };
    const first = await estate.run(FILE, { key, input }, resident);
    expect(first.errors).toBeUndefined();
    expect(first.data!.fileComplaint).toMatchObject({ replayed: false, state: 'DELIVERED', errorCode: null, complaint: { status: 'RECEIVED', source: 'WEB', serviceRequestNumber: applicant.number.replace(/\s+/g, '').toUpperCase() } });
    const filed = first.data!.fileComplaint.ticketNumber as string;
    expect(filed).toMatch(/^ADU-\d{6}-\d{5}$/);
    const again = await estate.run(FILE, { key, input }, resident);
    expect(again.data!.fileComplaint).toMatchObject({ replayed: true, state: 'DELIVERED', ticketNumber: filed });
    expect(((await desk('t_pengaduan').where({ no_tiket: filed }).select('no_referensi')) as Row[]).length).toBe(1);
    const reference = ((await desk('t_pengaduan').where({ no_tiket: filed }).first()) as Row).no_referensi!;
    expect(await rowsUnder(reference)).toBe(1);
    // The phone is the complainant's own data: in clear for them (the gateway masks it for others).
    expect((await estate.run(COMPLAINT, { ticket: filed }, resident)).data!.complaint.phone).toBe('+6281234567890');
    const beside = await estate.run('query ($id: ID!) { serviceRequest(id: $id) { complaints { ticketNumber } } }', { id: applicant.id }, resident);
    expect(beside.errors).toBeUndefined();
    expect((beside.data!.serviceRequest.complaints as Array<{ ticketNumber: string }>).map((c) => c.ticketNumber)).toContain(filed);
    expect((await estate.run(FILING, { key }, resident)).data!.complaintFiling).toMatchObject({ state: 'DELIVERED', ticketNumber: filed, complaint: { ticketNumber: filed } });
    // Somebody else's key is not theirs to follow.
    expect((await estate.run(FILING, { key }, as('RESIDENT', { nik: stranger }))).data!.complaintFiling).toBeNull();

    const refused = async (variables: Record<string, unknown>, caller = resident) => (await estate.run(FILE, variables, caller)).errors?.[0]?.extensions;
    expect(await refused({ key: keyed('short'), input: { category: 'OTHER', text: 'terlalu' } })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.text', reason: 'INVALID_LENGTH' });
    expect(await refused({ key: keyed('long'), input: { category: 'OTHER', text: 'x'.repeat(2001) } })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_LENGTH' });
    expect(await refused({ key: keyed('kiosk'), input: { category: 'OTHER', text: 'Mesin ADM di mal rusak terus.', concerns: { kind: 'MALL_KIOSK', id: 'ADM-01' } } })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await refused({ key: keyed('else'), input: { category: 'OTHER', text: 'Atas nama tetangga saya.', complainantNik: stranger } })).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOURSELF' });
    expect(await refused({ key: keyed('phone'), input: { category: 'OTHER', text: 'Nomor telepon salah.', phone: '12345' } })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PHONE' });
    // Another family's request cannot be named.
    expect(await refused({ key: keyed('theirs'), input: { category: 'OTHER', text: 'Permohonan orang lain.', serviceRequestId: applicant.id } }, as('RESIDENT', { nik: stranger }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('keeps a complaint filed while the desk is down and delivers it once when it returns', async () => {
    const resident = as('RESIDENT', { nik: complainant });
    const key = keyed('outage');
    await estate.rest.pengaduan.stop();
    let pending;
    try {
      pending = await estate.run(FILE, { key, input: { category: 'QUEUE', text: 'Antrian di kecamatan terlalu panjang.', concerns: { kind: 'DINAS' } } }, resident);
    } finally {
      await estate.rest.pengaduan.restart();
    }
    expect(pending.errors).toBeUndefined();
    expect(pending.data!.fileComplaint).toMatchObject({ state: 'PENDING', ticketNumber: null, complaint: null });
    expect(pending.data!.fileComplaint.attempts).toBeGreaterThanOrEqual(1);
    let followed: { state: string; ticketNumber: string | null } | undefined;
    for (let i = 0; i < 100; i++) {
      followed = (await estate.run(FILING, { key }, resident)).data!.complaintFiling;
      if (followed?.state === 'DELIVERED') break;
      await sleep(100);
    }
    expect(followed).toMatchObject({ state: 'DELIVERED', ticketNumber: expect.stringMatching(/^ADU-/) });
    const reference = ((await desk('t_pengaduan').where({ no_tiket: followed!.ticketNumber }).first()) as Row).no_referensi!;
    await sleep(300);
    expect(await rowsUnder(reference)).toBe(1);
  });

  it('lets officers answer and move complaints as the desk allows, once per key; answers made in the desk\'s own screen show at once', async () => {
    const officer = as('OFFICER', { region: '36.74', id: 'petugas.aduan' });
    const filed = await estate.run(FILE, { key: keyed('answer'), input: { complainantNik: applicant.nik, category: 'STAFF_CONDUCT', text: 'Petugas loket tidak ramah kepada warga.', concerns: { kind: 'KELURAHAN', id: applicant.kelurahan } } }, officer);
    expect(filed.errors).toBeUndefined();
    expect(filed.data!.fileComplaint.complaint).toMatchObject({ source: 'COUNTER', status: 'RECEIVED' });
    const number = filed.data!.fileComplaint.ticketNumber as string;

    const key = keyed('respond');
    const answered = await estate.run(RESPOND, { ticket: number, key, input: { answer: 'Mohon maaf, petugas sudah kami tegur.' } }, officer);
    expect(answered.errors).toBeUndefined();
    expect(answered.data!.respondToComplaint).toMatchObject({ status: 'ANSWERED' });
    expect(answered.data!.respondToComplaint.history.at(-1)).toMatchObject({ kind: 'ANSWERED', text: 'Mohon maaf, petugas sudah kami tegur.', by: 'PETUGAS.ADUAN' });
    const history = () => desk('t_tanggapan as t').join('t_pengaduan as p', 'p.id_pengaduan', 't.id_pengaduan').where('p.no_tiket', number).count({ n: '*' });
    const steps = Number(((await history()) as Array<{ n: number | string }>)[0]!.n);
    const repeat = await estate.run(RESPOND, { ticket: number, key, input: { answer: 'Mohon maaf, petugas sudah kami tegur.' } }, officer);
    expect(repeat.data!.respondToComplaint.status).toBe('ANSWERED');
    expect(Number(((await history()) as Array<{ n: number | string }>)[0]!.n)).toBe(steps);

    const closed = await estate.run(RESPOND, { ticket: number, key: keyed('close'), input: { status: 'CLOSED' } }, officer);
    expect(closed.data!.respondToComplaint.status).toBe('CLOSED');
    const reopened = await estate.run(RESPOND, { ticket: number, key: keyed('reopen'), input: { status: 'IN_PROGRESS' } }, officer);
    expect(reopened.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'STATUS_CHANGE_NOT_ALLOWED' });

    // Officers of another kecamatan neither read nor answer it; residents do not answer.
    const elsewhere = applicant.kelurahan.startsWith('36.74.01') ? '36.74.02' : '36.74.01';
    const outside = await estate.run(RESPOND, { ticket: number, key: keyed('outside'), input: { answer: 'Bukan wilayah saya.' } }, as('OFFICER', { region: elsewhere }));
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_YOUR_REGION' });
    const resident = await estate.run(RESPOND, { ticket: number, key: keyed('self'), input: { answer: 'Saya jawab sendiri.' } }, as('RESIDENT', { nik: applicant.nik }));
    expect(resident.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });

    // The desk's own back office, on its tables.
    await answerComplaint(desk, ticket, 'budi', 'Keluhan Anda sudah kami teruskan ke kecamatan.');
    const seen = await estate.run(COMPLAINT, { ticket }, as('RESIDENT', { nik: complainant }));
    expect(seen.data!.complaint.history.at(-1)).toMatchObject({ kind: 'ANSWERED', text: 'Keluhan Anda sudah kami teruskan ke kecamatan.', by: 'BUDI' });
  });
});
