import { readdir } from 'node:fs/promises';
import { locateAppFolders, type AppFolders } from '@core/files/app-folders';
import { deadlineIn } from '@core/deadline';
import { Tenants, todayIn } from '@core/tenants';
import { recordOutcome, runBatchNow, visitsOf } from '@sim/jemput-bola/back-office';
import { createJemputBolaApp } from '@sim/jemput-bola/emulator';
import { readEvents } from '@sim/jemput-bola/register';
import { generateWorld } from '@sim/world/generator';
import { TEST_WORLD, testBackend } from '../../../tests/support/legacy-databases';
import { principalFor } from '../../../tests/support/principals';
import { DEFAULT_ROUTING_DIR } from './config';
import { addWorkingDays } from './routing/calendar';
import { loadServiceRoutings } from './routing/services-file';
import { SITE, startServicesEstate, type Caller, type ServicesEstate } from './test-estate';

const as = (role: Parameters<typeof principalFor>[0], claims: Parameters<typeof principalFor>[1] = {}): Caller => ({
  principal: principalFor(role, claims), tenant: 'tangsel', ...(role !== 'RESIDENT' ? { purpose: 'outreach schedule, week 49' } : {}),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SUBMIT = `mutation ($key: String!, $input: SubmitServiceRequestInput!) { submitServiceRequest(idempotencyKey: $key, input: $input) {
  replayed application state attempts errorCode request { id application service channel status servicePoint { kind id } applicant { nik } registrationNumber rejectionReason timeline { status note by } } } }`;
const FOLLOW = `query ($key: String!) { serviceRequestSubmission(idempotencyKey: $key) {
  state attempts errorCode request { id application service channel status servicePoint { kind id } registrationNumber rejectionReason timeline { status note by } } } }`;
const REQUEST = 'query ($id: ID!) { serviceRequest(id: $id) { id status rejectionReason timeline { status note by } } }';

/** Outreach visits written into jemput-bola through submitServiceRequest: the schedule file, the batch job, the team's results. */
describe(`services subgraph: outreach visits (${testBackend()})`, () => {
  let estate: ServicesEstate;
  let folders: AppFolders;
  const app = createJemputBolaApp(SITE);
  const calendar = loadServiceRoutings(Tenants.load(), DEFAULT_ROUTING_DIR).get('tangsel')!.calendar;
  const today = todayIn(SITE.timeZone);
  const workingDay = (n: number) => addWorkingDays(calendar, today, n);
  /** Living residents of the city with no visit planned yet, and where they live. */
  let people: Array<{ nik: string; kelurahan: string; street: string }>;

  const kecamatanOf = (kelurahan: string) => kelurahan.slice(0, 8);
  const officerOf = (kelurahan: string) => as('OFFICER', { region: kecamatanOf(kelurahan), id: 'officer-outreach' });
  const input = (i: number, outreach: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({
    service: 'ID_CARD_REPLACEMENT', channel: 'OFFLINE', servicePoint: { kind: 'OUTREACH', id: people[i]!.kelurahan }, applicantNik: people[i]!.nik, phone: '0812 3456 7890',
    outreach: { reason: 'ELDERLY', plannedDate: workingDay(3), address: `${people[i]!.street} RT 001 RW 002`, ...outreach }, ...rest,
  });
  /** Schedule files Gerbang dropped: waiting in the inbox, or processed and kept in the archive. */
  const scheduleFiles = async () => [...(await readdir(folders.inbox)), ...(await readdir(folders.archive))].filter((n) => /^JADWAL_.*\.CSV$/i.test(n));
  const follow = async (key: string, as_: Caller, until: (s: Record<string, any>) => boolean) => {
    const end = Date.now() + 10_000;
    for (;;) {
      const answer = await estate.run(FOLLOW, { key }, as_);
      expect(answer.errors).toBeUndefined();
      const submission = answer.data!.serviceRequestSubmission;
      if (until(submission) || Date.now() > end) return submission;
      await sleep(50);
    }
  };

  beforeAll(async () => {
    estate = await startServicesEstate('services-outreach');
    folders = locateAppFolders(app.id, estate.legacy.storage);
    const candidates = generateWorld(TEST_WORLD).flatMap((f) => f.members.filter((m) => m.birthDate < '1990-01-01').map((m) => ({ nik: m.nik, kelurahan: f.kelurahanCode, street: f.street })));
    const alive = await estate.siak.port.residentsByNik(candidates.slice(0, 80).map((c) => c.nik), deadlineIn(10_000));
    people = [];
    for (const c of candidates.slice(0, 80)) {
      if (!alive.get(c.nik)?.alive || (await visitsOf(folders, c.nik)).length > 0) continue;
      // One resident per kelurahan: the kelurahan's six visits a day stay free for each test.
      if (!people.some((p) => p.kelurahan === c.kelurahan)) people.push(c);
      if (people.length === 5) break;
    }
    expect(people).toHaveLength(5);
  });

  afterAll(async () => {
    await estate?.close();
  });

  it('puts a visit on the schedule: PENDING while the batch job has not run, then DELIVERED as an OUTREACH request; a repeat writes nothing', async () => {
    const officer = officerOf(people[0]!.kelurahan);
    const filesBefore = (await scheduleFiles()).length;
    const first = await estate.run(SUBMIT, { key: 'outreach-1', input: input(0, { services: ['DIGITAL_ID_ACTIVATION', 'ID_CARD_REPLACEMENT'], reason: 'DISABLED' }) }, officer);
    expect(first.errors).toBeUndefined();
    expect(first.data!.submitServiceRequest).toMatchObject({ replayed: false, application: 'jemput-bola', state: 'PENDING', errorCode: 'WAITING_FOR_BATCH_JOB', request: null });
    // Retried with backoff while the job has not run: the line is in the inbox once.
    const waiting = await follow('outreach-1', officer, (s) => s.attempts >= 3);
    expect(waiting).toMatchObject({ state: 'PENDING', errorCode: 'WAITING_FOR_BATCH_JOB', request: null });
    expect((await scheduleFiles()).length - filesBefore).toBe(1);

    expect(await runBatchNow(app, folders)).toMatchObject({ ran: true, files: 1 });
    const done = await follow('outreach-1', officer, (s) => s.state === 'DELIVERED');
    expect(done.state).toBe('DELIVERED');
    expect(done.request).toMatchObject({
      application: 'jemput-bola', service: 'ID_CARD_REPLACEMENT', channel: 'OFFLINE', status: 'SUBMITTED', servicePoint: { kind: 'OUTREACH', id: people[0]!.kelurahan },
      registrationNumber: expect.stringMatching(/^JB-3674-\d{2}-\d{6}$/), rejectionReason: null,
    });
    // The protected reason is written into the app, never answered back.
    expect(JSON.stringify(done)).not.toMatch(/DISABLED|DISABILITAS/);
    const [visit] = await visitsOf(folders, people[0]!.nik);
    expect(visit).toMatchObject({ NO_KUNJUNGAN: done.request.registrationNumber, KD_LAYANAN: 'KTP+IKD', KD_SASARAN: 'D', STATUS: 'J', ALAMAT: `${people[0]!.street} RT 001 RW 002`.toUpperCase() });
    expect(visit!.TGL_RENCANA).toBe(`${workingDay(3).slice(8, 10)}-${workingDay(3).slice(5, 7)}-${workingDay(3).slice(0, 4)}`);

    const again = await estate.run(SUBMIT, { key: 'outreach-1', input: input(0, { services: ['DIGITAL_ID_ACTIVATION', 'ID_CARD_REPLACEMENT'], reason: 'DISABLED' }) }, officer);
    expect(again.data!.submitServiceRequest).toMatchObject({ replayed: true, state: 'DELIVERED', request: { id: done.request.id } });
    await runBatchNow(app, folders);
    expect((await scheduleFiles()).length - filesBefore).toBe(1);
    expect((await readEvents(folders.data)).filter((e) => e.NIK === people[0]!.nik)).toHaveLength(1);
  });

  it('lets kelurahan operators schedule in their kelurahan; refuses residents, officers of another kecamatan and input the team cannot take', async () => {
    const files = (await scheduleFiles()).length;
    const kelurahan = people[1]!.kelurahan;
    const resident = await estate.run(SUBMIT, { key: 'outreach-resident', input: input(1) }, as('RESIDENT', { nik: people[1]!.nik }));
    expect(resident.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'COUNTER_ONLY' });
    const elsewhere = `36.74.0${kelurahan[7] === '1' ? '2' : '1'}`;
    const stranger = await estate.run(SUBMIT, { key: 'outreach-stranger', input: input(1) }, as('OFFICER', { region: elsewhere }));
    expect(stranger.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_YOUR_REGION' });
    const otherKelurahan = await estate.run(SUBMIT, { key: 'outreach-other-kel', input: input(1) }, as('KELURAHAN_OPERATOR', { region: people[2]!.kelurahan }));
    expect(otherKelurahan.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_YOUR_REGION' });

    const officer = officerOf(kelurahan);
    const refused = async (variables: Record<string, unknown>, argument: string, reason: string) => {
      const answer = await estate.run(SUBMIT, { key: `outreach-bad-${reason}`, ...variables }, officer);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument, reason });
    };
    await refused({ input: { ...input(1), outreach: undefined } }, 'input.outreach', 'REQUIRED');
    await refused({ input: input(1, { plannedDate: addWorkingDays(calendar, today, 30) }) }, 'input.outreach.plannedDate', 'OUT_OF_RANGE');
    await refused({ input: input(1, { plannedDate: '2020-01-06' }) }, 'input.outreach.plannedDate', 'OUT_OF_RANGE');
    await refused({ input: input(1, { plannedDate: '2026-02-30' }) }, 'input.outreach.plannedDate', 'INVALID_DATE');
    const sunday = Array.from({ length: 8 }, (_, n) => new Date(Date.parse(`${today}T00:00:00Z`) + (n + 1) * 86_400_000)).find((d) => d.getUTCDay() === 0)!.toISOString().slice(0, 10);
    await refused({ input: input(1, { plannedDate: sunday }) }, 'input.outreach.plannedDate', 'NOT_A_WORKING_DAY');
    await refused({ input: input(1, { address: 'Jl. Melati; DROP' }) }, 'input.outreach.address', 'INVALID_CHARACTERS');
    await refused({ input: input(1, { address: 'x'.repeat(101) }) }, 'input.outreach.address', 'INVALID_LENGTH');
    await refused({ input: input(1, { services: ['MOVE_OUT'] }) }, 'input.outreach.services.0', 'NOT_ROUTED');
    await refused({ input: input(1, {}, { servicePoint: { kind: 'KECAMATAN', id: kecamatanOf(kelurahan) } }) }, 'input.outreach', 'NOT_APPLICABLE');
    await refused({ input: input(1, {}, { service: 'MOVE_OUT' }) }, 'input', 'NOT_ROUTED');
    await refused({ input: input(1, {}, { applicantNik: `${people[1]!.nik.slice(0, 12)}9998` }) }, 'input.applicantNik', 'UNKNOWN_RESIDENT');
    expect((await scheduleFiles()).length).toBe(files);

    const operator = as('KELURAHAN_OPERATOR', { region: kelurahan });
    const filed = await estate.run(SUBMIT, { key: 'outreach-2', input: input(1, { reason: 'SICK' }, { service: 'FAMILY_CARD_CHANGE' }) }, operator);
    expect(filed.errors).toBeUndefined();
    expect(filed.data!.submitServiceRequest).toMatchObject({ state: 'PENDING', errorCode: 'WAITING_FOR_BATCH_JOB' });
    await runBatchNow(app, folders);
    expect(await follow('outreach-2', operator, (s) => s.state === 'DELIVERED')).toMatchObject({ state: 'DELIVERED', request: { service: 'FAMILY_CARD_CHANGE', status: 'SUBMITTED' } });
  });

  it('a visit the batch job refuses is delivered as a REJECTED request with the app\'s reason', async () => {
    const officer = officerOf(people[1]!.kelurahan);
    // people[1] has a visit planned (previous test): the app allows one open visit per resident.
    const second = await estate.run(SUBMIT, { key: 'outreach-twice', input: input(1, { plannedDate: workingDay(5) }) }, officer);
    expect(second.data!.submitServiceRequest).toMatchObject({ state: 'PENDING', errorCode: 'WAITING_FOR_BATCH_JOB' });
    await runBatchNow(app, folders);
    const done = await follow('outreach-twice', officer, (s) => s.state === 'DELIVERED');
    expect(done).toMatchObject({ state: 'DELIVERED', request: { status: 'REJECTED', rejectionReason: 'ALREADY_SCHEDULED', registrationNumber: expect.stringMatching(/^JB-/) } });
  });

  it('shows the team\'s results (served, not at home) as the request\'s status once the app has run its batch', async () => {
    const visits: Array<{ key: string; id: string; number: string; i: number }> = [];
    for (const i of [3, 4]) {
      const key = `outreach-result-${i}`;
      await estate.run(SUBMIT, { key, input: input(i, { plannedDate: workingDay(1) }) }, officerOf(people[i]!.kelurahan));
      visits.push({ key, i, id: '', number: '' });
    }
    await runBatchNow(app, folders);
    for (const v of visits) {
      const done = await follow(v.key, officerOf(people[v.i]!.kelurahan), (s) => s.state === 'DELIVERED');
      expect(done.state).toBe('DELIVERED');
      v.id = done.request.id;
      v.number = done.request.registrationNumber;
    }
    // The team at the door, in the app's own screen; other systems see it after the next run.
    await recordOutcome(folders, visits[0]!.number, 'L', 'tim jb 3');
    await recordOutcome(folders, visits[1]!.number, 'T', 'tim jb 3', { note: 'rumah kosong' });
    expect((await estate.run(REQUEST, { id: visits[0]!.id }, officerOf(people[3]!.kelurahan))).data!.serviceRequest.status).toBe('SUBMITTED');
    await runBatchNow(app, folders);
    expect((await readdir(folders.outbox)).some((n) => /^HASIL_\d+\.TXT$/.test(n))).toBe(true);
    const served = await estate.run(REQUEST, { id: visits[0]!.id }, officerOf(people[3]!.kelurahan));
    expect(served.data!.serviceRequest).toMatchObject({ status: 'COMPLETED', timeline: [{ status: 'SUBMITTED' }, { status: 'COMPLETED', by: 'TIM JB 3' }] });
    const away = await estate.run(REQUEST, { id: visits[1]!.id }, officerOf(people[4]!.kelurahan));
    expect(away.data!.serviceRequest).toMatchObject({ status: 'CANCELLED', timeline: [{ status: 'SUBMITTED' }, { status: 'CANCELLED', note: 'NOT AT HOME: RUMAH KOSONG', by: 'TIM JB 3' }] });
  });
});
