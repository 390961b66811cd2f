import type { Knex } from 'knex';
import { deadlineIn } from '@core/deadline';
import type { GerbangError } from '@core/errors';
import { failPrintJob, setKioskStatus } from '@sim/adm-kiosk/back-office';
import { admKioskEmulator } from '@sim/adm-kiosk/emulator';
import { PIN_TABLE } from '@sim/adm-kiosk/schema';
import { startAdmKiosk, type RunningAdmKiosk } from '@sim/adm-kiosk/server';
import { generateWorld } from '@sim/world/generator';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { resilienceSettings } from '../../base/resilience';
import { connectAdmKiosk, createAdmKioskLoaders, type AdmKioskConnection, type PinRequest } from '../index';

const API_KEY = 'kunci-kiosk-adapter';
const unhurried = () => deadlineIn(10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const NOBODY = '3674011708850999';
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as GerbangError);

/** The mall kiosk adapter against the running adm-kiosk emulator (its storage on SQLite or MariaDB). */
describe(`adm-kiosk REST adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let desk: Knex;
  let app: RunningAdmKiosk;
  let kiosk: AdmKioskConnection;
  // The application's clock, moved on by the tests: a two-minute print passes at once.
  let now = new Date('2026-12-07T05:00:00Z');
  const pass = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
  const world = generateWorld(TEST_WORLD);
  const request = (reference: string, i: number, overrides: Partial<PinRequest> = {}): PinRequest => ({
    reference, applicantNik: world[i]!.members[0]!.nik, document: { kind: 'FAMILY_CARD', number: world[i]!.kkNumber }, ...overrides,
  });

  beforeAll(async () => {
    legacy = await seededStorage('adm-kiosk-adapter', [admKioskEmulator]);
    desk = legacy.open('adm-kiosk');
    app = await startAdmKiosk(legacy.storage, { port: 0, apiKey: API_KEY, listSlowMs: 50, now: () => now });
    kiosk = connectAdmKiosk({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
  });

  afterEach(async () => {
    app.setLatency(0);
    await app.restart();
  });

  afterAll(async () => {
    kiosk?.client.close();
    await app?.close();
    await legacy?.cleanup();
  });

  async function applicants(n: number): Promise<string[]> {
    return ((await desk(PIN_TABLE).distinct('nik').orderBy('nik').limit(n)) as Array<{ nik: string }>).map((r) => r.nik);
  }

  it('loads the print requests of many residents in one call, and leaves residents without one out', async () => {
    const niks = await applicants(8);
    const before = app.calls.of('GET /api/pin');
    const found = await kiosk.port.printRequestsOf([...niks, NOBODY], unhurried());
    expect(app.calls.of('GET /api/pin') - before).toBe(1);
    expect(new Set(found.keys())).toEqual(new Set(niks));
    for (const r of [...found.values()].flat()) {
      expect(r).toMatchObject({ serviceKind: 'DOCUMENT_PRINT', channel: 'OFFLINE', servicePoint: { kind: 'MALL_KIOSK' } });
      expect(r.status).not.toBeNull();
      expect(r.document.kind).not.toBeNull();
      expect(r.timeline[0]).toMatchObject({ step: 'PIN_ISSUED', status: 'SUBMITTED' });
      expect(JSON.stringify(r)).not.toMatch(/"pin"/);
    }
    const loaders = createAdmKioskLoaders(kiosk.port, unhurried());
    const calls = app.calls.of('GET /api/pin');
    const ids = [...found.values()].flat().map((r) => r.id);
    const loaded = await Promise.all([...ids, '99999999'].map((id) => loaders.printRequestById.load(id)));
    expect(app.calls.of('GET /api/pin') - calls).toBe(1);
    expect(loaded.at(-1)).toBeNull();
  });

  it('issues a PIN once per reference, and a kiosk prints the family card with it in about two minutes', async () => {
    const posts = app.calls.of('POST /api/pin');
    const issued = await kiosk.port.issuePin(request('PORTAL-KIOSK-A1', 1), unhurried());
    expect(issued.pin).toMatch(/^\d{6}$/);
    expect(issued.validUntil).toBe('2026-12-07T12:15:00');
    expect(issued.request).toMatchObject({ status: 'SUBMITTED', pinState: 'ACTIVE', printState: null, document: { kind: 'FAMILY_CARD', number: world[1]!.kkNumber }, reference: 'PORTAL-KIOSK-A1' });
    const again = await kiosk.port.issuePin(request('PORTAL-KIOSK-A1', 1), unhurried());
    expect(again).toEqual(issued);
    expect(app.calls.of('POST /api/pin') - posts).toBe(1);
    await expect(kiosk.port.issuePin(request('PORTAL-KIOSK-A1', 2), unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'REFERENCE_IN_USE' } });
    pass(240);
    const printing = await kiosk.port.redeemPin('ADM-M2-01', issued.pin, unhurried());
    expect(printing).toMatchObject({ id: issued.request.id, status: 'IN_PROCESS', pinState: 'USED', printState: 'PRINTING', servicePoint: { kind: 'MALL_KIOSK', id: 'ADM-M2-01' }, mall: 'M2', printStartedAt: '2026-12-07T12:04:00', printExpectedAt: '2026-12-07T12:06:00' });
    // The kiosk asks again (its answer was lost): the same print, not a refusal.
    expect((await kiosk.port.redeemPin('ADM-M2-01', issued.pin, unhurried())).id).toBe(issued.request.id);
    pass(120);
    const done = (await kiosk.port.printRequestsById([issued.request.id], unhurried())).get(issued.request.id)!;
    expect(done).toMatchObject({ status: 'COMPLETED', printState: 'PRINTED', printEndedAt: '2026-12-07T12:06:00' });
    expect(done.timeline.map((s) => s.step)).toEqual(['PIN_ISSUED', 'PRINT_STARTED', 'PRINTED']);
    // Once used, asking again with the reference gives no PIN back.
    await expect(kiosk.port.issuePin(request('PORTAL-KIOSK-A1', 1), unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'PIN_NO_LONGER_USABLE' } });
  });

  it('refuses a reused, expired or wrong PIN and a kiosk out of service, clearly and without the app\'s wording', async () => {
    const used = await kiosk.port.issuePin(request('PORTAL-KIOSK-B1', 3), unhurried());
    await kiosk.port.redeemPin('ADM-M1-01', used.pin, unhurried());
    const reused = await failure(kiosk.port.redeemPin('ADM-M1-02', used.pin, unhurried()));
    expect(reused?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'pin', reason: 'PIN_ALREADY_USED' });
    pass(130);
    // Printed by now: the same kiosk entering it again is refused too.
    await expect(kiosk.port.redeemPin('ADM-M1-01', used.pin, unhurried())).rejects.toMatchObject({ extensions: { reason: 'PIN_ALREADY_USED' } });
    const late = await kiosk.port.issuePin(request('PORTAL-KIOSK-B2', 3, { document: { kind: 'CHILD_ID_CARD', number: world[3]!.members.at(-1)!.nik } }), unhurried());
    pass(15 * 60 + 5);
    const expired = await failure(kiosk.port.redeemPin('ADM-M1-01', late.pin, unhurried()));
    expect(expired?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PIN_EXPIRED' });
    expect(expired?.message).not.toMatch(/72|KEDALUWARSA|\/api/);
    expect((await kiosk.port.printRequestsById([late.request.id], unhurried())).get(late.request.id)).toMatchObject({ status: 'CANCELLED', pinState: 'EXPIRED' });
    const wrong = late.pin === '000000' ? '000001' : '000000';
    await expect(kiosk.port.redeemPin('ADM-M1-01', wrong, unhurried())).rejects.toMatchObject({ extensions: { reason: 'PIN_INVALID' } });
    const posts = app.calls.of('POST /api/cetak');
    await expect(kiosk.port.redeemPin('ADM-M1-01', '12ab', unhurried())).rejects.toMatchObject({ extensions: { reason: 'PIN_INVALID' } });
    await expect(kiosk.port.redeemPin('KIOSK-7', '123456', unhurried())).rejects.toMatchObject({ extensions: { reason: 'UNKNOWN_KIOSK' } });
    expect(app.calls.of('POST /api/cetak')).toBe(posts);
    await expect(kiosk.port.redeemPin('ADM-M9-01', '123456', unhurried())).rejects.toMatchObject({ extensions: { reason: 'UNKNOWN_KIOSK' } });
    const fresh = await kiosk.port.issuePin(request('PORTAL-KIOSK-B3', 4), unhurried());
    await setKioskStatus(desk, 'ADM-M3-02', 'RUSAK');
    try {
      await expect(kiosk.port.redeemPin('ADM-M3-02', fresh.pin, unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'KIOSK_OUT_OF_SERVICE' } });
    } finally {
      await setKioskStatus(desk, 'ADM-M3-02', 'AKTIF');
    }
    expect((await kiosk.port.kiosks(unhurried())).map((k) => k.id)).toContain('ADM-M3-02');
  });

  it('withdraws an unused PIN, safely asked twice', async () => {
    const issued = await kiosk.port.issuePin(request('PORTAL-KIOSK-C1', 5), unhurried());
    expect(await kiosk.port.withdrawPin(issued.request.id, unhurried())).toMatchObject({ status: 'CANCELLED', pinState: 'WITHDRAWN' });
    expect((await kiosk.port.withdrawPin(issued.request.id, unhurried())).pinState).toBe('WITHDRAWN');
    await expect(kiosk.port.redeemPin('ADM-M1-01', issued.pin, unhurried())).rejects.toMatchObject({ extensions: { reason: 'PIN_INVALID' } });
    await expect(kiosk.port.withdrawPin('99999999', unhurried())).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('serves a worklist page of 50 with the same single call as a page of 5, and counts in one call', async () => {
    const before = app.calls.of('GET /api/daftar-pin');
    const small = await kiosk.port.worklist({ page: 1, perPage: 5 }, unhurried());
    const large = await kiosk.port.worklist({ page: 1, perPage: 50 }, unhurried());
    expect(app.calls.of('GET /api/daftar-pin') - before).toBe(2);
    expect(small.requests).toHaveLength(5);
    expect(large.requests.slice(0, 5).map((r) => r.id)).toEqual(small.requests.map((r) => r.id));
    const cancelled = await kiosk.port.worklist({ statuses: ['CANCELLED'], servicePoint: { kind: 'MALL_KIOSK', id: null }, page: 1, perPage: 100 }, unhurried());
    expect(cancelled.requests.length).toBeGreaterThan(0);
    expect(cancelled.requests.every((r) => r.status === 'CANCELLED')).toBe(true);
    const calls = app.calls.total;
    expect((await kiosk.port.worklist({ servicePoint: { kind: 'DINAS', id: null }, page: 1, perPage: 5 }, unhurried())).requests).toEqual([]);
    expect(app.calls.total).toBe(calls);
    const rekap = app.calls.of('GET /api/rekap');
    const counts = await kiosk.port.counts({}, unhurried());
    expect(app.calls.of('GET /api/rekap') - rekap).toBe(1);
    expect(counts.total).toBe(small.total);
    expect((await kiosk.port.counts({ statuses: ['CANCELLED'] }, unhurried())).total).toBe(cancelled.total);
  });

  it('feeds every step once and in order from a cursor, the desk\'s and the kiosk\'s own included', async () => {
    let feed = await kiosk.port.changesSince(null, 500, unhurried());
    while (feed.changes.length === 500) feed = await kiosk.port.changesSince(feed.cursor, 500, unhurried());
    const start = feed.cursor;
    const issued = await kiosk.port.issuePin(request('PORTAL-KIOSK-D1', 6), unhurried());
    await kiosk.port.redeemPin('ADM-M4-01', issued.pin, unhurried());
    await failPrintJob(desk, Number(issued.request.id), 'kertas macet', { petugas: '198001012005011001', now });
    const printed = await kiosk.port.issuePin(request('PORTAL-KIOSK-D2', 7), unhurried());
    await kiosk.port.redeemPin('ADM-M4-02', printed.pin, unhurried());
    pass(121);
    const first = await kiosk.port.changesSince(start, 2, unhurried());
    const rest = await kiosk.port.changesSince(first.cursor, 500, unhurried());
    const steps = [...first.changes, ...rest.changes].map((c) => `${c.requestId}:${c.change.step}:${c.change.status}`);
    expect(steps).toEqual([
      `${issued.request.id}:PIN_ISSUED:SUBMITTED`, `${issued.request.id}:PRINT_STARTED:IN_PROCESS`, `${issued.request.id}:PRINT_FAILED:CANCELLED`,
      `${printed.request.id}:PIN_ISSUED:SUBMITTED`, `${printed.request.id}:PRINT_STARTED:IN_PROCESS`, `${printed.request.id}:PRINTED:COMPLETED`,
    ]);
    expect(rest.changes[0]).toMatchObject({ change: { by: '198001012005011001', note: 'KERTAS MACET', kioskId: 'ADM-M4-01' }, request: { printState: 'FAILED', failureReason: 'KERTAS MACET' } });
    expect(await kiosk.port.changesSince(rest.cursor, 10, unhurried())).toEqual({ changes: [], cursor: rest.cursor });
    await expect(kiosk.port.changesSince('adm-kiosk:9', 10, unhurried())).rejects.toMatchObject({ extensions: { reason: 'INVALID_CURSOR' } });
  });

  it('finds the newest step\'s cursor in a few one-row reads, so a new reader starts from now', async () => {
    let feed = await kiosk.port.changesSince(null, 500, unhurried());
    while (feed.changes.length === 500) feed = await kiosk.port.changesSince(feed.cursor, 500, unhurried());
    const before = app.calls.of('GET /api/log');
    const latest = await kiosk.port.latestCursor(unhurried());
    expect(latest).toBe(feed.cursor);
    const newest = Number(latest.split(':').at(-1));
    expect(app.calls.of('GET /api/log') - before).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(Math.max(newest, 1_024))) + 4);
    const issued = await kiosk.port.issuePin(request('PORTAL-KIOSK-L1', 9), unhurried());
    const after = await kiosk.port.changesSince(latest, 10, unhurried());
    expect(after.changes.map((c) => `${c.requestId}:${c.change.step}`)).toEqual([`${issued.request.id}:PIN_ISSUED`]);
    expect(await kiosk.port.latestCursor(unhurried())).toBe(after.cursor);
  });

  it('a PIN whose POST timed out but landed is not issued twice when asked again', async () => {
    const slow = connectAdmKiosk({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 0 }) });
    try {
      const posts = app.calls.of('POST /api/pin');
      app.setLatency(400, 'POST /api/pin');
      expect((await failure(slow.port.issuePin(request('PORTAL-KIOSK-E1', 8), deadlineIn(2_000))))?.code).toBe('LEGACY_TIMEOUT');
      await sleep(400);
      app.setLatency(0);
      const issued = await kiosk.port.issuePin(request('PORTAL-KIOSK-E1', 8), unhurried());
      expect(app.calls.of('POST /api/pin') - posts).toBe(1);
      expect(((await desk(PIN_TABLE).where({ kd_referensi: 'PORTAL-KIOSK-E1' })) as unknown[]).length).toBe(1);
      expect(issued.pin).toMatch(/^\d{6}$/);
    } finally {
      slow.client.close();
    }
  });

  it('is LEGACY_UNAVAILABLE fast while the app is down and answers again once it is back', async () => {
    const niks = await applicants(3);
    await app.stop();
    const started = performance.now();
    const error = await failure(kiosk.port.printRequestsOf(niks, unhurried()));
    expect(error?.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'adm-kiosk' });
    expect(error?.message).not.toMatch(/127\.0\.0\.1|ECONN|\/api/);
    expect(performance.now() - started).toBeLessThan(1_500);
    await app.restart();
    await sleep(250);
    expect((await kiosk.port.printRequestsOf(niks, unhurried())).size).toBe(3);
  });
});
