import type { Knex } from 'knex';
import { Cancelled, deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { cancelLetter } from '@sim/pindah-keluar/back-office';
import { pindahKeluarEmulator } from '@sim/pindah-keluar/emulator';
import { ANGGOTA_TABLE, SKPWNI_TABLE } from '@sim/pindah-keluar/schema';
import { startPindahKeluar, type RunningPindahKeluar } from '@sim/pindah-keluar/server';
import { generateWorld } from '@sim/world/generator';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { resilienceSettings } from '../../base/resilience';
import { connectPindahKeluar, createPindahKeluarLoaders, type MoveOutRequest, type PindahKeluarConnection } from '../index';

const API_KEY = 'kunci-adapter-uji';
const unhurried = () => deadlineIn(10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const NOBODY = '3674011708850999';

/** The move-out adapter against the running pindah-keluar emulator (its storage on SQLite or MariaDB). */
describe(`pindah-keluar REST adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let desk: Knex;
  let app: RunningPindahKeluar;
  let pindah: PindahKeluarConnection;
  const world = generateWorld(TEST_WORLD);
  const family = world[5]!;
  const other = world[6]!;
  const request = (reference: string, overrides: Partial<MoveOutRequest> = {}): MoveOutRequest => ({
    reference,
    familyCardNumber: family.kkNumber,
    applicantNik: family.members[0]!.nik,
    movers: family.members.map((m) => m.nik),
    origin: { regionCode: family.kelurahanCode, address: `${family.street} RT 001 RW 002` },
    destination: { regionCode: '33.25.01.2001', address: 'Dukuh Krajan RT 001 RW 002' },
    reason: 'WORK',
    movingMembers: 'WHOLE_FAMILY',
    moveDate: '2026-12-15',
    ...overrides,
  });

  beforeAll(async () => {
    legacy = await seededStorage('pindah-keluar-adapter', [pindahKeluarEmulator]);
    desk = legacy.open('pindah-keluar');
    app = await startPindahKeluar(legacy.storage, { port: 0, apiKey: API_KEY, listSlowMs: 200 });
    pindah = connectPindahKeluar({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
  });

  afterEach(async () => {
    app.setLatency(0);
    await app.restart();
  });

  afterAll(async () => {
    pindah?.client.close();
    await app?.close();
    await legacy?.cleanup();
  });

  async function moverNiks(n: number): Promise<string[]> {
    return ((await desk(ANGGOTA_TABLE).distinct('nik').orderBy('nik').limit(n)) as Array<{ nik: string }>).map((r) => r.nik);
  }

  it('loads the letters of many residents in one call, and leaves residents without one out', async () => {
    const niks = await moverNiks(20);
    const before = app.calls.of('GET /api/skpwni');
    const letters = await pindah.port.moveOutLettersOf([...niks, NOBODY], unhurried());
    expect(app.calls.of('GET /api/skpwni') - before).toBe(1);
    expect(new Set(letters.keys())).toEqual(new Set(niks));
    const [first] = letters.get(niks[0]!)!;
    expect(first!.movers).toContain(niks[0]);
    expect(first!.letterNumber).toMatch(/^474\.2\/\d{5}\/SKPWNI\/3674\/[IVX]+\/\d{4}$/);
    expect(first!.origin.regionCode).toMatch(/^36\.74\.\d{2}\.\d{4}$/);
    expect(first!.issuedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const all = [...letters.values()].flat();
    expect(all.every((l) => l.status !== null && l.scope !== null && l.reason !== null && l.movingMembers !== null && l.moveDate !== null)).toBe(true);
    expect(all.some((l) => l.leavesRegency) && all.some((l) => !l.leavesRegency)).toBe(true);
    expect((await pindah.port.moveOutLettersOf([NOBODY], unhurried())).size).toBe(0);
    const calls = app.calls.total;
    expect((await pindah.port.moveOutLettersOf([], unhurried())).size).toBe(0);
    expect(app.calls.total).toBe(calls);
  });

  it('finds letters by number in one call', async () => {
    const numbers = ((await desk(SKPWNI_TABLE).select('no_skpwni').orderBy('no_skpwni').limit(5)) as Array<{ no_skpwni: string }>).map((r) => r.no_skpwni);
    const before = app.calls.of('GET /api/skpwni');
    const found = await pindah.port.moveOutLetterByNumber([...numbers, '474.2/99999/SKPWNI/3674/I/1999'], unhurried());
    expect(app.calls.of('GET /api/skpwni') - before).toBe(1);
    expect([...found.keys()].sort()).toEqual([...numbers].sort());
  });

  it('one loader call per batch of a request', async () => {
    const niks = await moverNiks(12);
    const loaders = createPindahKeluarLoaders(pindah.port, unhurried());
    const before = app.calls.of('GET /api/skpwni');
    const lists = await Promise.all([...niks, NOBODY].map((nik) => loaders.moveOutLettersByNik.load(nik)));
    expect(app.calls.of('GET /api/skpwni') - before).toBe(1);
    expect(lists.slice(0, -1).every((l) => l.length > 0)).toBe(true);
    expect(lists.at(-1)).toEqual([]);
    expect(await loaders.moveOutLetterByNumber.load('474.2/99999/SKPWNI/3674/I/1999')).toBeNull();
  });

  it('does not send a batch once the caller has left', async () => {
    const request = startDeadline(10_000);
    const loaders = createPindahKeluarLoaders(pindah.port, request.deadline);
    const before = app.calls.total;
    const load = loaders.moveOutLettersByNik.load(NOBODY).then(() => undefined, (e: unknown) => e as GerbangError);
    request.callerLeft();
    const error = await load;
    expect(error?.code).toBe('DEADLINE_EXCEEDED');
    expect((error?.originalError as Cancelled).reason).toBe('CALLER_LEFT');
    expect(app.calls.total).toBe(before);
  });

  it('issues a letter once per reference: asking again answers the same letter without a second POST', async () => {
    const posts = app.calls.of('POST /api/skpwni');
    const letter = await pindah.port.issueMoveOutLetter(request('PORTAL-PINDAH-A1'), unhurried());
    expect(letter).toMatchObject({
      status: 'ISSUED', familyCardNumber: family.kkNumber, movers: family.members.map((m) => m.nik), reference: 'PORTAL-PINDAH-A1',
      destination: { regionCode: '33.25.01.2001', address: 'DUKUH KRAJAN RT 001 RW 002' }, scope: 'BETWEEN_PROVINCES', leavesRegency: true,
      reason: 'WORK', movingMembers: 'WHOLE_FAMILY', moveDate: '2026-12-15',
    });
    const again = await pindah.port.issueMoveOutLetter(request('PORTAL-PINDAH-A1'), unhurried());
    expect(again.letterNumber).toBe(letter.letterNumber);
    expect(app.calls.of('POST /api/skpwni') - posts).toBe(1);
    expect((await pindah.port.moveOutLettersOf([family.members[0]!.nik], unhurried())).get(family.members[0]!.nik)!.map((l) => l.letterNumber)).toContain(letter.letterNumber);
    // The same reference for another family card is a conflict, not a second letter.
    await expect(pindah.port.issueMoveOutLetter(request('PORTAL-PINDAH-A1', { familyCardNumber: other.kkNumber, movers: [other.members[0]!.nik] }), unhurried()))
      .rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'REFERENCE_IN_USE' } });
  });

  it('a move within the city is classified by the application', async () => {
    const inCity = family.kelurahanCode === '36.74.01.1001' ? '36.74.02.1001' : '36.74.01.1001';
    const letter = await pindah.port.issueMoveOutLetter(request('PORTAL-PINDAH-A2', { destination: { regionCode: inCity, address: null }, movers: [family.members[0]!.nik], movingMembers: 'HEAD_ONLY' }), unhurried());
    expect(letter.leavesRegency).toBe(false);
    expect(['BETWEEN_VILLAGES', 'BETWEEN_DISTRICTS']).toContain(letter.scope);
  });

  it('refuses a destination that is no real region code with a clear domain error, and writes nothing', async () => {
    const error = await pindah.port.issueMoveOutLetter(request('PORTAL-PINDAH-A3', { destination: { regionCode: '33.25.99.9999', address: null } }), unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'destination.regionCode', reason: 'UNKNOWN_REGION' });
    expect(error?.message).not.toMatch(/61|\/api|TERDAFTAR/);
    expect(await desk(SKPWNI_TABLE).where({ no_referensi: 'PORTAL-PINDAH-A3' }).first()).toBeUndefined();
    // Malformed codes are refused before anything is sent.
    const posts = app.calls.of('POST /api/skpwni');
    await expect(pindah.port.issueMoveOutLetter(request('PORTAL-PINDAH-A4', { destination: { regionCode: '33.25', address: null } }), unhurried())).rejects.toMatchObject({ extensions: { reason: 'UNKNOWN_REGION' } });
    expect(app.calls.of('POST /api/skpwni')).toBe(posts);
    // What only the application can tell (an impossible date) is BAD_USER_INPUT too, without its wording.
    await expect(pindah.port.issueMoveOutLetter(request('PORTAL-PINDAH-A5', { moveDate: '2026-02-31' }), unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'REFUSED_BY_APPLICATION' } });
  });

  it('a write that timed out but landed all the same is not issued twice when asked again', async () => {
    const slow = connectPindahKeluar({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 0 }) });
    try {
      const posts = app.calls.of('POST /api/skpwni');
      app.setLatency(400, 'POST /api/skpwni');
      const error = await slow.port.issueMoveOutLetter(request('PORTAL-PINDAH-A6'), deadlineIn(2_000)).then(() => undefined, (e: unknown) => e as GerbangError);
      expect(error?.code).toBe('LEGACY_TIMEOUT');
      await sleep(400);
      app.setLatency(0);
      const letter = await pindah.port.issueMoveOutLetter(request('PORTAL-PINDAH-A6'), unhurried());
      expect(app.calls.of('POST /api/skpwni') - posts).toBe(1);
      const rows = (await desk(SKPWNI_TABLE).where({ no_referensi: 'PORTAL-PINDAH-A6' })) as Array<{ no_skpwni: string }>;
      expect(rows.map((r) => r.no_skpwni)).toEqual([letter.letterNumber]);
    } finally {
      slow.client.close();
    }
  });

  it('shows the desk\'s cancellation on the next read', async () => {
    const letter = await pindah.port.issueMoveOutLetter(request('PORTAL-PINDAH-A7'), unhurried());
    await cancelLetter(desk, letter.letterNumber);
    expect((await pindah.port.moveOutLetterByNumber([letter.letterNumber], unhurried())).get(letter.letterNumber)).toMatchObject({ status: 'CANCELLED' });
  });

  it('pages through the slow register', async () => {
    const first = await pindah.port.moveOutRegister({ page: 1, perPage: 5 }, unhurried());
    expect(first.total).toBeGreaterThan(5);
    expect(first.letters).toHaveLength(5);
    expect(first.hasNextPage).toBe(true);
    const old = await pindah.port.moveOutRegister({ issuedFrom: '1990-01-01', issuedTo: '2000-12-31', page: 1, perPage: 5 }, unhurried());
    expect(old).toMatchObject({ letters: [], total: 0, hasNextPage: false });
  });

  it('is LEGACY_UNAVAILABLE fast while the app is down and answers again once it is back', async () => {
    const niks = await moverNiks(3);
    await app.stop();
    const started = performance.now();
    const error = await pindah.port.moveOutLettersOf(niks, unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(error?.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'pindah-keluar' });
    expect(error?.message).not.toMatch(/127\.0\.0\.1|ECONN|\/api/);
    expect(performance.now() - started).toBeLessThan(1_500);
    await expect(pindah.port.ping(unhurried())).rejects.toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE' } });
    await app.restart();
    await sleep(250);
    expect((await pindah.port.moveOutLettersOf(niks, unhurried())).size).toBe(3);
    expect(pindah.client.health()).toBe('up');
  });

  it('is LEGACY_TIMEOUT within the deadline when the app is slow', async () => {
    const slow = connectPindahKeluar({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 1, backoffInitialMs: 10 }) });
    try {
      app.setLatency(1_000);
      const started = performance.now();
      const error = await slow.port.moveOutLettersOf(await moverNiks(2), deadlineIn(900)).then(() => undefined, (e: unknown) => e as GerbangError);
      expect(error?.code).toBe('LEGACY_TIMEOUT');
      expect(performance.now() - started).toBeLessThan(850);
    } finally {
      slow.client.close();
    }
  });
});
