import type { Knex } from 'knex';
import { Cancelled, deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { moveJob } from '@sim/ktp-cetak/back-office';
import { ktpCetakEmulator } from '@sim/ktp-cetak/emulator';
import { CETAK_TABLE } from '@sim/ktp-cetak/schema';
import { startKtpCetak, type RunningKtpCetak } from '@sim/ktp-cetak/server';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { resilienceSettings } from '../../base/resilience';
import { connectKtpCetak, createKtpCetakLoaders, type KtpCetakConnection } from '../index';

const API_KEY = 'kunci-adapter-uji';
const unhurried = () => deadlineIn(10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The print queue adapter against the running ktp-cetak emulator (its storage on SQLite or MariaDB). */
describe(`ktp-cetak REST adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let app: RunningKtpCetak;
  let ktp: KtpCetakConnection;

  beforeAll(async () => {
    legacy = await seededStorage('ktp-cetak-adapter', [ktpCetakEmulator]);
    officer = legacy.open('ktp-cetak');
    app = await startKtpCetak(legacy.storage, { port: 0, apiKey: API_KEY, listSlowMs: 200 });
    ktp = connectKtpCetak({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
  });

  afterEach(async () => {
    app.setLatency(0);
    await app.restart();
  });

  afterAll(async () => {
    ktp?.client.close();
    await app?.close();
    await legacy?.cleanup();
  });

  async function someNiks(n: number): Promise<string[]> {
    return ((await officer(CETAK_TABLE).distinct('nik').orderBy('nik').limit(n)) as Array<{ nik: string }>).map((r) => r.nik);
  }

  it('loads the jobs of many residents in one call, and leaves residents without jobs out', async () => {
    const niks = await someNiks(40);
    const before = app.calls.of('GET /api/cetak');
    const jobs = await ktp.port.printJobsOf([...niks, '3674011708850999'], unhurried());
    expect(app.calls.of('GET /api/cetak') - before).toBe(1);
    expect(new Set(jobs.keys())).toEqual(new Set(niks));
    const [first] = jobs.get(niks[0]!)!;
    expect(first!.nik).toBe(niks[0]);
    expect(first!.jobNumber).toMatch(/^CTK-3674-\d{8}-\d{5}$/);
    expect(first!.requestedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const all = [...jobs.values()].flat();
    expect(all.every((j) => j.status !== null)).toBe(true);
    expect(all.filter((j) => j.status === 'COLLECTED').every((j) => j.collectedOn !== null && j.printedOn !== null)).toBe(true);
    // A batch where nobody has a job is the app's status 14: an empty Map, not an error.
    expect((await ktp.port.printJobsOf(['3674011708850999'], unhurried())).size).toBe(0);
    const calls = app.calls.total;
    expect((await ktp.port.printJobsOf([], unhurried())).size).toBe(0);
    expect(app.calls.total).toBe(calls);
  });

  it('reads the first version\'s status spellings like the others', async () => {
    const old = (await officer(CETAK_TABLE).whereIn('status_cetak', ['Diambil', 'SIAP AMBIL', 'Antri', 'Cetak', 'Gagal']).first()) as { nik: string; no_cetak: string } | undefined;
    expect(old).toBeDefined();
    const job = (await ktp.port.printJobsOf([old!.nik], unhurried())).get(old!.nik)!.find((j) => j.jobNumber === old!.no_cetak)!;
    expect(job.status).not.toBeNull();
  });

  it('one loader call per batch of a request', async () => {
    const niks = await someNiks(25);
    const loaders = createKtpCetakLoaders(ktp.port, unhurried());
    const before = app.calls.of('GET /api/cetak');
    const lists = await Promise.all(niks.map((nik) => loaders.printJobsByNik.load(nik)));
    expect(app.calls.of('GET /api/cetak') - before).toBe(1);
    expect(lists.every((l) => l.length > 0)).toBe(true);
    expect(await loaders.printJobsByNik.load('3674011708850999')).toEqual([]);
  });

  it('does not send a batch once the caller has left', async () => {
    const request = startDeadline(10_000);
    const loaders = createKtpCetakLoaders(ktp.port, request.deadline);
    const before = app.calls.total;
    const load = loaders.printJobsByNik.load('3674011708850003').then(() => undefined, (e: unknown) => e as GerbangError);
    request.callerLeft();
    const error = await load;
    expect(error?.code).toBe('DEADLINE_EXCEEDED');
    expect((error?.originalError as Cancelled).reason).toBe('CALLER_LEFT');
    expect(app.calls.total).toBe(before);
  });

  it('queues a print once per reference: asking again answers the same job without a second POST', async () => {
    const [nik] = await someNiks(1);
    const request = { nik: nik!, reference: 'PORTAL-ADAPTER-0001', reason: 'LOST' as const, pickupPlace: 'Kantor Kecamatan Serpong' };
    const posts = app.calls.of('POST /api/cetak');
    const job = await ktp.port.requestPrint(request, unhurried());
    expect(job).toMatchObject({ nik, status: 'QUEUED', reason: 'LOST', reference: 'PORTAL-ADAPTER-0001', pickupPlace: 'KANTOR KECAMATAN SERPONG', printedOn: null, collectedOn: null });
    const again = await ktp.port.requestPrint(request, unhurried());
    expect(again.jobNumber).toBe(job.jobNumber);
    expect(app.calls.of('POST /api/cetak') - posts).toBe(1);
    expect(await ktp.port.printJob(job.jobNumber, unhurried())).toMatchObject({ jobNumber: job.jobNumber, status: 'QUEUED' });
    expect(await ktp.port.printJob('CTK-3674-19990101-00001', unhurried())).toBeNull();
    // The same reference for someone else is a conflict, not a second card.
    const [, other] = await someNiks(2);
    await expect(ktp.port.requestPrint({ ...request, nik: other! }, unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
  });

  it('a write that timed out but was queued all the same is not queued twice when asked again', async () => {
    const [nik] = await someNiks(1);
    const slow = connectKtpCetak({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 0 }) });
    try {
      const request = { nik: nik!, reference: 'PORTAL-ADAPTER-0002', reason: 'DAMAGED' as const };
      const posts = app.calls.of('POST /api/cetak');
      // Lookups answer at once; the POST takes longer than the adapter waits, and is queued anyway.
      app.setLatency(400, 'POST /api/cetak');
      const error = await slow.port.requestPrint(request, deadlineIn(2_000)).then(() => undefined, (e: unknown) => e as GerbangError);
      expect(error?.code).toBe('LEGACY_TIMEOUT');
      await sleep(400);
      app.setLatency(0);
      const job = await ktp.port.requestPrint(request, unhurried());
      expect(app.calls.of('POST /api/cetak') - posts).toBe(1);
      const rows = (await officer(CETAK_TABLE).where({ no_permohonan: 'PORTAL-ADAPTER-0002' })) as Array<{ no_cetak: string }>;
      expect(rows.map((r) => r.no_cetak)).toEqual([job.jobNumber]);
    } finally {
      slow.client.close();
    }
  });

  it('shows the print room\'s moves on the next read', async () => {
    const [nik] = await someNiks(1);
    const job = await ktp.port.requestPrint({ nik: nik!, reference: 'PORTAL-ADAPTER-0003', reason: 'NEW' }, unhurried());
    await moveJob(officer, job.jobNumber, 'GAGAL', { keterangan: 'blanko habis' });
    expect(await ktp.port.printJob(job.jobNumber, unhurried())).toMatchObject({ status: 'FAILED', failureNote: 'BLANKO HABIS' });
    await moveJob(officer, job.jobNumber, 'ANTRI');
    await moveJob(officer, job.jobNumber, 'CETAK');
    await moveJob(officer, job.jobNumber, 'SIAP_AMBIL', { now: new Date('2026-11-29T03:00:00Z') });
    expect(await ktp.port.printJob(job.jobNumber, unhurried())).toMatchObject({ status: 'READY_FOR_PICKUP', printedOn: '2026-11-29', failureNote: null });
  });

  it('pages through the slow queue list', async () => {
    const first = await ktp.port.printQueue({ status: 'READY_FOR_PICKUP', page: 1, perPage: 5 }, unhurried());
    expect(first.total).toBeGreaterThan(0);
    expect(first.jobs.every((j) => j.status === 'READY_FOR_PICKUP')).toBe(true);
    expect(first.jobs.length).toBe(Math.min(5, first.total!));
  });

  it('is LEGACY_UNAVAILABLE fast while the app is down and answers again once it is back', async () => {
    const niks = await someNiks(3);
    await app.stop();
    const started = performance.now();
    const error = await ktp.port.printJobsOf(niks, unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(error?.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'ktp-cetak' });
    expect(error?.message).not.toMatch(/127\.0\.0\.1|ECONN|\/api/);
    expect(performance.now() - started).toBeLessThan(1_000);
    await expect(ktp.port.ping(unhurried())).rejects.toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE' } });
    await app.restart();
    // The breaker may have opened meanwhile: it lets a probe through after its half-open time.
    await sleep(250);
    expect((await ktp.port.printJobsOf(niks, unhurried())).size).toBe(3);
    expect(ktp.client.health()).toBe('up');
  });

  it('is LEGACY_TIMEOUT within the deadline when the app is slow', async () => {
    const slow = connectKtpCetak({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 1, backoffInitialMs: 10 }) });
    try {
      app.setLatency(1_000);
      const started = performance.now();
      const error = await slow.port.printJobsOf(await someNiks(2), deadlineIn(900)).then(() => undefined, (e: unknown) => e as GerbangError);
      expect(error?.code).toBe('LEGACY_TIMEOUT');
      expect(performance.now() - started).toBeLessThan(850);
    } finally {
      slow.client.close();
    }
  });
});
