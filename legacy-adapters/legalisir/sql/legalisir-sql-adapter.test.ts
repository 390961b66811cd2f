import type { Knex } from 'knex';
import { deadlineIn } from '@core/deadline';
import type { GerbangError } from '@core/errors';
import { receiveAtCounter, workRequest } from '@sim/legalisir/back-office';
import { legalisirEmulator } from '@sim/legalisir/emulator';
import { PERMOHONAN_TABLE } from '@sim/legalisir/schema';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { connectLegalisir, createLegalisirLoaders, type LegalisationSubmission, type LegalisirConnection } from '../index';

const unhurried = () => deadlineIn(10_000);
const SITE = { regencyCode: '36.74', timeZone: 'Asia/Jakarta', timeoutMs: 5_000, changeSettleMs: 0 };
/** Polls hand out only steps of past seconds. */
const nextSecond = () => new Promise((r) => setTimeout(r, 1_100));

interface Row { ID: number; NO_PERMOHONAN: string; NIK_PEMOHON: string; STATUS: string; SUMBER: string; TGL_MASUK: string }

/** The legalisation adapter against the emulator's tables (SQLite or MariaDB), counting statements. */
describe(`legalisir SQL adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let office: Knex;
  let siak: Knex;
  let app: LegalisirConnection;
  let seeded: Row[];

  const submission = (over: Partial<LegalisationSubmission> = {}): LegalisationSubmission => ({
    clientReference: 'LGS-REQ-1', channel: 'ONLINE', applicantNik: seeded[0]!.NIK_PEMOHON, applicantName: 'Rina Wati',
    document: { kind: 'FAMILY_CARD', number: '3674011203150001', issuedOn: '2015-03-12' }, copies: 2, ...over,
  });
  const statements = async <T>(work: () => Promise<T>): Promise<{ result: T; sent: number }> => {
    const before = app.client.statementCount;
    const result = await work();
    return { result, sent: app.client.statementCount - before };
  };
  const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as GerbangError);

  beforeAll(async () => {
    legacy = await seededStorage('legalisir-adapter', [siakEmulator, legalisirEmulator]);
    office = legacy.open('legalisir');
    siak = legacy.open('siak');
    app = connectLegalisir(legacy.storage, SITE);
    seeded = (await office(PERMOHONAN_TABLE).orderBy('ID')) as Row[];
  });

  afterAll(async () => {
    await app?.client.close();
    await legacy?.cleanup();
  });

  it('finds many requests by number and by applicant in one statement each; applicants are SIAK residents', async () => {
    const asked = seeded.map((r) => r.NO_PERMOHONAN);
    const { result: found, sent } = await statements(() => app.port.requestsByNumber([...asked, 'LGS-0000-00000000-0000'], unhurried()));
    expect(sent).toBe(1);
    expect(new Set(found.keys())).toEqual(new Set(asked));
    for (const request of found.values()) {
      expect(request.service).toBe('LEGALISATION');
      expect(['DINAS', 'ONLINE_PORTAL']).toContain(request.servicePoint?.kind);
      expect(request.timeline[0]).toMatchObject({ status: 'SUBMITTED', at: request.submittedAt });
      expect(request.timeline.at(-1)!.status).toBe(request.status);
      expect(request.document.kind).not.toBeNull();
    }
    const niks = [...new Set(seeded.map((r) => r.NIK_PEMOHON))];
    expect(Number(((await siak('BIODATA_WNI').whereIn('NIK', niks).count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n)).toBe(niks.length);
    const { result: mine, sent: once } = await statements(() => app.port.requestsByApplicant(niks, unhurried()));
    expect(once).toBe(1);
    expect([...mine.values()].flat()).toHaveLength(seeded.length);
    const loaders = createLegalisirLoaders(app.port, unhurried());
    const loaded = await Promise.all([loaders.requestByNumber.load(asked[0]!), loaders.requestByNumber.load('NONE'), loaders.requestsByApplicant.load('3674010101990009')]);
    expect([loaded[0]?.requestNumber, loaded[1], loaded[2]]).toEqual([asked[0], null, []]);
  });

  it('pages the worklist oldest first, one statement per page whatever its size; filters by point, channel, status, dates', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const { result: page, sent } = await statements(() => app.port.worklist({ first: 4, after }, unhurried()));
      expect(sent).toBe(1);
      seen.push(...page.requests.map((r) => r.requestNumber));
      if (!page.hasNextPage) break;
      after = page.endCursor!;
    }
    const ordered = [...seeded].sort((a, b) => (String(a.TGL_MASUK) < String(b.TGL_MASUK) ? -1 : String(a.TGL_MASUK) > String(b.TGL_MASUK) ? 1 : a.ID - b.ID));
    expect(seen).toEqual(ordered.map((r) => r.NO_PERMOHONAN));
    const small = await statements(() => app.port.worklist({ first: 5 }, unhurried()));
    const large = await statements(() => app.port.worklist({ first: 50 }, unhurried()));
    expect([small.sent, large.sent]).toEqual([1, 1]);
    const online = await app.port.worklist({ servicePoints: ['ONLINE_PORTAL'], statuses: ['SUBMITTED', 'VERIFYING', 'READY'], first: 100 }, unhurried());
    expect(online.requests.every((r) => r.channel === 'ONLINE' && ['SUBMITTED', 'VERIFYING', 'READY'].includes(r.status!))).toBe(true);
    expect(online.requests.length).toBe(seeded.filter((r) => r.SUMBER === 'O' && ['B', 'V', 'S'].includes(r.STATUS)).length);
    const counter = await app.port.worklist({ channels: ['OFFLINE'], submittedFrom: '2025-07-01', submittedBefore: '2025-12-01', first: 100 }, unhurried());
    expect(counter.requests.every((r) => r.channel === 'OFFLINE' && r.submittedAt >= '2025-07-01' && r.submittedAt < '2025-12-01')).toBe(true);
    for (const impossible of [{ services: ['FIRST_ID_CARD' as const] }, { channels: ['OJOL' as const] }, { servicePoints: ['KECAMATAN' as const] }, { statuses: ['IN_PROCESS' as const] }]) {
      const { result, sent } = await statements(() => app.port.worklist({ ...impossible, first: 10 }, unhurried()));
      expect([result.requests, sent]).toEqual([[], 0]);
    }
    await expect(app.port.worklist({ first: 10, after: 'forged' }, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' } });
  });

  it('counts requests by status in one statement', async () => {
    const { result: counts, sent } = await statements(() => app.port.countByStatus({}, unhurried()));
    expect(sent).toBe(1);
    expect(counts.total).toBe(seeded.length);
    expect(counts.byStatus.COMPLETED).toBe(seeded.filter((r) => r.STATUS === 'A').length);
    expect((await app.port.countByStatus({ channels: ['ONLINE'] }, unhurried())).total).toBe(seeded.filter((r) => r.SUMBER === 'O').length);
  });

  it('refuses a document that carries a TTE, as the app does, and writes nothing', async () => {
    const check = await statements(() => app.port.checkDocument('FAMILY_CARD', '2021-03-12', unhurried()));
    expect(check).toEqual({ result: { legalisable: false, reason: 'E_SIGNED', eSignedSince: '2020-07-01' }, sent: 1 });
    expect(await app.port.checkDocument('ID_CARD', '2024-01-01', unhurried())).toEqual({ legalisable: true, reason: null, eSignedSince: null });
    expect(await app.port.checkDocument('BIRTH_DEED', '2019-12-31', unhurried())).toEqual({ legalisable: true, reason: null, eSignedSince: '2020-07-01' });
    const before = seeded.length;
    const { result: refusal, sent } = await statements(() => failure(app.port.submitRequest(submission({ clientReference: 'LGS-TTE-1', document: { kind: 'BIRTH_DEED', number: '3674-LU-05012022-0001', issuedOn: '2022-01-05' } }), unhurried())));
    expect(refusal?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DOCUMENT_E_SIGNED', documentKind: 'BIRTH_DEED', eSignedSince: '2020-07-01' });
    expect(sent).toBe(1);
    expect(await office(PERMOHONAN_TABLE).count({ n: '*' }).then((r) => Number((r as Array<{ n: number | string }>)[0]!.n))).toBe(before);
  });

  it('submits once per reference; a retry answers the same request; bad input is refused', async () => {
    const { result: first, sent } = await statements(() => app.port.submitRequest(submission(), unhurried()));
    expect(sent).toBe(3);
    expect(first.created).toBe(true);
    expect(first.request).toMatchObject({ channel: 'ONLINE', servicePoint: { kind: 'ONLINE_PORTAL', id: null }, status: 'SUBMITTED', copies: 2, applicantName: 'RINA WATI', reference: 'LGS-REQ-1', document: { kind: 'FAMILY_CARD', issuedOn: '2015-03-12' } });
    expect(first.request.requestNumber).toMatch(/^LGS-3674-\d{8}-\d{4}$/);
    expect(first.request.timeline).toEqual([{ status: 'SUBMITTED', at: first.request.submittedAt, note: null, by: null }]);
    expect(await app.port.submitRequest(submission(), unhurried())).toEqual({ request: first.request, created: false });
    expect(await office(PERMOHONAN_TABLE).where({ REF_GERBANG: 'LGS-REQ-1' })).toHaveLength(1);
    expect((await failure(app.port.submitRequest(submission({ document: { kind: 'ID_CARD', number: seeded[0]!.NIK_PEMOHON, issuedOn: '2020-01-01' } }), unhurried())))?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REFERENCE_IN_USE' });
    expect((await failure(app.port.submitRequest(submission({ clientReference: 'L-2', copies: 11 }), unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_COPIES' });
    expect((await failure(app.port.submitRequest(submission({ clientReference: 'L-2', applicantNik: '1' }), unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'applicantNik' });
    expect((await failure(app.port.submitRequest(submission({ clientReference: 'L-2', document: { kind: 'PASSPORT' as never, number: 'X', issuedOn: '2010-01-01' } }), unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_DOCUMENT' });
    const parallel = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => app.port.submitRequest(submission({ clientReference: `LGS-PAR-${i}` }), unhurried())));
    expect(new Set(parallel.map((r) => r.request.requestNumber)).size).toBe(6);
  });

  it('moves a request on as the app allows; a retry is a no-op; others are refused', async () => {
    const { request } = await app.port.submitRequest(submission({ clientReference: 'LGS-UPD-1', channel: 'OFFLINE' }), unhurried());
    const number = request.requestNumber;
    expect((await app.port.updateStatus({ requestNumber: number, status: 'VERIFYING', officer: 'dewi.k' }, unhurried())).changed).toBe(true);
    expect((await app.port.updateStatus({ requestNumber: number, status: 'VERIFYING', officer: 'dewi.k' }, unhurried())).changed).toBe(false);
    const ready = await app.port.updateStatus({ requestNumber: number, status: 'READY', officer: 'dewi.k' }, unhurried());
    expect(ready.request).toMatchObject({ status: 'READY', officer: 'DEWI.K' });
    expect(ready.request.timeline.map((c) => c.status)).toEqual(['SUBMITTED', 'VERIFYING', 'READY']);
    expect((await failure(app.port.updateStatus({ requestNumber: number, status: 'REJECTED', officer: 'dewi.k', note: 'terlambat' }, unhurried())))?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'STATUS_CHANGE_NOT_ALLOWED', current: 'READY' });
    expect((await failure(app.port.updateStatus({ requestNumber: 'LGS-NONE', status: 'READY', officer: 'dewi.k' }, unhurried())))?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await failure(app.port.updateStatus({ requestNumber: number, status: 'REJECTED', officer: 'dewi.k' }, unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED' });
    expect((await app.port.updateStatus({ requestNumber: number, status: 'COMPLETED', officer: 'rina.s' }, unhurried())).request.status).toBe('COMPLETED');
  });

  it('polls each step once, in the order they happened, those made in the app\'s own screen included', async () => {
    await nextSecond();
    const start = await app.port.latestCursor(unhurried());
    const own = await receiveAtCounter(office, { nik: seeded[1]!.NIK_PEMOHON, nama: 'Di Loket', kdDok: 'KTP', noDok: seeded[1]!.NIK_PEMOHON, tglTerbit: '2022-02-02', jmlLembar: 1, petugas: 'AGUS.P' }, '36.74');
    await workRequest(office, own, 'V', 'AGUS.P');
    const { request } = await app.port.submitRequest(submission({ clientReference: 'LGS-EVT-1' }), unhurried());
    await nextSecond();
    const first = await statements(() => app.port.changesSince(start, 100, unhurried()));
    expect(first.sent).toBe(1);
    // A step in a second that is over, then another in the same row: the row moves on, both steps come, once each.
    await workRequest(office, own, 'T', 'AGUS.P', 'fotokopi buram');
    await app.port.updateStatus({ requestNumber: request.requestNumber, status: 'VERIFYING', officer: 'siti.n' }, unhurried());
    await nextSecond();
    const second = await app.port.changesSince(first.result.cursor, 100, unhurried());
    const all = [...first.result.changes, ...second.changes];
    const mine = all.filter((c) => c.requestNumber === own || c.requestNumber === request.requestNumber);
    expect(mine.map((c) => [c.requestNumber, c.change.status])).toEqual([
      [own, 'SUBMITTED'], [own, 'VERIFYING'], [request.requestNumber, 'SUBMITTED'], [own, 'REJECTED'], [request.requestNumber, 'VERIFYING'],
    ]);
    expect(new Set(all.map((c) => c.changeId)).size).toBe(all.length);
    expect(mine.find((c) => c.change.status === 'REJECTED')?.change).toMatchObject({ note: 'FOTOKOPI BURAM', by: 'AGUS.P' });
    expect((await app.port.changesSince(second.cursor, 100, unhurried())).changes).toEqual([]);
    // From the beginning, in small batches: the seeded history, each step once and in time order.
    const steps: string[] = [];
    const times: string[] = [];
    for (let cursor: string | null = null, round = 0; round < 200; round += 1) {
      const batch = await app.port.changesSince(cursor, 7, unhurried());
      steps.push(...batch.changes.map((c) => c.changeId));
      times.push(...batch.changes.map((c) => c.change.at));
      if (batch.changes.length === 0 && cursor === batch.cursor) break;
      cursor = batch.cursor;
    }
    expect(new Set(steps).size).toBe(steps.length);
    expect([...times].sort()).toEqual(times);
    const rows = (await office(PERMOHONAN_TABLE).select('TGL_MASUK', 'TGL_VERIFIKASI', 'TGL_SIAP', 'TGL_AMBIL', 'TGL_TOLAK')) as Array<Record<string, string | null>>;
    expect(steps.length).toBe(rows.reduce((n, r) => n + Object.values(r).filter((v) => v !== null).length, 0));
    await expect(app.port.changesSince('forged', 10, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' } });
  });

  it('is DEADLINE_EXCEEDED without sending once the deadline has passed', async () => {
    const passed = deadlineIn(1);
    await new Promise((r) => setTimeout(r, 10));
    const { result: error, sent } = await statements(() => failure(app.port.requestsByNumber(['LGS-1'], passed)));
    expect([error?.extensions?.code, sent]).toEqual(['DEADLINE_EXCEEDED', 0]);
  });
});
