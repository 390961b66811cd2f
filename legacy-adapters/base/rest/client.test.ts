import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Cancelled, deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { STATUS, gagal, pageInfo, pageOf, permintaanTidakValid, startRestEmulator, sukses, tidakDitemukan, type RestRoute, type RunningRestEmulator } from '@sim/base/rest';
import { faultOf, resilienceSettings, type ResilienceInput } from '../resilience';
import { RestLegacyClient } from './client';

/**
 * The REST base under faults, against a real emulator built on legacy-sim/base/rest (a probe app
 * with a few routes): envelope decoding, timeouts, deadlines, a caller who leaves, the server
 * stopped and started again, the breaker, rate limiting.
 */
const API_KEY = 'kunci-uji';
const ITEMS = Array.from({ length: 23 }, (_, i) => ({ kode: `B${String(i + 1).padStart(3, '0')}`, nama: `BARANG ${i + 1}` }));

let written = 0;
const routes: RestRoute[] = [
  { method: 'GET', path: '/api/ping', handle: () => sukses({ waktu: '29-11-2026 10:00:00' }) },
  {
    method: 'GET',
    path: '/api/barang',
    handle: ({ query }) => {
      if (query.has('kode')) {
        const wanted = new Set((query.get('kode') ?? '').split(','));
        return sukses(ITEMS.filter((i) => wanted.has(i.kode)));
      }
      const page = pageOf(query, { defaultPerPage: 10, maxPerPage: 10 });
      const items = ITEMS.slice(page.offset, page.offset + page.perHalaman);
      return items.length === 0 ? tidakDitemukan() : sukses(items, pageInfo(page, ITEMS.length));
    },
  },
  {
    method: 'GET',
    path: '/api/barang/:kode',
    handle: ({ params }) => {
      const item = ITEMS.find((i) => i.kode === params.kode);
      return item ? sukses(item) : tidakDitemukan();
    },
  },
  { method: 'GET', path: '/api/rusak', handle: () => gagal(STATUS.KESALAHAN_SISTEM, 'KESALAHAN SISTEM: ORA-01017 at db.internal') },
  { method: 'GET', path: '/api/salah', handle: () => { throw permintaanTidakValid('KODE TIDAK VALID'); } },
  { method: 'GET', path: '/api/lambat', slowMs: 3_000, handle: () => sukses('akhirnya') },
  {
    method: 'POST',
    path: '/api/barang',
    handle: ({ body }) => {
      written += 1;
      const { kode } = body as { kode: string };
      if (kode === 'GANDA') return gagal(STATUS.DATA_SUDAH_ADA, 'DATA SUDAH ADA');
      if (kode === 'RUSAK') return gagal(STATUS.KESALAHAN_SISTEM, 'KESALAHAN SISTEM');
      return sukses({ kode, nomor: written });
    },
  },
];

async function failure(promise: Promise<unknown>): Promise<{ error: GerbangError; ms: number }> {
  const started = performance.now();
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof GerbangError)) throw new Error(`expected a GerbangError, got ${String(error)}`);
  return { error, ms: performance.now() - started };
}

