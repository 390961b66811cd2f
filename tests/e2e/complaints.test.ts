import type { Knex } from 'knex';
import { answerComplaint } from '@sim/pengaduan/back-office';
import { pengaduanEmulator } from '@sim/pengaduan/emulator';
import { kecamatanEmulator } from '@sim/kecamatan/emulator';
import { legalisirEmulator } from '@sim/legalisir/emulator';
import { portalOnlineEmulator } from '@sim/portal-online/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { sirenaEmulator } from '@sim/sirena/emulator';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { requestId } from '../../subgraphs/services/src/ids';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * Complaints through the gateway: a resident complains about their own request and follows the
 * desk's answer (made in its own back office) in the API; an officer answers through the API; a
 * resident cannot read another family's complaint; a complaint filed while the desk is stopped is
 * kept and written into it exactly once when it returns; a repeat with the same key writes nothing.
 */
describe(`complaints end to end (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let desk: Knex;
  let applicant: { nik: string; id: string; number: string };
  let stranger: string;
  let resident: Record<string, string>;
  let officer: Record<string, string>;

  beforeAll(async () => {
    legacy = await seededStorage('complaints-e2e', [siakEmulator, portalOnlineEmulator, sirenaEmulator, pengaduanEmulator, kecamatanEmulator, legalisirEmulator]);
    desk = legacy.open('pengaduan');
    const siak = legacy.open('siak');
    for (const a of (await legacy.open('portal-online')('permohonan').select('no_registrasi', 'nik_pemohon').orderBy('no_registrasi')) as Array<{ no_registrasi: string; nik_pemohon: string }>) {
      if (await siak('BIODATA_WNI').where({ NIK: a.nik_pemohon, STAT_HIDUP: 1 }).first()) {
        applicant = { nik: a.nik_pemohon, id: requestId('portal-online', a.no_registrasi), number: a.no_registrasi };
        break;
      }
    }
    const card = ((await siak('BIODATA_WNI').select('NO_KK').where({ NIK: applicant.nik }).first()) as { NO_KK: string }).NO_KK;
    stranger = ((await siak('BIODATA_WNI').select('NIK').whereNot('NO_KK', card).where('STAT_HIDUP', 1).orderBy('NIK').first()) as { NIK: string }).NIK;
    stack = await startStack(legacy.storage, { services: true });
    resident = { authorization: `Bearer ${await issueToken({ sub: 'resident-complaints', roles: ['RESIDENT'], tenant: 'tangsel', nik: applicant.nik })}` };
    officer = { authorization: `Bearer ${await issueToken({ sub: 'desk-officer', roles: ['OFFICER'], tenant: 'tangsel', region: '36.74' })}`, 'x-purpose': 'complaints desk, ticket C-002' };
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
  });

  const FILE = `mutation ($key: String!, $input: FileComplaintInput!) { fileComplaint(idempotencyKey: $key, input: $input) { replayed state ticketNumber complaint { ticketNumber status serviceRequestNumber } } }`;
  const FILING = `query ($key: String!) { complaintFiling(idempotencyKey: $key) { state ticketNumber } }`;
  const COMPLAINT = `query ($ticket: String!) { complaint(ticketNumber: $ticket) { ticketNumber status complainant { name } history { kind status text by } } }`;
  const count = async (where: Record<string, string>) => Number(((await desk('t_pengaduan').where(where).count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let filed: string;

  it('takes a resident\'s complaint about their own request, once per key, and shows it beside the request', async () => {
    const input = { category: 'ONLINE_SERVICE', subject: 'Permohonan belum diproses', text: 'Permohonan KTP saya belum diproses sejak dua minggu lalu.', serviceRequestId: applicant.id };
    const first = await postGraphQL(stack.gatewayUrl, FILE, { key: 'e2e-complaint-1', input }, resident);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.fileComplaint).toMatchObject({ replayed: false, state: 'DELIVERED', complaint: { status: 'RECEIVED', serviceRequestNumber: applicant.number.toUpperCase() } });
    filed = first.body.data!.fileComplaint.ticketNumber;
    const rows = await count({ nik_pelapor: applicant.nik });
    const again = await postGraphQL(stack.gatewayUrl, FILE, { key: 'e2e-complaint-1', input }, resident);
    expect(again.body.data!.fileComplaint).toMatchObject({ replayed: true, ticketNumber: filed });
    expect(await count({ nik_pelapor: applicant.nik })).toBe(rows);
    const beside = await postGraphQL(stack.gatewayUrl, `query ($nik: String!) { resident(nik: $nik) { complaints { ticketNumber } serviceRequests { registrationNumber complaints { ticketNumber } } } }`, { nik: applicant.nik }, resident);
    expect(beside.body.errors).toBeUndefined();
    expect(beside.body.data!.resident.complaints.map((c: { ticketNumber: string }) => c.ticketNumber)).toContain(filed);
    const request = beside.body.data!.resident.serviceRequests.find((r: { registrationNumber: string }) => r.registrationNumber === applicant.number);
    expect(request.complaints.map((c: { ticketNumber: string }) => c.ticketNumber)).toContain(filed);
    // The read is in the resident's own trail.
    const trail = await postGraphQL(stack.gatewayUrl, `query ($nik: String!) { personalDataAccesses(nik: $nik, first: 20) { edges { node { operation access } } } }`, { nik: applicant.nik }, resident);
    const operations = trail.body.data!.personalDataAccesses.edges.map((e: { node: { operation: string } }) => e.node.operation);
    expect(operations).toEqual(expect.arrayContaining(['services.fileComplaint', 'services.complaintsOf']));
  });

  it('shows the answer an officer gives in the desk\'s own back office, and one given through the API', async () => {
    await answerComplaint(desk, filed, 'siti', 'Permohonan Anda sudah kami teruskan ke bagian KTP-el.');
    const seen = await postGraphQL(stack.gatewayUrl, COMPLAINT, { ticket: filed }, resident);
    expect(seen.body.errors).toBeUndefined();
    expect(seen.body.data!.complaint).toMatchObject({ status: 'ANSWERED', complainant: { name: expect.any(String) } });
    expect(seen.body.data!.complaint.history.at(-1)).toEqual({ kind: 'ANSWERED', status: 'ANSWERED', text: 'Permohonan Anda sudah kami teruskan ke bagian KTP-el.', by: 'SITI' });

    const RESPOND = `mutation ($ticket: String!, $key: String!, $input: RespondToComplaintInput!) { respondToComplaint(ticketNumber: $ticket, idempotencyKey: $key, input: $input) { status history { kind status by } } }`;
    const closed = await postGraphQL(stack.gatewayUrl, RESPOND, { ticket: filed, key: 'e2e-close-1', input: { answer: 'KTP-el Anda sudah dicetak dan dapat diambil.', status: 'CLOSED' } }, officer);
    expect(closed.body.errors).toBeUndefined();
    expect(closed.body.data!.respondToComplaint).toMatchObject({ status: 'CLOSED' });
    expect(closed.body.data!.respondToComplaint.history.at(-1)).toMatchObject({ status: 'CLOSED', by: 'DESK-OFFICER' });
    const reopen = await postGraphQL(stack.gatewayUrl, RESPOND, { ticket: filed, key: 'e2e-reopen-1', input: { status: 'IN_PROGRESS' } }, officer);
    expect(reopen.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'STATUS_CHANGE_NOT_ALLOWED' });
    // Residents follow answers; they do not write them (the gateway refuses the field).
    const self = await postGraphQL(stack.gatewayUrl, RESPOND, { ticket: filed, key: 'e2e-self-1', input: { answer: 'Saya jawab sendiri.' } }, resident);
    expect(self.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await postGraphQL(stack.gatewayUrl, COMPLAINT, { ticket: filed }, resident)).body.data!.complaint.status).toBe('CLOSED');
  });

  it('does not show a resident another family\'s complaint', async () => {
    const other = { authorization: `Bearer ${await issueToken({ sub: 'resident-other', roles: ['RESIDENT'], tenant: 'tangsel', nik: stranger })}` };
    const { body } = await postGraphQL(stack.gatewayUrl, COMPLAINT, { ticket: filed }, other);
    expect(body.data?.complaint ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_FAMILY' });
    const list = await postGraphQL(stack.gatewayUrl, `query ($nik: String!) { resident(nik: $nik) { complaints { ticketNumber } } }`, { nik: applicant.nik }, other);
    expect(list.body.data?.resident ?? null).toBeNull();
  });

  it('keeps a complaint filed while the desk is stopped and writes it into the desk exactly once when it returns', async () => {
    const apps = stack.servicesApps!;
    const before = await count({ nik_pelapor: applicant.nik });
    await apps.pengaduan.stop();
    let pending;
    try {
      pending = await postGraphQL(stack.gatewayUrl, FILE, { key: 'e2e-outage-1', input: { category: 'QUEUE', text: 'Antrian di Dinas terlalu lama, lebih dari tiga jam.', concerns: { kind: 'DINAS' } } }, resident);
      expect(pending.body.errors).toBeUndefined();
      expect(pending.body.data!.fileComplaint).toMatchObject({ state: 'PENDING', ticketNumber: null, complaint: null });
      // Still kept while the desk stays down.
      await sleep(500);
      expect((await postGraphQL(stack.gatewayUrl, FILING, { key: 'e2e-outage-1' }, resident)).body.data!.complaintFiling.state).toBe('PENDING');
      expect(await count({ nik_pelapor: applicant.nik })).toBe(before);
    } finally {
      await apps.pengaduan.restart();
    }
    let followed: { state: string; ticketNumber: string | null } | undefined;
    for (let i = 0; i < 100 && followed?.state !== 'DELIVERED'; i++) {
      await sleep(100);
      followed = (await postGraphQL(stack.gatewayUrl, FILING, { key: 'e2e-outage-1' }, resident)).body.data!.complaintFiling;
    }
    expect(followed).toMatchObject({ state: 'DELIVERED', ticketNumber: expect.stringMatching(/^ADU-\d{6}-\d{5}$/) });
    // Exactly once, also after the outbox had time to try again.
    await sleep(500);
    expect(await count({ nik_pelapor: applicant.nik })).toBe(before + 1);
    expect(await count({ no_tiket: followed!.ticketNumber! })).toBe(1);
    const repeat = await postGraphQL(stack.gatewayUrl, FILE, { key: 'e2e-outage-1', input: { category: 'QUEUE', text: 'Antrian di Dinas terlalu lama, lebih dari tiga jam.', concerns: { kind: 'DINAS' } } }, resident);
    expect(repeat.body.data!.fileComplaint).toMatchObject({ replayed: true, state: 'DELIVERED', ticketNumber: followed!.ticketNumber });
    expect(await count({ nik_pelapor: applicant.nik })).toBe(before + 1);
  });
});
