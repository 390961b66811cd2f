import type { Knex } from 'knex';
import { Cancelled, deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { changeState } from '@sim/ikd/back-office';
import { ikdEmulator } from '@sim/ikd/emulator';
import type { IkdRow } from '@sim/ikd/rows';
import { IKD_TABLE } from '@sim/ikd/schema';
import { startIkd, type RunningIkd } from '@sim/ikd/server';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { resilienceSettings } from '../../base/resilience';
import { connectIkd, createIkdLoaders, type IkdConnection } from '../index';

const API_KEY = 'kunci-adapter-ikd';
const BATCH = 'POST /api/ikd/cek-status';
const NOBODY = '3674011708850999';
const unhurried = () => deadlineIn(10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const failure = (work: Promise<unknown>) => work.then(() => undefined, (e: unknown) => e as GerbangError);

/** The IKD adapter against the running ikd emulator (its storage on SQLite or MariaDB). */
describe(`ikd REST adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let app: RunningIkd;
  let ikd: IkdConnection;

  beforeAll(async () => {
    legacy = await seededStorage('ikd-adapter', [ikdEmulator]);
    officer = legacy.open('ikd');
    // Generous for the suite; the rate-limit tests start a strict instance of their own.
    app = await startIkd(legacy.storage, { port: 0, apiKey: API_KEY, rateLimit: { requests: 10_000, windowMs: 1_000 } });
    ikd = connectIkd({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
  });

  afterEach(async () => {
    app.setLatency(0);
    await app.restart();
  });

  afterAll(async () => {
    ikd?.client.close();
    await app?.close();
    await legacy?.cleanup();
  });

  async function someRows(n: number): Promise<IkdRow[]> {
    return (await officer(IKD_TABLE).orderBy('nik').limit(n)) as IkdRow[];
  }

  it('loads the activation of many residents in one call, and leaves residents the register does not know out', async () => {
    const rows = await someRows(60);
    const niks = rows.map((r) => r.nik);
    const before = app.calls.of(BATCH);
    const ids = await ikd.port.digitalIdsOf([...niks, NOBODY, niks[0]!], unhurried());
    expect(app.calls.of(BATCH) - before).toBe(1);
    expect(new Set(ids.keys())).toEqual(new Set(niks));
    expect([...ids.values()].every((id) => id.state !== null && id.registeredAt !== null)).toBe(true);
    expect([...ids.values()].filter((id) => id.state === 'ACTIVE').every((id) => id.activatedAt !== null)).toBe(true);
    const calls = app.calls.total;
    expect((await ikd.port.digitalIdsOf([], unhurried())).size).toBe(0);
    expect(app.calls.total).toBe(calls);
  });

  it('reads the pilot\'s words and phones like the others', async () => {
    const pilot = (await officer(IKD_TABLE).whereIn('status_aktivasi', ['SUDAH AKTIVASI', 'PROSES VERIFIKASI', 'BLOKIR']).first()) as IkdRow;
    const id = (await ikd.port.digitalIdsOf([pilot.nik], unhurried())).get(pilot.nik)!;
    expect(id.state).not.toBeNull();
    expect(id.platform === null ? pilot.perangkat : id.platform).toMatch(/ANDROID|IOS|-/);
  });

  it('one loader call per batch of a request', async () => {
    const niks = (await someRows(30)).map((r) => r.nik);
    const loaders = createIkdLoaders(ikd.port, unhurried());
    const before = app.calls.of(BATCH);
    const ids = await Promise.all([...niks, NOBODY].map((nik) => loaders.digitalIdByNik.load(nik)));
    expect(app.calls.of(BATCH) - before).toBe(1);
    expect(ids.at(-1)).toBeNull();
    expect(ids.slice(0, -1).every((id) => id !== null)).toBe(true);
  });

  it('does not send a batch once the caller has left', async () => {
    const request = startDeadline(10_000);
    const loaders = createIkdLoaders(ikd.port, request.deadline);
    const before = app.calls.total;
    const load = failure(loaders.digitalIdByNik.load('3674010101900003'));
    request.callerLeft();
    const error = await load;
    expect(error?.code).toBe('DEADLINE_EXCEEDED');
    expect((error?.originalError as Cancelled).reason).toBe('CALLER_LEFT');
    expect(app.calls.total).toBe(before);
  });

  it('shows the officers\' changes on the next read', async () => {
    const active = (await officer(IKD_TABLE).where({ status_aktivasi: 'AKTIF' }).first()) as IkdRow;
    await changeState(officer, active.nik, 'DITANGGUHKAN', { keterangan: 'permintaan penduduk' });
    expect((await ikd.port.digitalIdsOf([active.nik], unhurried())).get(active.nik)).toMatchObject({ state: 'SUSPENDED', suspensionNote: 'PERMINTAAN PENDUDUK' });
    await changeState(officer, active.nik, 'AKTIF');
    expect((await ikd.port.digitalIdsOf([active.nik], unhurried())).get(active.nik)).toMatchObject({ state: 'ACTIVE', suspensionNote: null });
  });

  it('backs off when rate-limited: waits the Retry-After and tries again within the deadline', async () => {
    const limited = await startIkd(legacy.storage, { port: 0, apiKey: API_KEY, rateLimit: { requests: 3, windowMs: 1_500 } });
    const client = connectIkd({ baseUrl: limited.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 2_000, retries: 2, breakerThreshold: 1 }) });
    try {
      const niks = (await someRows(5)).map((r) => r.nik);
      // Three calls use up the window.
      for (let i = 0; i < 3; i += 1) await client.port.digitalIdsOf(niks, unhurried());
      const before = limited.calls.of(BATCH);
      const started = performance.now();
      const ids = await client.port.digitalIdsOf(niks, deadlineIn(5_000));
      const waited = performance.now() - started;
      expect(ids.size).toBe(5);
      // Refused once (429), then answered after the Retry-After (1–2 s, to the end of the window) in the next one.
      expect(limited.calls.of(BATCH) - before).toBe(2);
      expect(waited).toBeGreaterThanOrEqual(900);
      expect(waited).toBeLessThan(4_000);
      expect(client.client.health()).toBe('up');
    } finally {
      client.client.close();
      await limited.close();
    }
  });

  it('answers RATE_LIMITED at once when the deadline cannot cover the wait, without opening the breaker', async () => {
    const limited = await startIkd(legacy.storage, { port: 0, apiKey: API_KEY, rateLimit: { requests: 2, windowMs: 2_000 } });
    const client = connectIkd({ baseUrl: limited.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 2_000, retries: 2, breakerThreshold: 1, halfOpenAfterMs: 60_000 }) });
    try {
      const niks = (await someRows(3)).map((r) => r.nik);
      await client.port.digitalIdsOf(niks, unhurried());
      await client.port.digitalIdsOf(niks, unhurried());
      const before = limited.calls.of(BATCH);
      const started = performance.now();
      const error = await failure(client.port.digitalIdsOf(niks, deadlineIn(600)));
      expect(performance.now() - started).toBeLessThan(450);
      expect(error?.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'ikd', reason: 'RATE_LIMITED' });
      expect(error?.message).not.toMatch(/429|91|\/api/);
      expect(limited.calls.of(BATCH) - before).toBe(1);
      // Pressing the app is not a failure of it: the breaker (threshold 1) stays closed.
      expect(client.client.health()).not.toBe('breaker-open');
      await sleep(2_100);
      expect((await client.port.digitalIdsOf(niks, unhurried())).size).toBe(3);
    } finally {
      client.client.close();
      await limited.close();
    }
  });

  it('is LEGACY_UNAVAILABLE with a wrong key, and says nothing of it', async () => {
    const wrong = connectIkd({ baseUrl: app.url, apiKey: 'kunci-salah-sekali', resilience: resilienceSettings({ retries: 0 }) });
    try {
      const error = await failure(wrong.port.digitalIdsOf(['3674010101900003'], unhurried()));
      expect(error?.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'ikd' });
      expect(error?.message).not.toMatch(/kunci|401|41/);
    } finally {
      wrong.client.close();
    }
  });

  it('is LEGACY_UNAVAILABLE fast while the app is down and answers again once it is back', async () => {
    const niks = (await someRows(3)).map((r) => r.nik);
    await app.stop();
    const started = performance.now();
    const error = await failure(ikd.port.digitalIdsOf(niks, unhurried()));
    expect(error?.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'ikd' });
    expect(error?.message).not.toMatch(/127\.0\.0\.1|ECONN|\/api/);
    expect(performance.now() - started).toBeLessThan(1_500);
    await expect(ikd.port.ping(unhurried())).rejects.toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE' } });
    await app.restart();
    await sleep(300);
    expect((await ikd.port.digitalIdsOf(niks, unhurried())).size).toBe(3);
    expect(ikd.client.health()).toBe('up');
  });

  it('is LEGACY_TIMEOUT within the deadline when the app is slow', async () => {
    const slow = connectIkd({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 1, backoffInitialMs: 10 }) });
    try {
      app.setLatency(1_000);
      const started = performance.now();
      const error = await failure(slow.port.digitalIdsOf((await someRows(2)).map((r) => r.nik), deadlineIn(900)));
      expect(error?.code).toBe('LEGACY_TIMEOUT');
      expect(performance.now() - started).toBeLessThan(850);
    } finally {
      slow.client.close();
    }
  });
});