const unhurried = () => deadlineIn(10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('REST legacy client against a running REST emulator', () => {
  let emulator: RunningRestEmulator;
  const clients: RestLegacyClient[] = [];
  const connect = (input: ResilienceInput = {}, apiKey = API_KEY) => {
    const client = new RestLegacyClient('probe-rest', {
      baseUrl: emulator.url,
      apiKey,
      pingPath: '/api/ping',
      resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 40, ...input }),
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    emulator = await startRestEmulator({ app: 'probe-rest', port: 0, apiKey: API_KEY, log: () => undefined }, routes);
  });

  afterEach(async () => {
    emulator.setLatency(0);
    await emulator.restart();
  });

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await emulator?.stop();
  });

  it('decodes the envelope: data for 00, null for 14, one call for many keys', async () => {
    const client = connect();
    const before = emulator.calls.of('GET /api/barang');
    const found = await client.get<Array<{ kode: string }>>('/api/barang', { kode: ['B001', 'B007', 'B999'] }, unhurried());
    expect(found?.map((i) => i.kode)).toEqual(['B001', 'B007']);
    expect(emulator.calls.of('GET /api/barang') - before).toBe(1);
    expect(await client.get('/api/barang/B002', {}, unhurried())).toEqual({ kode: 'B002', nama: 'BARANG 2' });
    expect(await client.get('/api/barang/B999', {}, unhurried())).toBeNull();
    await expect(client.ping(unhurried())).resolves.toBeUndefined();
  });

  it('reads pages with the total the app reports', async () => {
    const client = connect();
    const first = await client.getPage<{ kode: string }>('/api/barang', {}, { halaman: 1, perHalaman: 10 }, unhurried());
    expect(first).toMatchObject({ halaman: 1, perHalaman: 10, total: 23, hasNextPage: true });
    expect(first.items).toHaveLength(10);
    const last = await client.getPage('/api/barang', {}, { halaman: 3, perHalaman: 10 }, unhurried());
    expect(last).toMatchObject({ total: 23, hasNextPage: false });
    expect(last.items).toHaveLength(3);
    expect((await client.getPage('/api/barang', {}, { halaman: 9, perHalaman: 10 }, unhurried())).items).toEqual([]);
    // Asking for more than the app allows is its status 05: refused, and not tried again.
    const before = emulator.calls.of('GET /api/barang');
    const { error } = await failure(client.getPage('/api/barang', {}, { halaman: 1, perHalaman: 500 }, unhurried()));
    expect(error.code).toBe('LEGACY_UNAVAILABLE');
    expect(faultOf(error)?.legacyStatus).toBe('05');
    expect(emulator.calls.of('GET /api/barang') - before).toBe(1);
  });

  it('treats HTTP 200 with status 96 as a failure: LEGACY_UNAVAILABLE, the legacy details only in the cause, a read tried again', async () => {
    const client = connect({ retries: 2 });
    const before = emulator.calls.of('GET /api/rusak');
    const { error } = await failure(client.get('/api/rusak', {}, unhurried()));
    expect(error.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'probe-rest' });
    expect(error.message).not.toMatch(/96|ORA-|db\.internal|127\.0\.0\.1|\/api/);
    expect(JSON.stringify(error.extensions)).not.toMatch(/96|ORA-|127\.0\.0\.1/);
    expect(faultOf(error)).toMatchObject({ kind: 'unavailable', legacyStatus: '96', httpStatus: 200 });
    expect(emulator.calls.of('GET /api/rusak') - before).toBe(3);
    // A refusal (05) is not tried again.
    const refusedBefore = emulator.calls.of('GET /api/salah');
    expect(faultOf((await failure(client.get('/api/salah', {}, unhurried()))).error)?.legacyStatus).toBe('05');
    expect(emulator.calls.of('GET /api/salah') - refusedBefore).toBe(1);
  });

  it('sends a write once, even when it fails, and hands back statuses the caller expects', async () => {
    const client = connect({ retries: 3 });
    const before = emulator.calls.of('POST /api/barang');
    await failure(client.post('/api/barang', { kode: 'RUSAK' }, unhurried()));
    expect(emulator.calls.of('POST /api/barang') - before).toBe(1);
    const duplicate = await client.post('/api/barang', { kode: 'GANDA' }, unhurried(), ['51']);
    expect(duplicate).toMatchObject({ status: '51', data: null });
    const created = await client.post<{ kode: string }>('/api/barang', { kode: 'B100' }, unhurried());
    expect(created).toMatchObject({ status: '00', data: { kode: 'B100' } });
  });

  it('is refused without the right API key: LEGACY_UNAVAILABLE', async () => {
    const client = connect({ retries: 0 }, 'kunci-salah');
    const { error } = await failure(client.get('/api/barang/B001', {}, unhurried()));
    expect(error.code).toBe('LEGACY_UNAVAILABLE');
    expect(faultOf(error)).toMatchObject({ httpStatus: 401 });
    expect(error.message).not.toMatch(/kunci/);
  });

  it('answers LEGACY_TIMEOUT at the app timeout when the app is slow, well within the deadline', async () => {
    const client = connect({ timeoutMs: 150, retries: 1 });
    emulator.setLatency(1_500);
    const { error, ms } = await failure(client.get('/api/barang/B001', {}, deadlineIn(1_000)));
    expect(error.extensions).toMatchObject({ code: 'LEGACY_TIMEOUT', app: 'probe-rest' });
    // Two attempts of 150 ms and a short pause.
    expect(ms).toBeGreaterThanOrEqual(280);
    expect(ms).toBeLessThan(900);
    expect(client.callCount).toBe(2);
  });

  it('answers DEADLINE_EXCEEDED at the deadline when that is shorter than the app timeout', async () => {
    const client = connect({ timeoutMs: 5_000 });
    const { error, ms } = await failure(client.get('/api/lambat', {}, deadlineIn(200)));
    expect(error.extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED', waitingFor: 'probe-rest' });
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(ms).toBeLessThan(600);
    expect(client.health()).toBe('up');
  });

  it('ends the call at once when the caller hangs up', async () => {
    const client = connect({ timeoutMs: 5_000 });
    const request = startDeadline(10_000);
    const pending = failure(client.get('/api/lambat', {}, request.deadline));
    await sleep(100);
    const left = performance.now();
    request.callerLeft();
    const { error } = await pending;
    expect(performance.now() - left).toBeLessThan(100);
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    expect((error.originalError as Cancelled).reason).toBe('CALLER_LEFT');
  });

  it('answers LEGACY_UNAVAILABLE fast when the app is stopped, and recovers once it is started again', async () => {
    const client = connect({ retries: 1, breakerThreshold: 100 });
    await client.ping(unhurried());
    await emulator.stop();
    const { error, ms } = await failure(client.get('/api/barang/B001', {}, unhurried()));
    expect(error.code).toBe('LEGACY_UNAVAILABLE');
    expect(error.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    expect(ms).toBeLessThan(500);
    expect(client.health()).toBe('down');
    await emulator.restart();
    expect(await client.get('/api/barang/B001', {}, unhurried())).toMatchObject({ kode: 'B001' });
    expect(client.health()).toBe('up');
  });

  it('opens the breaker: after the threshold, calls fail at once without reaching the app; it half-opens and recovers', async () => {
    const client = connect({ retries: 0, breakerThreshold: 3, halfOpenAfterMs: 300 });
    for (let i = 0; i < 3; i += 1) await failure(client.get('/api/rusak', {}, unhurried()));
    const before = emulator.calls.total;
    const { error, ms } = await failure(client.get('/api/barang/B001', {}, unhurried()));
    expect(error.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', reason: 'BREAKER_OPEN' });
    expect(ms).toBeLessThan(50);
    expect(emulator.calls.total).toBe(before);
    expect(client.health()).toBe('breaker-open');
    await sleep(350);
    expect(await client.get('/api/barang/B001', {}, unhurried())).toMatchObject({ kode: 'B001' });
    expect(client.health()).toBe('up');
  });

  it('reads through an app that went down and came back while the breaker was open', async () => {
    const client = connect({ retries: 0, breakerThreshold: 2, halfOpenAfterMs: 200 });
    await client.ping(unhurried());
    await emulator.stop();
    for (let i = 0; i < 2; i += 1) await failure(client.ping(unhurried()));
    expect(client.health()).toBe('breaker-open');
    await emulator.restart();
    await sleep(250);
    await expect(client.ping(unhurried())).resolves.toBeUndefined();
    expect(client.health()).toBe('up');
  });
});

describe('REST legacy client against a rate-limited app', () => {
  let emulator: RunningRestEmulator;
  let client: RestLegacyClient;

  beforeAll(async () => {
    emulator = await startRestEmulator({ app: 'probe-ikd', port: 0, apiKey: API_KEY, rateLimit: { requests: 1, windowMs: 1_000 }, log: () => undefined }, routes);
    client = new RestLegacyClient('probe-ikd', { baseUrl: emulator.url, apiKey: API_KEY, pingPath: '/api/ping', resilience: resilienceSettings({ retries: 2, breakerThreshold: 1 }) });
  });

  afterAll(async () => {
    client?.close();
    await emulator?.stop();
  });

  it('waits as the 429\'s Retry-After says before reading again, and never opens the breaker for it', async () => {
    await client.ping(unhurried());
    const started = performance.now();
    await expect(client.get('/api/barang/B003', {}, deadlineIn(5_000))).resolves.toMatchObject({ kode: 'B003' });
    // Retry-After: 1 (second); the window had at most a second left.
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(client.callCount).toBe(3);
    expect(client.health()).toBe('up');
  });

  it('gives up at once, RATE_LIMITED, when the deadline cannot wait that long', async () => {
    await client.ping(deadlineIn(5_000)).catch(() => undefined);
    const { error, ms } = await failure(client.get('/api/barang/B003', {}, deadlineIn(500)));
    expect(error.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', reason: 'RATE_LIMITED' });
    expect(ms).toBeLessThan(300);
  });
});

describe('REST legacy client against an app that answers nonsense', () => {
  let server: Server;
  let body = 'not json';
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([['not json'], ['{"data":[]}'], ['[1,2]'], ['null']])('answer %s is LEGACY_UNAVAILABLE', async (text) => {
    body = text;
    const client = new RestLegacyClient('probe-junk', {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      apiKey: API_KEY,
      pingPath: '/api/ping',
      resilience: resilienceSettings({ retries: 0 }),
    });
    try {
      const { error } = await failure(client.get('/api/x', {}, unhurried()));
      expect(error.code).toBe('LEGACY_UNAVAILABLE');
      expect(faultOf(error)?.kind).toBe('unavailable');
    } finally {
      client.close();
    }
  });
});
