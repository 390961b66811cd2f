import type { Knex } from 'knex';
import { deadlineIn } from '@core/deadline';
import type { GerbangError } from '@core/errors';
import { closeTheDay, serve, setQuota } from '@sim/antrian/back-office';
import { antrianEmulator } from '@sim/antrian/emulator';
import { ANTRIAN_TABLE } from '@sim/antrian/schema';
import { startAntrian, type RunningAntrian } from '@sim/antrian/server';
import { generateWorld } from '@sim/world/generator';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { resilienceSettings } from '../../base/resilience';
import { connectAntrian, createAntrianLoaders, type AntrianConnection, type AppointmentRequest } from '../index';

const API_KEY = 'kunci-antrian-adapter';
const unhurried = () => deadlineIn(10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const NOBODY = '3674011708850999';
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as GerbangError);

/** The appointment adapter against the running antrian emulator (its storage on SQLite or MariaDB). */
describe(`antrian REST adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let office: Knex;
  let app: RunningAntrian;
  let antrian: AntrianConnection;
  // The application's clock: Monday 7 December 2026, 09:00 WIB.
  const now = new Date('2026-12-07T02:00:00Z');
  const world = generateWorld(TEST_WORLD);
  const people = world.flatMap((f) => f.members);
  const kecamatan = world[2]!.kelurahanCode.split('.').slice(0, 3).join('.');
  const request = (reference: string, i: number, overrides: Partial<AppointmentRequest> = {}): AppointmentRequest => ({
    reference, applicantNik: people[i]!.nik, applicantName: people[i]!.name, phone: '081234567890',
    servicePoint: { kind: 'DINAS', id: null }, serviceKind: 'ID_CARD_REPLACEMENT', visitDate: '2026-12-08', channel: 'ONLINE', ...overrides,
  });

  beforeAll(async () => {
    legacy = await seededStorage('antrian-adapter', [antrianEmulator]);
    office = legacy.open('antrian');
    app = await startAntrian(legacy.storage, { port: 0, apiKey: API_KEY, listSlowMs: 50, now: () => now });
    antrian = connectAntrian({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
  });

  afterEach(async () => {
    app.setLatency(0);
    await app.restart();
  });

  afterAll(async () => {
    antrian?.client.close();
    await app?.close();
    await legacy?.cleanup();
  });

  async function bookedNiks(n: number): Promise<string[]> {
    return ((await office(ANTRIAN_TABLE).distinct('nik').orderBy('nik').limit(n)) as Array<{ nik: string }>).map((r) => r.nik);
  }

  it('loads the bookings of many residents in one call as service requests, and leaves residents without one out', async () => {
    const niks = await bookedNiks(15);
    const before = app.calls.of('GET /api/antrian');
    const found = await antrian.port.appointmentsOf([...niks, NOBODY], unhurried());
    expect(app.calls.of('GET /api/antrian') - before).toBe(1);
    expect(new Set(found.keys())).toEqual(new Set(niks));
    const all = [...found.values()].flat();
    for (const a of all) {
      expect(a.serviceKind).not.toBeNull();
      expect(a.status).not.toBeNull();
      expect(a.channel).not.toBeNull();
      expect(['DINAS', 'KECAMATAN']).toContain(a.servicePoint!.kind);
      expect(a.ticket).toMatch(/^[A-L]-\d{3}$/);
      expect(a.submittedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      expect(a.timeline[0]).toMatchObject({ status: 'SUBMITTED', ticketState: 'BOOKED' });
      expect(a.timeline.at(-1)!.ticketState).toBe(a.ticketState);
    }
    const ids = all.slice(0, 5).map((a) => a.id);
    const byId = await antrian.port.appointmentsById([...ids, '99999999', 'not-an-id'], unhurried());
    expect([...byId.keys()].sort()).toEqual([...ids].sort());
    const calls = app.calls.total;
    expect((await antrian.port.appointmentsOf([], unhurried())).size).toBe(0);
    expect(app.calls.total).toBe(calls);
  });

  it('one loader call per batch of a request', async () => {
    const niks = await bookedNiks(10);
    const loaders = createAntrianLoaders(antrian.port, unhurried());
    const before = app.calls.of('GET /api/antrian');
    const lists = await Promise.all([...niks, NOBODY].map((nik) => loaders.appointmentsByNik.load(nik)));
    expect(app.calls.of('GET /api/antrian') - before).toBe(1);
    expect(lists.slice(0, -1).every((l) => l.length > 0)).toBe(true);
    expect(lists.at(-1)).toEqual([]);
    expect(await loaders.appointmentById.load('99999999')).toBeNull();
  });

  it('books once per reference: asking again answers the same booking without a second POST', async () => {
    const posts = app.calls.of('POST /api/antrian');
    const booked = await antrian.port.book(request('PORTAL-ANTRI-1', 0), unhurried());
    expect(booked).toMatchObject({ status: 'SUBMITTED', ticketState: 'BOOKED', serviceKind: 'ID_CARD_REPLACEMENT', channel: 'ONLINE', servicePoint: { kind: 'DINAS', id: null }, visitDate: '2026-12-08', reference: 'PORTAL-ANTRI-1', submittedAt: '2026-12-07T09:00:00' });
    expect(booked.ticket).toMatch(/^B-\d{3}$/);
    const again = await antrian.port.book(request('PORTAL-ANTRI-1', 0), unhurried());
    expect(again.id).toBe(booked.id);
    expect(app.calls.of('POST /api/antrian') - posts).toBe(1);
    await expect(antrian.port.book(request('PORTAL-ANTRI-1', 1), unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'REFERENCE_IN_USE' } });
    await expect(antrian.port.book(request('PORTAL-ANTRI-2', 0), unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'ALREADY_BOOKED' } });
    const offline = await antrian.port.book(request('COUNTER-ANTRI-3', 2, { servicePoint: { kind: 'KECAMATAN', id: kecamatan }, serviceKind: 'FIRST_ID_CARD', channel: 'OFFLINE' }), unhurried());
    expect(offline).toMatchObject({ channel: 'OFFLINE', servicePoint: { kind: 'KECAMATAN', id: kecamatan }, serviceKind: 'FIRST_ID_CARD' });
  });

  it('says clearly that a day is full, with the next free days, and lists free days in one call', async () => {
    await setQuota(office, kecamatan.replace(/\./g, ''), 'E', 1);
    try {
      const point = { kind: 'KECAMATAN' as const, id: kecamatan };
      const before = app.calls.of('GET /api/kuota');
      const free = await antrian.port.freeDays({ servicePoint: point, serviceKind: 'CHILD_ID_CARD', from: '2026-12-10', count: 3 }, unhurried());
      expect(app.calls.of('GET /api/kuota') - before).toBe(1);
      expect(free).toEqual([{ date: '2026-12-10', capacity: 1, placesLeft: 1 }, { date: '2026-12-11', capacity: 1, placesLeft: 1 }, { date: '2026-12-14', capacity: 1, placesLeft: 1 }]);
      await antrian.port.book(request('PORTAL-PENUH-1', 3, { servicePoint: point, serviceKind: 'CHILD_ID_CARD', visitDate: '2026-12-10' }), unhurried());
      const error = await failure(antrian.port.book(request('PORTAL-PENUH-2', 4, { servicePoint: point, serviceKind: 'CHILD_ID_CARD', visitDate: '2026-12-10' }), unhurried()));
      expect(error?.extensions).toMatchObject({ code: 'CONFLICT', argument: 'visitDate', reason: 'DAY_FULL', nextFreeDays: ['2026-12-11', '2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17'] });
      expect(error?.message).not.toMatch(/62|KUOTA|\/api/);
      expect(await office(ANTRIAN_TABLE).where({ kd_referensi: 'PORTAL-PENUH-2' }).first()).toBeUndefined();
    } finally {
      await setQuota(office, kecamatan.replace(/\./g, ''), 'E', 15);
    }
  });

  it('refuses closed days, days outside the window and services an office does not take as bad input, without the app\'s wording', async () => {
    const cases: Array<[Partial<AppointmentRequest>, string, string]> = [
      [{ visitDate: '2026-12-12' }, 'visitDate', 'OFFICE_CLOSED'],
      [{ visitDate: '2026-12-25' }, 'visitDate', 'OFFICE_CLOSED'],
      [{ visitDate: '2026-12-04' }, 'visitDate', 'OUTSIDE_BOOKING_WINDOW'],
      [{ servicePoint: { kind: 'KECAMATAN', id: kecamatan }, serviceKind: 'BIRTH_REGISTRATION' }, 'serviceKind', 'SERVICE_NOT_OFFERED'],
    ];
    for (const [i, [overrides, argument, reason]] of cases.entries()) {
      const error = await failure(antrian.port.book(request(`PORTAL-TOLAK-${i}`, 5, overrides), unhurried()));
      expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument, reason });
      expect(error?.message).not.toMatch(/KANTOR|JADWAL|\d{2}-\d{2}-\d{4}/);
    }
    const posts = app.calls.of('POST /api/antrian');
    await expect(antrian.port.book(request('PORTAL-TOLAK-X', 5, { serviceKind: 'LEGALISATION' }), unhurried())).rejects.toMatchObject({ extensions: { reason: 'SERVICE_NOT_OFFERED' } });
    await expect(antrian.port.book(request('PORTAL-TOLAK-Y', 5, { servicePoint: { kind: 'MALL_KIOSK', id: 'X' } }), unhurried())).rejects.toMatchObject({ extensions: { reason: 'UNKNOWN_SERVICE_POINT' } });
    await expect(antrian.port.book(request('PORTAL-TOLAK-Z', 5, { visitDate: '2026-02-31' }), unhurried())).rejects.toMatchObject({ extensions: { reason: 'INVALID_DATE' } });
    await expect(antrian.port.book(request('bad reference!', 5), unhurried())).rejects.toMatchObject({ extensions: { reason: 'INVALID_REFERENCE' } });
    expect(app.calls.of('POST /api/antrian')).toBe(posts);
    await expect(antrian.port.book(request('PORTAL-TOLAK-P', 5, { phone: '12' }), unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'REFUSED_BY_APPLICATION' } });
  });

  it('checks in on the visit day and cancels through the API, safely asked twice', async () => {
    const today = await antrian.port.book(request('PORTAL-HADIR-1', 6, { visitDate: '2026-12-07', serviceKind: 'DIGITAL_ID_ACTIVATION' }), unhurried());
    const later = await antrian.port.book(request('PORTAL-HADIR-2', 7, { visitDate: '2026-12-09', serviceKind: 'DIGITAL_ID_ACTIVATION' }), unhurried());
    const arrived = await antrian.port.checkIn(today.id, 'B02', unhurried());
    expect(arrived).toMatchObject({ status: 'IN_PROCESS', ticketState: 'CHECKED_IN', counter: 'B02' });
    expect((await antrian.port.checkIn(today.id, null, unhurried())).ticketState).toBe('CHECKED_IN');
    await expect(antrian.port.checkIn(later.id, null, unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'NOT_THE_VISIT_DAY' } });
    expect(await antrian.port.cancel(later.id, unhurried())).toMatchObject({ status: 'CANCELLED', ticketState: 'CANCELLED' });
    expect((await antrian.port.cancel(later.id, unhurried())).ticketState).toBe('CANCELLED');
    await expect(antrian.port.cancel(today.id, unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'STATUS_DOES_NOT_ALLOW' } });
    await expect(antrian.port.cancel('99999999', unhurried())).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('serves a worklist page of 50 with the same single call as a page of 5, filtered and in a stable order', async () => {
    const before = app.calls.of('GET /api/daftar-antrian');
    const small = await antrian.port.worklist({ page: 1, perPage: 5 }, unhurried());
    const large = await antrian.port.worklist({ page: 1, perPage: 50 }, unhurried());
    expect(app.calls.of('GET /api/daftar-antrian') - before).toBe(2);
    expect(small.appointments).toHaveLength(5);
    expect(large.appointments.slice(0, 5).map((a) => a.id)).toEqual(small.appointments.map((a) => a.id));
    expect(large.total).toBe(small.total);
    expect(small.hasNextPage).toBe(true);
    const second = await antrian.port.worklist({ page: 2, perPage: 5 }, unhurried());
    expect(second.appointments.map((a) => a.id)).toEqual(large.appointments.slice(5, 10).map((a) => a.id));
    const done = await antrian.port.worklist({ servicePoint: { kind: 'DINAS', id: null }, statuses: ['CANCELLED'], page: 1, perPage: 100 }, unhurried());
    expect(done.appointments.length).toBeGreaterThan(0);
    expect(done.appointments.every((a) => a.servicePoint?.kind === 'DINAS' && a.status === 'CANCELLED')).toBe(true);
    const calls = app.calls.total;
    expect(await antrian.port.worklist({ statuses: ['VERIFYING'], page: 1, perPage: 10 }, unhurried())).toEqual({ appointments: [], total: 0, hasNextPage: false });
    expect(app.calls.total).toBe(calls);
    await expect(antrian.port.worklist({ page: 1, perPage: 101 }, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('counts bookings per status and ticket state in one call', async () => {
    const before = app.calls.of('GET /api/rekap');
    const counts = await antrian.port.counts({}, unhurried());
    expect(app.calls.of('GET /api/rekap') - before).toBe(1);
    const [{ n }] = (await office(ANTRIAN_TABLE).count({ n: '*' })) as [{ n: number | string }];
    expect(counts.total).toBe(Number(n));
    expect(Object.values(counts.byStatus).reduce((a, b) => a + b, 0)).toBe(Number(n));
    expect(counts.byStatus.CANCELLED).toBe((counts.byTicketState.NO_SHOW ?? 0) + (counts.byTicketState.CANCELLED ?? 0));
    const dinas = await antrian.port.counts({ servicePoint: { kind: 'DINAS', id: null }, statuses: ['CANCELLED'] }, unhurried());
    expect(dinas.total).toBe((await antrian.port.worklist({ servicePoint: { kind: 'DINAS', id: null }, statuses: ['CANCELLED'], page: 1, perPage: 1 }, unhurried())).total);
  });

  it('feeds every status change once and in order, the office\'s own included, from a cursor', async () => {
    let feed = await antrian.port.changesSince(null, 500, unhurried());
    expect(feed.changes.length).toBeGreaterThan(0);
    // Catch up to the end of the log.
    for (let page = feed; page.changes.length === 500; ) feed = page = await antrian.port.changesSince(page.cursor, 500, unhurried());
    const start = feed.cursor;
    const booked = await antrian.port.book(request('PORTAL-FEED-1', 8, { visitDate: '2026-12-07', serviceKind: 'CHILD_ID_CARD' }), unhurried());
    await antrian.port.checkIn(booked.id, null, unhurried());
    await serve(office, Number(booked.id), { petugas: '198001012005011001', loket: 'A01', now: new Date('2026-12-07T03:10:00Z') });
    const other = await antrian.port.book(request('PORTAL-FEED-2', 9, { visitDate: '2026-12-07', serviceKind: 'CHILD_ID_CARD' }), unhurried());
    await closeTheDay(office, '2026-12-07', new Date('2026-12-07T09:00:00Z'));
    const before = app.calls.of('GET /api/riwayat');
    const first = await antrian.port.changesSince(start, 3, unhurried());
    const rest = await antrian.port.changesSince(first.cursor, 500, unhurried());
    expect(app.calls.of('GET /api/riwayat') - before).toBe(2);
    const steps = [...first.changes, ...rest.changes].filter((c) => [booked.id, other.id].includes(c.appointmentId)).map((c) => `${c.appointmentId}:${c.change.ticketState}:${c.change.status}`);
    expect(steps).toEqual([`${booked.id}:BOOKED:SUBMITTED`, `${booked.id}:CHECKED_IN:IN_PROCESS`, `${booked.id}:SERVED:COMPLETED`, `${other.id}:BOOKED:SUBMITTED`, `${other.id}:NO_SHOW:CANCELLED`]);
    const served = first.changes.find((c) => c.change.ticketState === 'SERVED')!;
    expect(served).toMatchObject({ change: { by: '198001012005011001', at: '2026-12-07T10:10:00' }, serviceKind: 'CHILD_ID_CARD', currentStatus: 'COMPLETED' });
    const end = await antrian.port.changesSince(rest.cursor, 10, unhurried());
    expect(end).toEqual({ changes: [], cursor: rest.cursor });
    await expect(antrian.port.changesSince('42', 10, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' } });
  });

  it('a booking whose POST timed out but landed is not made twice when asked again', async () => {
    const slow = connectAntrian({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 0 }) });
    try {
      const posts = app.calls.of('POST /api/antrian');
      app.setLatency(400, 'POST /api/antrian');
      const error = await failure(slow.port.book(request('PORTAL-LAMBAT-1', 10), deadlineIn(2_000)));
      expect(error?.code).toBe('LEGACY_TIMEOUT');
      await sleep(400);
      app.setLatency(0);
      const booked = await antrian.port.book(request('PORTAL-LAMBAT-1', 10), unhurried());
      expect(app.calls.of('POST /api/antrian') - posts).toBe(1);
      const rows = (await office(ANTRIAN_TABLE).where({ kd_referensi: 'PORTAL-LAMBAT-1' })) as Array<{ id_antrian: number }>;
      expect(rows.map((r) => String(r.id_antrian))).toEqual([booked.id]);
    } finally {
      slow.client.close();
    }
  });

  it('is LEGACY_UNAVAILABLE fast while the app is down and answers again once it is back', async () => {
    const niks = await bookedNiks(3);
    await app.stop();
    const started = performance.now();
    const error = await failure(antrian.port.appointmentsOf(niks, unhurried()));
    expect(error?.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'antrian' });
    expect(error?.message).not.toMatch(/127\.0\.0\.1|ECONN|\/api/);
    expect(performance.now() - started).toBeLessThan(1_500);
    await expect(antrian.port.ping(unhurried())).rejects.toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE' } });
    await app.restart();
    await sleep(250);
    expect((await antrian.port.appointmentsOf(niks, unhurried())).size).toBe(3);
    expect(antrian.client.health()).toBe('up');
  });
});
