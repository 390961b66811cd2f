import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { Cancelled, deadlineIn, startDeadline } from '@core/deadline';
import type { GerbangError } from '@core/errors';
import { assignCourier, deliver, pickUp, setCallbackQuirks } from '@sim/ojol/back-office';
import { ojolEmulator } from '@sim/ojol/emulator';
import { KANTOR_DINAS } from '@sim/ojol/geo';
import { ORDER_TABLE } from '@sim/ojol/schema';
import { startOjol, type RunningOjol } from '@sim/ojol/server';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { resilienceSettings } from '../../base/resilience';
import {
  connectOjol, createOjolLoaders, isCourierStatusAdvance, verifyOjolCallback, type CourierOrderEvent, type CourierOrderRequest, type CourierOrderStatus, type OjolConnection,
} from '../index';

const API_KEY = 'kunci-adapter-ojol';
const SECRET = 'rahasia-callback-adapter-123';
const WORLD = { ...TEST_WORLD, scale: 2_000 };
const unhurried = () => deadlineIn(10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A webhook endpoint as the delivery subgraph will have one: verify, drop doubles, never go backwards. */
async function webhook(now: () => Date) {
  const state = { answer: 200, events: [] as CourierOrderEvent[], refused: [] as string[], status: new Map<string, CourierOrderStatus>(), seen: new Set<string>() };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      if (state.answer !== 200) return void response.writeHead(state.answer).end();
      const verdict = verifyOjolCallback({ rawBody: Buffer.concat(chunks), headers: request.headers, secret: SECRET, now: now() });
      if (!verdict.ok) {
        state.refused.push(verdict.refusal);
        return void response.writeHead(401).end();
      }
      const { event } = verdict;
      state.events.push(event);
      if (!state.seen.has(event.eventId)) {
        state.seen.add(event.eventId);
        const current = state.status.get(event.orderId) ?? null;
        if (event.status && isCourierStatusAdvance(current, event.status)) state.status.set(event.orderId, event.status);
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/ojol`, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The courier adapter against the running ojol emulator (its storage on SQLite or MariaDB). */
describe(`ojol REST adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let partner: Knex;
  let app: RunningOjol;
  let ojol: OjolConnection;
  let hook: Awaited<ReturnType<typeof webhook>>;
  // The partner's clock: tests let quotes expire at once. The callbacks' receiver reads it too.
  let now = new Date('2026-12-07T03:00:00Z');
  const pass = (ms: number) => (now = new Date(now.getTime() + ms));
  const office = { address: KANTOR_DINAS.alamat, location: { latitude: KANTOR_DINAS.lat, longitude: KANTOR_DINAS.lon }, contactName: 'Loket Ojol Disdukcapil', contactPhone: '0812-1111-2222' };
  const home = { address: 'Jl. Melati No. 12 RT 003/RW 005, Pondok Aren', location: { latitude: -6.2705, longitude: 106.7012 }, contactName: 'Budi Santoso', contactPhone: '081234567890' };
  const delivery = async (reference: string, overrides: Partial<CourierOrderRequest> = {}): Promise<CourierOrderRequest> => {
    const quote = await ojol.port.quote({ kind: 'DELIVERY', origin: office.location, destination: home.location }, unhurried());
    return { reference, quoteId: quote.quoteId, kind: 'DELIVERY', origin: office, destination: home, itemDescription: 'KTP-el', ...overrides };
  };
  const flush = async () => {
    while ((await app.callbacks.runOnce()) > 0);
  };

  beforeAll(async () => {
    legacy = await seededStorage('ojol-adapter', [ojolEmulator], WORLD);
    partner = legacy.open('ojol');
    hook = await webhook(() => now);
    app = await startOjol(legacy.storage, { port: 0, apiKey: API_KEY, now: () => now, callback: { url: hook.url, secret: SECRET, intervalMs: 0, quirks: { duplicateChance: 0, delayChance: 0, maxAttempts: 2, retryMs: 500 } } });
    ojol = connectOjol({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
  });

  afterEach(async () => {
    app.setLatency(0);
    await app.restart();
    await setCallbackQuirks(partner, { duplicateChance: 0, delayChance: 0 });
    hook.state.answer = 200;
  });

  afterAll(async () => {
    ojol?.client.close();
    await app?.close();
    await hook?.close();
    await legacy?.cleanup();
  });

  it('quotes a fee in rupiah and a distance in metres; refuses what the partner does not serve', async () => {
    const quote = await ojol.port.quote({ kind: 'PICKUP', origin: home.location, destination: office.location }, unhurried());
    expect(quote).toMatchObject({ kind: 'PICKUP', quoteId: expect.stringMatching(/^TRF/) });
    expect(quote.feeRupiah).toBeGreaterThanOrEqual(9_000);
    expect(quote.feeRupiah % 500).toBe(0);
    expect(quote.distanceMeters).toBeGreaterThan(1_000);
    expect(quote.validUntil).toBe('2026-12-07T03:10:00Z');
    await expect(ojol.port.quote({ kind: 'DELIVERY', origin: office.location, destination: { latitude: -7.8, longitude: 110.4 } }, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'OUTSIDE_SERVICE_AREA' } });
    const calls = app.calls.total;
    await expect(ojol.port.quote({ kind: 'DELIVERY', origin: office.location, destination: { latitude: 91, longitude: 0 } }, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'destination' } });
    expect(app.calls.total).toBe(calls);
  });

  it('places an order once per reference, looking before sending again', async () => {
    const request = await delivery('ANT-ADP-0001');
    const posts = app.calls.of('POST /api/v1/order');
    const placed = await ojol.port.placeOrder(request, unhurried());
    expect(placed).toMatchObject({
      reference: 'ANT-ADP-0001', kind: 'DELIVERY', status: 'SEARCHING_COURIER', quoteId: request.quoteId, courier: null, proof: null, itemDescription: 'KTP-el',
      destination: { contactName: 'Budi Santoso', contactPhone: '+6281234567890', location: { latitude: -6.2705, longitude: 106.7012 } },
      createdAt: '2026-12-07T03:00:00Z', history: [{ status: 'SEARCHING_COURIER' }],
    });
    expect(placed.orderId).toMatch(/^OJL-261207-\d{6}$/);
    const again = await ojol.port.placeOrder({ ...request, quoteId: 'TRF0000000000000000' }, unhurried());
    expect(again.orderId).toBe(placed.orderId);
    expect(app.calls.of('POST /api/v1/order') - posts).toBe(1);
    await expect(ojol.port.placeOrder({ ...request, kind: 'PICKUP' }, unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'REFERENCE_IN_USE' } });
    await expect(ojol.port.placeOrder({ ...request, destination: { ...home, location: { latitude: -6.2, longitude: 106.7 } } }, unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'REFERENCE_IN_USE' } });
  });

  it('turns the partner\'s refusals into domain errors, and refuses bad input before sending', async () => {
    const used = await delivery('ANT-ADP-0002');
    await ojol.port.placeOrder(used, unhurried());
    await expect(ojol.port.placeOrder({ ...used, reference: 'ANT-ADP-0003' }, unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'QUOTE_ALREADY_USED' } });
    await expect(ojol.port.placeOrder({ ...used, reference: 'ANT-ADP-0004', quoteId: 'TRF0000000000000000' }, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'UNKNOWN_QUOTE' } });
    const elsewhere = await delivery('ANT-ADP-0005');
    await expect(ojol.port.placeOrder({ ...elsewhere, destination: { ...home, location: { latitude: -6.25, longitude: 106.75 } } }, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'NOT_AS_QUOTED' } });
    const stale = await delivery('ANT-ADP-0006');
    pass(11 * 60_000);
    const expired = await ojol.port.placeOrder(stale, unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(expired?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'QUOTE_EXPIRED' });
    expect(expired?.message).not.toMatch(/62|TARIF|\/api/);
    const posts = app.calls.of('POST /api/v1/order');
    const fresh = await delivery('ANT-ADP-0007');
    await expect(ojol.port.placeOrder({ ...fresh, destination: { ...home, contactPhone: '021-555' } }, unhurried())).rejects.toMatchObject({ extensions: { argument: 'destination.contactPhone' } });
    await expect(ojol.port.placeOrder({ ...fresh, reference: 'bad reference' }, unhurried())).rejects.toMatchObject({ extensions: { argument: 'reference' } });
    await expect(ojol.port.placeOrder({ ...fresh, itemDescription: ' ' }, unhurried())).rejects.toMatchObject({ extensions: { argument: 'itemDescription' } });
    expect(app.calls.of('POST /api/v1/order')).toBe(posts);
  });

  it('an order that timed out but landed all the same is not placed twice when asked again', async () => {
    const slow = connectOjol({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 0 }) });
    try {
      const request = await delivery('ANT-ADP-0010');
      const posts = app.calls.of('POST /api/v1/order');
      app.setLatency(400, 'POST /api/v1/order');
      const error = await slow.port.placeOrder(request, deadlineIn(2_000)).then(() => undefined, (e: unknown) => e as GerbangError);
      expect(error?.code).toBe('LEGACY_TIMEOUT');
      await sleep(400);
      app.setLatency(0);
      const placed = await ojol.port.placeOrder(request, unhurried());
      expect(app.calls.of('POST /api/v1/order') - posts).toBe(1);
      expect(((await partner(ORDER_TABLE).where({ ref_mitra: 'ANT-ADP-0010' })) as Array<{ no_order: string }>).map((r) => r.no_order)).toEqual([placed.orderId]);
    } finally {
      slow.client.close();
    }
  });

  it('loads orders by id and by reference in one call per batch; the loaders send nothing once the caller has left', async () => {
    const rows = (await partner(ORDER_TABLE).orderBy('id_order').limit(12)) as Array<{ no_order: string; ref_mitra: string }>;
    const before = app.calls.of('GET /api/v1/order');
    const byId = await ojol.port.ordersById([...rows.map((r) => r.no_order), 'OJL-990101-000001', 'nonsense'], unhurried());
    expect(app.calls.of('GET /api/v1/order') - before).toBe(1);
    expect([...byId.keys()].sort()).toEqual(rows.map((r) => r.no_order).sort());
    expect([...byId.values()].every((o) => o.status !== null && o.history.length >= 2 && o.createdAt !== null)).toBe(true);
    const byReference = await ojol.port.ordersByReference(rows.map((r) => r.ref_mitra), unhurried());
    expect([...byReference.keys()].sort()).toEqual(rows.map((r) => r.ref_mitra).sort());
    const loaders = createOjolLoaders(ojol.port, unhurried());
    const calls = app.calls.of('GET /api/v1/order');
    const loaded = await Promise.all([...rows.map((r) => r.no_order), 'OJL-990101-000001'].map((id) => loaders.orderById.load(id)));
    expect(app.calls.of('GET /api/v1/order') - calls).toBe(1);
    expect(loaded.at(-1)).toBeNull();
    const request = startDeadline(10_000);
    const late = createOjolLoaders(ojol.port, request.deadline);
    const total = app.calls.total;
    const pending = late.orderByReference.load('ANT-ADP-0001').then(() => undefined, (e: unknown) => e as GerbangError);
    request.callerLeft();
    const error = await pending;
    expect(error?.code).toBe('DEADLINE_EXCEEDED');
    expect((error?.originalError as Cancelled).reason).toBe('CALLER_LEFT');
    expect(app.calls.total).toBe(total);
    expect((await ojol.port.ordersById([], unhurried())).size).toBe(0);
  });

  it('cancels before pickup (again: the same answer), not after; NOT_FOUND for an unknown order', async () => {
    const placed = await ojol.port.placeOrder(await delivery('ANT-ADP-0020'), unhurried());
    expect(await ojol.port.cancel(placed.orderId, 'Dokumen diambil sendiri', unhurried())).toMatchObject({ status: 'CANCELLED', cancelledBy: 'CALLER', reason: 'Dokumen diambil sendiri' });
    expect(await ojol.port.cancel(placed.orderId, null, unhurried())).toMatchObject({ status: 'CANCELLED' });
    const picked = await ojol.port.placeOrder(await delivery('ANT-ADP-0021'), unhurried());
    await assignCourier(partner, picked.orderId, undefined, now);
    await pickUp(partner, picked.orderId, now);
    await expect(ojol.port.cancel(picked.orderId, null, unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'CANCEL_NOT_ALLOWED' } });
    await expect(ojol.port.cancel('OJL-990101-000001', null, unhurried())).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    await expect(ojol.port.cancel('nonsense', null, unhurried())).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('feeds every change once and in order from a cursor, the couriers\' own steps included', async () => {
    const start = await ojol.port.currentCursor(unhurried());
    const placed = await ojol.port.placeOrder(await delivery('ANT-ADP-0030'), unhurried());
    await assignCourier(partner, placed.orderId, { nama: 'Agus Saputra', plat: 'B 1234 XYZ', telp: '081299990000' }, now);
    await pickUp(partner, placed.orderId, now);
    const first = await ojol.port.changesSince(start, 2, unhurried());
    expect(first.hasMore).toBe(true);
    const rest = await ojol.port.changesSince(first.cursor, 100, unhurried());
    expect(rest.hasMore).toBe(false);
    expect([...first.changes, ...rest.changes].map((c) => [c.orderId, c.reference, c.status])).toEqual([
      [placed.orderId, 'ANT-ADP-0030', 'SEARCHING_COURIER'],
      [placed.orderId, 'ANT-ADP-0030', 'COURIER_ASSIGNED'],
      [placed.orderId, 'ANT-ADP-0030', 'PICKED_UP'],
    ]);
    expect(await ojol.port.changesSince(rest.cursor, 100, unhurried())).toEqual({ changes: [], cursor: rest.cursor, hasMore: false });
    await expect(ojol.port.changesSince('pengaduan:12', 10, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' } });
    const order = (await ojol.port.ordersById([placed.orderId], unhurried())).get(placed.orderId)!;
    expect(order.courier).toEqual({ name: 'Agus Saputra', plate: 'B 1234 XYZ', phone: '+6281299990000' });
  });

  it('the partner\'s callbacks pass verification; doubles and late ones never move a status backwards', async () => {
    hook.state.events.length = 0;
    const placed = await ojol.port.placeOrder(await delivery('ANT-ADP-0040'), unhurried());
    await setCallbackQuirks(partner, { duplicateChance: 1 });
    await assignCourier(partner, placed.orderId, undefined, now);
    await setCallbackQuirks(partner, { duplicateChance: 0, delayChance: 1, delayMs: 3_000 });
    await pickUp(partner, placed.orderId, now);
    await setCallbackQuirks(partner, { delayChance: 0 });
    await deliver(partner, placed.orderId, { penerima: 'Siti' }, now);
    pass(1_000);
    await flush();
    pass(3_000);
    await flush();
    const mine = hook.state.events.filter((e) => e.orderId === placed.orderId);
    expect(mine.map((e) => e.status)).toContain('PICKED_UP');
    expect(mine.at(-1)!.status).toBe('PICKED_UP');
    expect(mine.filter((e) => e.status === 'COURIER_ASSIGNED')).toHaveLength(2);
    expect(hook.state.refused).toEqual([]);
    expect(hook.state.status.get(placed.orderId)).toBe('DELIVERED');
    const delivered = mine.find((e) => e.status === 'DELIVERED')!;
    expect(delivered).toMatchObject({ reference: 'ANT-ADP-0040', kind: 'DELIVERY', proof: { receiverName: 'Siti' }, courier: expect.objectContaining({ plate: expect.any(String) }) });
  });

  it('what the callbacks could not deliver, polling recovers', async () => {
    const cursor = await ojol.port.currentCursor(unhurried());
    hook.state.answer = 503;
    const placed = await ojol.port.placeOrder(await delivery('ANT-ADP-0050'), unhurried());
    await assignCourier(partner, placed.orderId, undefined, now);
    await flush();
    pass(1_000);
    await flush();
    expect(hook.state.status.get(placed.orderId)).toBeUndefined();
    const { changes } = await ojol.port.changesSince(cursor, 100, unhurried());
    expect(changes.filter((c) => c.orderId === placed.orderId).map((c) => c.status)).toEqual(['SEARCHING_COURIER', 'COURIER_ASSIGNED']);
  });

  it('is LEGACY_UNAVAILABLE fast while the partner is down, LEGACY_TIMEOUT within the deadline when slow', async () => {
    await app.stop();
    const started = performance.now();
    const error = await ojol.port.ordersByReference(['ANT-ADP-0001'], unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(error?.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'ojol' });
    expect(error?.message).not.toMatch(/127\.0\.0\.1|ECONN|\/api/);
    expect(performance.now() - started).toBeLessThan(1_500);
    await expect(ojol.port.ping(unhurried())).rejects.toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE' } });
    await app.restart();
    await sleep(250);
    await expect(ojol.port.ping(unhurried())).resolves.toBeUndefined();
    const slow = connectOjol({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 1, backoffInitialMs: 10 }) });
    try {
      app.setLatency(1_000);
      const begun = performance.now();
      const late = await slow.port.changesSince(null, 10, deadlineIn(900)).then(() => undefined, (e: unknown) => e as GerbangError);
      expect(late?.code).toBe('LEGACY_TIMEOUT');
      expect(performance.now() - begun).toBeLessThan(850);
    } finally {
      slow.client.close();
    }
  });
});
