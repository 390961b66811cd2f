import type { Knex } from 'knex';
import { Cancelled, deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { pindahDatangEmulator } from '@sim/pindah-datang/emulator';
import { DATANG_ANGGOTA_TABLE, DATANG_TABLE, SKPWNI_MASUK_TABLE } from '@sim/pindah-datang/schema';
import { startPindahDatang, type RunningPindahDatang } from '@sim/pindah-datang/server';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { resilienceSettings } from '../../base/resilience';
import { connectPindahDatang, createPindahDatangLoaders, type ArrivalRequest, type PindahDatangConnection } from '../index';

const API_KEY = 'kunci-adapter-uji';
const unhurried = () => deadlineIn(10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const NOBODY = '3674011708850999';
// A letter from Batang received through the national exchange (inserted as the exchange does).
const LETTER = '474.2/00901/SKPWNI/3325/X/2026';
const PEOPLE = ['3325141210820901', '3325146411850902', '3325140101150903'];

/** The move-in adapter against the running pindah-datang emulator (its storage on SQLite or MariaDB). */
describe(`pindah-datang REST adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let desk: Knex;
  let app: RunningPindahDatang;
  let datang: PindahDatangConnection;
  const request = (reference: string, overrides: Partial<ArrivalRequest> = {}): ArrivalRequest => ({
    reference, moveOutLetterNumber: LETTER, arrivingNiks: PEOPLE.slice(0, 2), destination: { regionCode: '36.74.01.1001', address: 'Jl. Melati No. 3 RT 001 RW 002' },
    newFamilyCard: true, newIdCards: true, arrivalDate: '2026-11-20', ...overrides,
  });

  beforeAll(async () => {
    legacy = await seededStorage('pindah-datang-adapter', [pindahDatangEmulator]);
    desk = legacy.open('pindah-datang');
    await desk(SKPWNI_MASUK_TABLE).insert({ no_skpwni: LETTER, no_kk: '3325141010200901', kode_wil_asal: '3325142001', kode_wil_tujuan: '3674011001', nik_anggota: PEOPLE.join(';'), sumber: 'PUSAT', tgl_terima: '2026-10-20 07:30:00' });
    app = await startPindahDatang(legacy.storage, { port: 0, apiKey: API_KEY, listSlowMs: 200 });
    datang = connectPindahDatang({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
  });

  afterEach(async () => {
    app.setLatency(0);
    await app.restart();
  });

  afterAll(async () => {
    datang?.client.close();
    await app?.close();
    await legacy?.cleanup();
  });

  async function arrivedNiks(n: number): Promise<string[]> {
    return ((await desk(DATANG_ANGGOTA_TABLE).distinct('nik').orderBy('nik').limit(n)) as Array<{ nik: string }>).map((r) => r.nik);
  }

  it('loads the arrivals of many residents in one call, and leaves residents without one out', async () => {
    const niks = await arrivedNiks(10);
    const before = app.calls.of('GET /api/datang');
    const arrivals = await datang.port.arrivalsOf([...niks, NOBODY], unhurried());
    expect(app.calls.of('GET /api/datang') - before).toBe(1);
    expect(new Set(arrivals.keys())).toEqual(new Set(niks));
    const all = [...arrivals.values()].flat();
    expect(all.every((a) => a.destinationRegionCode.startsWith('36.74.') && a.originRegionCode !== null && a.arrivalDate !== null && a.newFamilyCardIssued !== null)).toBe(true);
    expect(all.some((a) => a.originRegionCode!.startsWith('33.25.'))).toBe(true);
    expect((await datang.port.arrivalsOf([NOBODY], unhurried())).size).toBe(0);
  });

  it('one loader call per batch, and none once the caller has left', async () => {
    const niks = await arrivedNiks(6);
    const loaders = createPindahDatangLoaders(datang.port, unhurried());
    const before = app.calls.of('GET /api/datang');
    const lists = await Promise.all([...niks, NOBODY].map((nik) => loaders.arrivalsByNik.load(nik)));
    expect(app.calls.of('GET /api/datang') - before).toBe(1);
    expect(lists.at(-1)).toEqual([]);
    const leaving = startDeadline(10_000);
    const calls = app.calls.total;
    const load = createPindahDatangLoaders(datang.port, leaving.deadline).arrivalsByNik.load(NOBODY).then(() => undefined, (e: unknown) => e as GerbangError);
    leaving.callerLeft();
    const error = await load;
    expect(error?.code).toBe('DEADLINE_EXCEEDED');
    expect((error?.originalError as Cancelled).reason).toBe('CALLER_LEFT');
    expect(app.calls.total).toBe(calls);
  });

  it('registers an arrival matching its letter once per reference', async () => {
    const posts = app.calls.of('POST /api/datang');
    const arrival = await datang.port.registerArrival(request('PORTAL-DATANG-A1'), unhurried());
    expect(arrival).toMatchObject({ moveOutLetterNumber: LETTER, arrivingNiks: PEOPLE.slice(0, 2), originRegionCode: '33.25.14.2001', destinationRegionCode: '36.74.01.1001', newFamilyCardIssued: true, newIdCardsIssued: true, arrivalDate: '2026-11-20', reference: 'PORTAL-DATANG-A1' });
    expect((await datang.port.registerArrival(request('PORTAL-DATANG-A1'), unhurried())).arrivalNumber).toBe(arrival.arrivalNumber);
    expect(app.calls.of('POST /api/datang') - posts).toBe(1);
    await expect(datang.port.registerArrival(request('PORTAL-DATANG-A1', { moveOutLetterNumber: '474.2/00950/SKPWNI/3674/XI/2026' }), unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'REFERENCE_IN_USE' } });
  });

  it('refuses an arrival that does not match its letter with clear domain errors, and writes nothing', async () => {
    const count = async () => Number(((await desk(DATANG_TABLE).count({ n: '*' })) as [{ n: number | string }])[0].n);
    const before = await count();
    const refused = (r: ArrivalRequest) => datang.port.registerArrival(r, unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    const stranger = await refused(request('PORTAL-DATANG-A2', { arrivingNiks: [PEOPLE[0]!, NOBODY] }));
    expect(stranger?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'arrivingNiks', reason: 'NOT_ON_MOVE_OUT_LETTER' });
    expect(stranger?.message).not.toMatch(/62|ANGGOTA|\/api/);
    expect((await refused(request('PORTAL-DATANG-A3', { destination: { regionCode: '36.74.02.1001', address: null } })))?.extensions).toMatchObject({ argument: 'destination.regionCode', reason: 'DESTINATION_NOT_ON_LETTER' });
    expect((await refused(request('PORTAL-DATANG-A4', { moveOutLetterNumber: '474.2/00999/SKPWNI/3325/X/2026' })))?.extensions).toMatchObject({ reason: 'UNKNOWN_MOVE_OUT_LETTER' });
    expect((await refused(request('PORTAL-DATANG-A5', { letter: { familyCardNumber: '3325141010200901', originRegionCode: '33.25.14.2001', destinationRegionCode: '36.74.01.1001', movers: PEOPLE.slice(0, 2) } })))?.extensions).toMatchObject({ reason: 'LETTER_DIFFERS' });
    expect((await refused(request('PORTAL-DATANG-A6', { destination: { regionCode: '33.25.14.2001', address: null } })))?.extensions).toMatchObject({ reason: 'REFUSED_BY_APPLICATION' });
    expect(await count()).toBe(before);
  });

  it('a move within the city: the letter copy goes along, and the arrival is held to it', async () => {
    const letter = { familyCardNumber: '3674010101200950', originRegionCode: '36.74.01.1001', destinationRegionCode: '36.74.02.1001', movers: ['3674011708850950', '3674014508900951'] };
    const within = { moveOutLetterNumber: '474.2/00950/SKPWNI/3674/XI/2026', letter, arrivingNiks: letter.movers, destination: { regionCode: '36.74.02.1001', address: null } };
    const arrival = await datang.port.registerArrival(request('PORTAL-DATANG-B1', within), unhurried());
    expect(arrival).toMatchObject({ originRegionCode: '36.74.01.1001', destinationRegionCode: '36.74.02.1001', destinationAddress: null });
  });

  it('a write that timed out but landed all the same is not registered twice when asked again', async () => {
    const slow = connectPindahDatang({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 0 }) });
    try {
      const posts = app.calls.of('POST /api/datang');
      app.setLatency(400, 'POST /api/datang');
      const error = await slow.port.registerArrival(request('PORTAL-DATANG-C1', { arrivingNiks: [PEOPLE[2]!] }), deadlineIn(2_000)).then(() => undefined, (e: unknown) => e as GerbangError);
      expect(error?.code).toBe('LEGACY_TIMEOUT');
      await sleep(400);
      app.setLatency(0);
      const arrival = await datang.port.registerArrival(request('PORTAL-DATANG-C1', { arrivingNiks: [PEOPLE[2]!] }), unhurried());
      expect(app.calls.of('POST /api/datang') - posts).toBe(1);
      expect(((await desk(DATANG_TABLE).where({ no_referensi: 'PORTAL-DATANG-C1' })) as Array<{ no_datang: string }>).map((r) => r.no_datang)).toEqual([arrival.arrivalNumber]);
    } finally {
      slow.client.close();
    }
  });

  it('is LEGACY_UNAVAILABLE fast while the app is down, LEGACY_TIMEOUT within the deadline when slow', async () => {
    await app.stop();
    const started = performance.now();
    const down = await datang.port.arrivalsOf([NOBODY], unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(down?.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'pindah-datang' });
    expect(down?.message).not.toMatch(/127\.0\.0\.1|ECONN|\/api/);
    expect(performance.now() - started).toBeLessThan(1_500);
    await app.restart();
    await sleep(250);
    await datang.port.ping(unhurried());
    const slow = connectPindahDatang({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 1, backoffInitialMs: 10 }) });
    try {
      app.setLatency(1_000);
      const begun = performance.now();
      const error = await slow.port.arrivalsOf([NOBODY], deadlineIn(900)).then(() => undefined, (e: unknown) => e as GerbangError);
      expect(error?.code).toBe('LEGACY_TIMEOUT');
      expect(performance.now() - begun).toBeLessThan(850);
    } finally {
      slow.client.close();
    }
  });
});
