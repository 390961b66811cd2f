import type { Knex } from 'knex';
import { Cancelled, deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { answerComplaint, setStatus } from '@sim/pengaduan/back-office';
import { pengaduanEmulator } from '@sim/pengaduan/emulator';
import { PENGADUAN_TABLE } from '@sim/pengaduan/schema';
import { startPengaduan, type RunningPengaduan } from '@sim/pengaduan/server';
import { generateWorld } from '@sim/world/generator';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { resilienceSettings } from '../../base/resilience';
import { connectPengaduan, createPengaduanLoaders, type NewComplaint, type PengaduanConnection } from '../index';

const API_KEY = 'kunci-adapter-pengaduan';
const WORLD = { ...TEST_WORLD, scale: 2_000 };
const unhurried = () => deadlineIn(10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The complaints adapter against the running pengaduan emulator (its storage on SQLite or MariaDB). */
describe(`pengaduan REST adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let desk: Knex;
  let app: RunningPengaduan;
  let pengaduan: PengaduanConnection;
  const world = generateWorld(WORLD);
  const resident = world[4]!.members[0]!;
  const complaint = (reference: string, overrides: Partial<NewComplaint> = {}): NewComplaint => ({
    reference, complainantNik: resident.nik, complainantName: resident.name, phone: '0812 3456 7890', source: 'WEB', category: 'ID_CARD',
    concerns: { kind: 'KECAMATAN', id: '36.74.01' }, serviceRequestNumber: 'PO-20261120-00042', subject: 'KTP belum jadi', text: 'KTP-el saya belum jadi sejak dua minggu.', ...overrides,
  });

  beforeAll(async () => {
    legacy = await seededStorage('pengaduan-adapter', [pengaduanEmulator], WORLD);
    desk = legacy.open('pengaduan');
    app = await startPengaduan(legacy.storage, { port: 0, apiKey: API_KEY });
    pengaduan = connectPengaduan({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
  });

  afterEach(async () => {
    app.setLatency(0);
    await app.restart();
  });

  afterAll(async () => {
    pengaduan?.client.close();
    await app?.close();
    await legacy?.cleanup();
  });

  async function column(name: string, n: number): Promise<string[]> {
    return ((await desk(PENGADUAN_TABLE).whereNotNull(name).distinct(name).orderBy(name).limit(n)) as Array<Record<string, string>>).map((r) => r[name]!);
  }

  it('loads complaints by ticket and by complainant in one call per batch, with their history', async () => {
    const tickets = await column('no_tiket', 25);
    const before = app.calls.of('GET /api/pengaduan');
    const found = await pengaduan.port.complaintsByTicket([...tickets, 'ADU-199901-00001', 'not-a-ticket'], unhurried());
    expect(app.calls.of('GET /api/pengaduan') - before).toBe(1);
    expect([...found.keys()].sort()).toEqual([...tickets].sort());
    const all = [...found.values()];
    expect(all.every((c) => c.history[0]?.kind === 'SUBMITTED' && c.status !== null && c.submittedAt !== null)).toBe(true);
    expect(all.every((c) => c.history.at(-1)!.status === c.status)).toBe(true);
    const niks = await column('nik_pelapor', 15);
    const byNik = await pengaduan.port.complaintsByComplainant([...niks, '3674011708850999'], unhurried());
    expect(app.calls.of('GET /api/pengaduan') - before).toBe(2);
    expect([...byNik.keys()].sort()).toEqual([...niks].sort());
    const calls = app.calls.total;
    expect((await pengaduan.port.complaintsByTicket([], unhurried())).size).toBe(0);
    expect(app.calls.total).toBe(calls);
  });

  it('finds complaints about a service request however the resident typed its number', async () => {
    const typed = ((await desk(PENGADUAN_TABLE).whereNotNull('no_permohonan').select('no_permohonan')) as Array<{ no_permohonan: string }>).map((r) => r.no_permohonan);
    const messy = typed.find((n) => n !== n.trim().toUpperCase() || n.includes(' '));
    expect(messy).toBeDefined();
    const clean = messy!.replace(/\s+/g, '').toUpperCase();
    const found = await pengaduan.port.complaintsAboutRequest([clean, 'PO-19990101-00000'], unhurried());
    expect([...found.keys()]).toEqual([clean]);
    expect(found.get(clean)!.every((c) => c.serviceRequestNumber === clean)).toBe(true);
  });

  it('one loader call per batch of a request, nothing sent once the caller has left', async () => {
    const tickets = await column('no_tiket', 12);
    const loaders = createPengaduanLoaders(pengaduan.port, unhurried());
    const before = app.calls.of('GET /api/pengaduan');
    const loaded = await Promise.all([...tickets, 'ADU-199901-00001'].map((t) => loaders.complaintByTicket.load(t)));
    expect(app.calls.of('GET /api/pengaduan') - before).toBe(1);
    expect(loaded.at(-1)).toBeNull();
    const request = startDeadline(10_000);
    const late = createPengaduanLoaders(pengaduan.port, request.deadline);
    const calls = app.calls.total;
    const pending = late.complaintsByComplainant.load(resident.nik).then(() => undefined, (e: unknown) => e as GerbangError);
    request.callerLeft();
    const error = await pending;
    expect(error?.code).toBe('DEADLINE_EXCEEDED');
    expect((error?.originalError as Cancelled).reason).toBe('CALLER_LEFT');
    expect(app.calls.total).toBe(calls);
  });

  it('a worklist page of 50 costs the desk the same one call as a page of 5, newest first with a total; counts in one call', async () => {
    const before = app.calls.total;
    const small = await pengaduan.port.worklist({ page: 1, pageSize: 5 }, unhurried());
    const large = await pengaduan.port.worklist({ page: 1, pageSize: 50 }, unhurried());
    expect(app.calls.total - before).toBe(2);
    expect(large.complaints.slice(0, 5)).toEqual(small.complaints);
    expect(large.total).toBe(small.total);
    const submitted = large.complaints.map((c) => c.submittedAt!);
    expect([...submitted].sort().reverse()).toEqual(submitted);
    const open = await pengaduan.port.worklist({ statuses: ['RECEIVED', 'IN_PROGRESS'], page: 1, pageSize: 100 }, unhurried());
    expect(open.complaints.every((c) => c.status === 'RECEIVED' || c.status === 'IN_PROGRESS')).toBe(true);
    const overdue = await pengaduan.port.worklist({ statuses: ['RECEIVED', 'IN_PROGRESS'], submittedTo: '2025-12-01', page: 1, pageSize: 100 }, unhurried());
    expect(overdue.total).toBeGreaterThan(0);
    const calls = app.calls.total;
    const counts = await pengaduan.port.countsByStatus({}, unhurried());
    expect(app.calls.total - calls).toBe(1);
    expect(counts.RECEIVED + counts.IN_PROGRESS).toBe(open.total);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(small.total);
    const kecamatan = await pengaduan.port.worklist({ concerns: { kind: 'KECAMATAN', id: '36.74.01' }, page: 1, pageSize: 100 }, unhurried());
    expect(kecamatan.complaints.every((c) => c.concerns?.id === '36.74.01')).toBe(true);
    await expect(pengaduan.port.worklist({ page: 1, pageSize: 101 }, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'pageSize' } });
  });

  it('files a complaint once per reference, and looks before sending again', async () => {
    const posts = app.calls.of('POST /api/pengaduan');
    const filed = await pengaduan.port.submitComplaint(complaint('PGD-ADP-0001'), unhurried());
    expect(filed).toMatchObject({ reference: 'PGD-ADP-0001', status: 'RECEIVED', complainantNik: resident.nik, category: 'ID_CARD', channel: 'ONLINE', phone: '+6281234567890', serviceRequestNumber: 'PO-20261120-00042', history: [{ kind: 'SUBMITTED' }] });
    const again = await pengaduan.port.submitComplaint(complaint('PGD-ADP-0001'), unhurried());
    expect(again.ticketNumber).toBe(filed.ticketNumber);
    expect(app.calls.of('POST /api/pengaduan') - posts).toBe(1);
    await expect(pengaduan.port.submitComplaint(complaint('PGD-ADP-0001', { complainantNik: null }), unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'REFERENCE_IN_USE' } });
    await expect(pengaduan.port.submitComplaint(complaint('PGD-ADP-0002', { text: 'pendek' }), unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'text' } });
    await expect(pengaduan.port.submitComplaint(complaint('PGD-ADP-0003', { concerns: { kind: 'MALL_KIOSK', id: 'ADM-1' } }), unhurried())).rejects.toMatchObject({ extensions: { reason: 'UNSUPPORTED_SERVICE_POINT' } });
    expect(app.calls.of('POST /api/pengaduan') - posts).toBe(1);
    // What only the desk can tell (a NIK that is no real NIK) is BAD_USER_INPUT without its wording.
    const refused = await pengaduan.port.submitComplaint(complaint('PGD-ADP-0004', { complainantNik: '3674019908900002' }), unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(refused?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REFUSED_BY_APPLICATION' });
    expect(refused?.message).not.toMatch(/05|NIK_PELAPOR|\/api/);
  });

  it('a complaint that timed out but landed all the same is not filed twice when asked again', async () => {
    const slow = connectPengaduan({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 0 }) });
    try {
      const posts = app.calls.of('POST /api/pengaduan');
      app.setLatency(400, 'POST /api/pengaduan');
      const error = await slow.port.submitComplaint(complaint('PGD-ADP-0005'), deadlineIn(2_000)).then(() => undefined, (e: unknown) => e as GerbangError);
      expect(error?.code).toBe('LEGACY_TIMEOUT');
      await sleep(400);
      app.setLatency(0);
      const filed = await pengaduan.port.submitComplaint(complaint('PGD-ADP-0005'), unhurried());
      expect(app.calls.of('POST /api/pengaduan') - posts).toBe(1);
      expect(((await desk(PENGADUAN_TABLE).where({ no_referensi: 'PGD-ADP-0005' })) as Array<{ no_tiket: string }>).map((r) => r.no_tiket)).toEqual([filed.ticketNumber]);
    } finally {
      slow.client.close();
    }
  });

  it('answers and moves a complaint through the API once per reference, by the desk\'s rules', async () => {
    const filed = await pengaduan.port.submitComplaint(complaint('PGD-ADP-0006'), unhurried());
    const answered = await pengaduan.port.respond(filed.ticketNumber, { reference: 'JWB-ADP-1', officer: 'rina.pengaduan', text: 'Sudah kami teruskan ke kecamatan.' }, unhurried());
    expect(answered).toMatchObject({ status: 'ANSWERED', history: [{ kind: 'SUBMITTED' }, { kind: 'ANSWERED', by: 'RINA.PENGADUAN', reference: 'JWB-ADP-1' }] });
    const posts = app.calls.of('POST /api/pengaduan/:no_tiket/tanggapan');
    expect((await pengaduan.port.respond(filed.ticketNumber, { reference: 'JWB-ADP-1', officer: 'rina', text: 'again' }, unhurried())).history).toHaveLength(2);
    expect(app.calls.of('POST /api/pengaduan/:no_tiket/tanggapan')).toBe(posts);
    await expect(pengaduan.port.respond(filed.ticketNumber, { reference: 'JWB-ADP-2', officer: 'rina', status: 'RECEIVED' }, unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'STATUS_CHANGE_NOT_ALLOWED' } });
    await expect(pengaduan.port.respond('ADU-199901-00001', { reference: 'JWB-ADP-3', officer: 'rina', status: 'CLOSED' }, unhurried())).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(await pengaduan.port.respond(filed.ticketNumber, { reference: 'JWB-ADP-4', officer: 'rina', status: 'CLOSED' }, unhurried())).toMatchObject({ status: 'CLOSED' });
  });

  it('feeds every change once and in order from a cursor, officers\' own changes included', async () => {
    const start = await pengaduan.port.currentCursor(unhurried());
    const filed = await pengaduan.port.submitComplaint(complaint('PGD-ADP-0007'), unhurried());
    await setStatus(desk, filed.ticketNumber, 2, 'budi.cs');
    await answerComplaint(desk, filed.ticketNumber, 'dewi.yandu', 'Mohon ditunggu, sedang dicetak.');
    const first = await pengaduan.port.changesSince(start, 2, unhurried());
    expect(first.hasMore).toBe(true);
    const rest = await pengaduan.port.changesSince(first.cursor, 100, unhurried());
    expect(rest.hasMore).toBe(false);
    const changes = [...first.changes, ...rest.changes];
    expect(changes.map((c) => [c.ticketNumber, c.kind, c.status, c.by])).toEqual([
      [filed.ticketNumber, 'SUBMITTED', 'RECEIVED', null],
      [filed.ticketNumber, 'STATUS_CHANGED', 'IN_PROGRESS', 'BUDI.CS'],
      [filed.ticketNumber, 'ANSWERED', 'ANSWERED', 'DEWI.YANDU'],
    ]);
    const nothing = await pengaduan.port.changesSince(rest.cursor, 100, unhurried());
    expect(nothing).toEqual({ changes: [], cursor: rest.cursor, hasMore: false });
    const fromStart = await pengaduan.port.changesSince(null, 500, unhurried());
    expect(fromStart.changes[0]!.kind).toBe('SUBMITTED');
    expect(fromStart.changes.map((c) => Number(c.id))).toEqual([...fromStart.changes.map((c) => Number(c.id))].sort((a, b) => a - b));
    await expect(pengaduan.port.changesSince('12', 10, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' } });
  });

  it('is LEGACY_UNAVAILABLE fast while the desk is down, LEGACY_TIMEOUT within the deadline when slow', async () => {
    await app.stop();
    const started = performance.now();
    const error = await pengaduan.port.complaintsByComplainant([resident.nik], unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(error?.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'pengaduan' });
    expect(error?.message).not.toMatch(/127\.0\.0\.1|ECONN|\/api/);
    expect(performance.now() - started).toBeLessThan(1_500);
    await expect(pengaduan.port.ping(unhurried())).rejects.toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE' } });
    await app.restart();
    await sleep(250);
    await expect(pengaduan.port.ping(unhurried())).resolves.toBeUndefined();
    const slow = connectPengaduan({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 1, backoffInitialMs: 10 }) });
    try {
      app.setLatency(1_000);
      const begun = performance.now();
      const late = await slow.port.worklist({ page: 1, pageSize: 5 }, deadlineIn(900)).then(() => undefined, (e: unknown) => e as GerbangError);
      expect(late?.code).toBe('LEGACY_TIMEOUT');
      expect(performance.now() - begun).toBeLessThan(850);
    } finally {
      slow.client.close();
    }
  });
});
