import type { Knex } from 'knex';
import { deadlineIn } from '@core/deadline';
import type { GerbangError } from '@core/errors';
import { receiveAtCounter, workRequest } from '@sim/kecamatan/back-office';
import { kecamatanEmulator } from '@sim/kecamatan/emulator';
import { PERMOHONAN_TABLE } from '@sim/kecamatan/schema';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { connectKecamatan, createKecamatanLoaders, type CounterSubmission, type KecamatanConnection } from '../index';

const unhurried = () => deadlineIn(10_000);
const SITE = { regencyCode: '36.74', timeZone: 'Asia/Jakarta', timeoutMs: 5_000, changeSettleMs: 0 };
const NIP = '198703152010011002';

interface Row { id_permohonan: number; no_registrasi: string; nik_pemohon: string; no_kec: number; status: string; kd_layanan: number; tgl_daftar: string }

/** The kecamatan counter adapter against the emulator's tables (SQLite or MariaDB), counting statements. */
describe(`kecamatan SQL adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let counter: Knex;
  let siak: Knex;
  let app: KecamatanConnection;
  let seeded: Row[];

  const submission = (over: Partial<CounterSubmission> = {}): CounterSubmission => ({
    clientReference: 'KEC-REQ-1', service: 'FIRST_ID_CARD', kecamatanCode: '36.74.01', applicantNik: seeded[0]!.nik_pemohon, applicantName: 'Dewi Lestari', counterStaffNip: NIP, ...over,
  });
  const statements = async <T>(work: () => Promise<T>): Promise<{ result: T; sent: number }> => {
    const before = app.client.statementCount;
    const result = await work();
    return { result, sent: app.client.statementCount - before };
  };
  const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as GerbangError);

  beforeAll(async () => {
    legacy = await seededStorage('kecamatan-adapter', [siakEmulator, kecamatanEmulator]);
    counter = legacy.open('kecamatan');
    siak = legacy.open('siak');
    app = connectKecamatan(legacy.storage, SITE);
    seeded = (await counter(PERMOHONAN_TABLE).orderBy('id_permohonan')) as Row[];
  });

  afterAll(async () => {
    await app?.client.close();
    await legacy?.cleanup();
  });

  it('finds many requests by number in one statement, with their timelines; applicants are SIAK residents', async () => {
    const asked = seeded.slice(0, 30).map((r) => r.no_registrasi);
    const { result: found, sent } = await statements(() => app.port.requestsByNumber([...asked, 'REG-000000-00000000-0000'], unhurried()));
    expect(sent).toBe(1);
    expect(new Set(found.keys())).toEqual(new Set(asked));
    for (const request of found.values()) {
      expect(request.channel).toBe('OFFLINE');
      expect(request.servicePoint).toEqual({ kind: 'KECAMATAN', id: expect.stringMatching(/^36\.74\.\d{2}$/) });
      expect(request.timeline[0]).toMatchObject({ status: 'SUBMITTED', at: request.submittedAt });
      expect(request.timeline.at(-1)!.status).toBe(request.status);
    }
    // Version 1 rows (no history) and version 2 rows (history) both give a timeline.
    expect([...found.values()].some((r) => r.timeline.length >= 2)).toBe(true);
    const niks = [...new Set(seeded.map((r) => r.nik_pemohon))];
    expect(await siak('BIODATA_WNI').whereIn('NIK', niks).count({ n: '*' })).toEqual([{ n: niks.length }]);

    const loaders = createKecamatanLoaders(app.port, unhurried());
    const { result: loaded, sent: loadedWith } = await statements(() => Promise.all([loaders.requestByNumber.load(asked[0]!), loaders.requestByNumber.load('NONE'), loaders.requestsByApplicant.load(seeded[0]!.nik_pemohon)]));
    expect(loadedWith).toBe(2);
    expect(loaded[0]?.registrationNumber).toBe(asked[0]);
    expect(loaded[1]).toBeNull();
    expect(loaded[2].map((r) => r.applicantNik)).toEqual(loaded[2].map(() => seeded[0]!.nik_pemohon));
  });

  it('lists each applicant\'s requests newest first, in one statement for all', async () => {
    const niks = [...new Set(seeded.map((r) => r.nik_pemohon))].slice(0, 20);
    const { result: found, sent } = await statements(() => app.port.requestsByApplicant([...niks, '3674010101990009'], unhurried()));
    expect(sent).toBe(1);
    expect(new Set(found.keys())).toEqual(new Set(niks));
    for (const [nik, requests] of found) {
      expect(requests.length).toBe(seeded.filter((r) => r.nik_pemohon === nik).length);
      const times = requests.map((r) => r.submittedAt);
      expect([...times].sort().reverse()).toEqual(times);
    }
  });

  it('pages through an office\'s worklist oldest first, one statement per page whatever its size, without repeats or gaps', async () => {
    const office = seeded[0]!.no_kec;
    const code = `36.74.${String(office).padStart(2, '0')}`;
    const expected = seeded.filter((r) => r.no_kec === office).sort((a, b) => (String(a.tgl_daftar) < String(b.tgl_daftar) ? -1 : String(a.tgl_daftar) > String(b.tgl_daftar) ? 1 : a.id_permohonan - b.id_permohonan)).map((r) => r.no_registrasi);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const { result: page, sent } = await statements(() => app.port.worklist({ kecamatanCode: code, first: 3, after }, unhurried()));
      expect(sent).toBe(1);
      expect(page.requests.length).toBeLessThanOrEqual(3);
      seen.push(...page.requests.map((r) => r.registrationNumber));
      if (!page.hasNextPage) break;
      after = page.endCursor!;
    }
    expect(seen).toEqual(expected);
    const small = await statements(() => app.port.worklist({ first: 5 }, unhurried()));
    const large = await statements(() => app.port.worklist({ first: 50 }, unhurried()));
    expect([small.sent, large.sent]).toEqual([1, 1]);
    expect(large.result.requests).toHaveLength(Math.min(50, seeded.length));
    expect(large.result.requests.every((r) => r.timeline.length >= 1)).toBe(true);
  });

  it('filters the worklist by status, service and received dates (overdue work), and refuses forged cursors', async () => {
    const open = await app.port.worklist({ statuses: ['SUBMITTED', 'IN_PROCESS'], submittedBefore: '2025-12-15', first: 100 }, unhurried());
    expect(open.requests.length).toBeGreaterThan(0);
    expect(open.requests.every((r) => (r.status === 'SUBMITTED' || r.status === 'IN_PROCESS') && r.submittedAt < '2025-12-15')).toBe(true);
    const kia = await app.port.worklist({ services: ['CHILD_ID_CARD'], submittedFrom: '2025-01-01', first: 100 }, unhurried());
    expect(kia.requests.every((r) => r.service === 'CHILD_ID_CARD' && r.submittedAt >= '2025-01-01')).toBe(true);
    expect(kia.requests.length).toBe(seeded.filter((r) => r.kd_layanan === 5 && String(r.tgl_daftar) >= '2025-01-01').length);
    for (const impossible of [{ statuses: ['DRAFT' as const] }, { channels: ['ONLINE' as const] }, { services: ['LEGALISATION' as const] }]) {
      const { result: none, sent } = await statements(() => app.port.worklist({ ...impossible, first: 10 }, unhurried()));
      expect([none.requests, sent]).toEqual([[], 0]);
    }
    expect((await app.port.worklist({ channels: ['OFFLINE'], first: 100 }, unhurried())).requests.length).toBe(Math.min(100, seeded.length));
    await expect(app.port.worklist({ first: 10, after: 'bm90LWEtY3Vyc29y' }, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' } });
    await expect(app.port.worklist({ first: 101 }, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await expect(app.port.worklist({ first: 5, kecamatanCode: "36.74'" }, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('counts requests by status in one statement', async () => {
    const { result: counts, sent } = await statements(() => app.port.countByStatus({}, unhurried()));
    expect(sent).toBe(1);
    const all = (await counter(PERMOHONAN_TABLE).select('status')) as Array<{ status: string }>;
    expect(counts.total).toBe(all.length);
    expect(counts.byStatus.COMPLETED).toBe(all.filter((r) => r.status.trim().toUpperCase() === 'SELESAI').length);
    expect(counts.unknown).toBe(0);
    const office = await app.port.countByStatus({ kecamatanCode: '36.74.01', services: ['FIRST_ID_CARD'] }, unhurried());
    expect(office.total).toBe(all.length === 0 ? 0 : (await counter(PERMOHONAN_TABLE).where({ no_kec: 1, kd_layanan: 1 })).length);
  });

  it('submits once per reference; a retry answers the same request; history says received', async () => {
    const { result: first, sent } = await statements(() => app.port.submitRequest(submission(), unhurried()));
    expect(sent).toBe(4);
    expect(first.created).toBe(true);
    expect(first.request).toMatchObject({ service: 'FIRST_ID_CARD', status: 'SUBMITTED', applicantName: 'DEWI LESTARI', counterStaffNip: NIP, reference: 'KEC-REQ-1', servicePoint: { kind: 'KECAMATAN', id: '36.74.01' } });
    expect(first.request.registrationNumber).toMatch(/^REG-367401-\d{8}-\d{4}$/);
    expect(first.request.timeline).toEqual([{ status: 'SUBMITTED', at: first.request.submittedAt, note: null, by: NIP }]);
    const again = await app.port.submitRequest(submission(), unhurried());
    expect(again).toEqual({ request: first.request, created: false });
    expect(await counter(PERMOHONAN_TABLE).where({ ref_gerbang: 'KEC-REQ-1' })).toHaveLength(1);
    expect((await app.port.requestsByReference(['KEC-REQ-1', 'NONE'], unhurried())).get('KEC-REQ-1')?.registrationNumber).toBe(first.request.registrationNumber);
  });

  it('refuses a reused reference, a service the counter does not take and malformed input', async () => {
    expect((await failure(app.port.submitRequest(submission({ service: 'MOVE_IN' }), unhurried())))?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REFERENCE_IN_USE' });
    expect((await failure(app.port.submitRequest(submission({ clientReference: 'K-2', service: 'LEGALISATION' as never }), unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_A_COUNTER_SERVICE' });
    expect((await failure(app.port.submitRequest(submission({ clientReference: 'K-2', kecamatanCode: '33.25.01' }), unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_KECAMATAN' });
    expect((await failure(app.port.submitRequest(submission({ clientReference: 'K-2', applicantNik: '12' }), unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'applicantNik' });
    expect((await failure(app.port.submitRequest(submission({ clientReference: 'K-2', counterStaffNip: '123' }), unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'counterStaffNip' });
  });

  it('concurrent submissions of one office and day get distinct numbers, after the counter\'s own', async () => {
    const own = await receiveAtCounter(counter, { kecamatanCode: '36.74.03', kdLayanan: 2, nik: seeded[1]!.nik_pemohon, nama: 'Counter Own', noKk: null, nip: NIP });
    const results = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((i) => app.port.submitRequest(submission({ clientReference: `KEC-PAR-${i}`, kecamatanCode: '36.74.03' }), unhurried())));
    const numbers = results.map((r) => r.request.registrationNumber);
    expect(new Set([...numbers, own]).size).toBe(9);
    expect(results.every((r) => r.created && r.request.timeline.length === 1)).toBe(true);
  });

  it('moves a request on as the counter allows; a retry is a no-op; others are refused', async () => {
    const { request } = await app.port.submitRequest(submission({ clientReference: 'KEC-UPD-1' }), unhurried());
    const number = request.registrationNumber;
    const processing = await app.port.updateStatus({ registrationNumber: number, status: 'IN_PROCESS', counterStaffNip: NIP }, unhurried());
    expect(processing.changed).toBe(true);
    expect(processing.request.timeline.map((c) => c.status)).toEqual(['SUBMITTED', 'IN_PROCESS']);
    expect((await app.port.updateStatus({ registrationNumber: number, status: 'IN_PROCESS', counterStaffNip: NIP }, unhurried())).changed).toBe(false);
    const rejected = await app.port.updateStatus({ registrationNumber: number, status: 'REJECTED', counterStaffNip: NIP, note: 'berkas tidak lengkap' }, unhurried());
    expect(rejected.request).toMatchObject({ status: 'REJECTED', note: 'BERKAS TIDAK LENGKAP' });
    expect(rejected.request.timeline.at(-1)).toMatchObject({ status: 'REJECTED', note: 'BERKAS TIDAK LENGKAP', by: NIP });
    expect((await failure(app.port.updateStatus({ registrationNumber: number, status: 'COMPLETED', counterStaffNip: NIP }, unhurried())))?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'STATUS_CHANGE_NOT_ALLOWED', current: 'REJECTED' });
    expect((await failure(app.port.updateStatus({ registrationNumber: 'REG-NONE', status: 'COMPLETED', counterStaffNip: NIP }, unhurried())))?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await failure(app.port.updateStatus({ registrationNumber: number, status: 'REJECTED', counterStaffNip: NIP }, unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED' });
  });

  it('polls status changes after a cursor, oldest first and each once, including those made in the app\'s own screen', async () => {
    const start = await app.port.latestCursor(unhurried());
    expect(start).not.toBeNull();
    const own = await receiveAtCounter(counter, { kecamatanCode: '36.74.04', kdLayanan: 4, nik: seeded[2]!.nik_pemohon, nama: 'Di Loket', noKk: null, nip: NIP });
    await workRequest(counter, own, 'DIPROSES', NIP);
    const { request } = await app.port.submitRequest(submission({ clientReference: 'KEC-EVT-1' }), unhurried());
    await app.port.updateStatus({ registrationNumber: request.registrationNumber, status: 'COMPLETED', counterStaffNip: NIP, note: 'diambil sendiri' }, unhurried());
    await workRequest(counter, own, 'SELESAI', NIP);

    const { result: first, sent } = await statements(() => app.port.changesSince(start, 3, unhurried()));
    expect(sent).toBe(1);
    const second = await app.port.changesSince(first.cursor, 100, unhurried());
    const all = [...first.changes, ...second.changes];
    expect(all.map((c) => [c.registrationNumber, c.change.status])).toEqual([
      [own, 'SUBMITTED'], [own, 'IN_PROCESS'], [request.registrationNumber, 'SUBMITTED'], [request.registrationNumber, 'COMPLETED'], [own, 'COMPLETED'],
    ]);
    expect(new Set(all.map((c) => c.changeId)).size).toBe(all.length);
    expect(all[3]).toMatchObject({ service: 'FIRST_ID_CARD', servicePoint: { kind: 'KECAMATAN', id: '36.74.01' }, change: { note: 'DIAMBIL SENDIRI', by: NIP } });
    const nothing = await app.port.changesSince(second.cursor, 100, unhurried());
    expect(nothing).toEqual({ changes: [], cursor: second.cursor });
    // From the beginning: the seeded history too, oldest first.
    const history = await app.port.changesSince(null, 50, unhurried());
    expect(history.changes.length).toBeGreaterThan(0);
    const times = history.changes.map((c) => c.change.at);
    expect([...times].sort()).toEqual(times);
    await expect(app.port.changesSince('forged', 10, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' } });
  });

  it('holds back changes younger than the settle time, and hands them out once they are older', async () => {
    const patient = connectKecamatan(legacy.storage, { ...SITE, changeSettleMs: 60_000 });
    try {
      const start = await patient.port.latestCursor(unhurried());
      await receiveAtCounter(counter, { kecamatanCode: '36.74.05', kdLayanan: 1, nik: seeded[3]!.nik_pemohon, nama: 'Baru Saja', noKk: null, nip: NIP });
      expect(await patient.port.changesSince(start, 10, unhurried())).toEqual({ changes: [], cursor: start });
      expect((await app.port.changesSince(start, 10, unhurried())).changes).toHaveLength(1);
    } finally {
      await patient.client.close();
    }
  });

  it('is DEADLINE_EXCEEDED without sending once the deadline has passed', async () => {
    const passed = deadlineIn(1);
    await new Promise((r) => setTimeout(r, 10));
    const { result: error, sent } = await statements(() => failure(app.port.requestsByNumber(['REG-1'], passed)));
    expect(error?.extensions?.code).toBe('DEADLINE_EXCEEDED');
    expect(sent).toBe(0);
  });
});

