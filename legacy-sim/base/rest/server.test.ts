import { STATUS, pageInfo, pageOf, startRestEmulator, sukses, tidakDitemukan, type RunningRestEmulator } from './index';
import { isoFromLegacyDate, legacyDate, legacyDateTime } from './dates';

/** The REST emulator base on its own: conventions, and the controls fault tests rely on. */
describe('REST emulator base', () => {
  let emulator: RunningRestEmulator;
  const logged: string[] = [];
  const headers = { 'X-API-Key': 'rahasia', 'content-type': 'application/json' };

  beforeAll(async () => {
    emulator = await startRestEmulator({ app: 'probe', port: 0, apiKey: 'rahasia', log: (l) => logged.push(l) }, [
      { method: 'GET', path: '/api/item/:id', handle: ({ params }) => (params.id === '1' ? sukses({ id: 1 }) : tidakDitemukan()) },
      { method: 'GET', path: '/api/list', handle: ({ query }) => { const page = pageOf(query); return sukses([page.offset], pageInfo(page, 99)); } },
      { method: 'POST', path: '/api/echo', handle: ({ body }) => sukses(body) },
      { method: 'GET', path: '/api/boom', handle: () => { throw new Error('disk full at /var/lib/app'); } },
    ]);
  });
  afterAll(async () => emulator?.stop());

  const get = async (path: string, h: Record<string, string> = headers) => {
    const res = await fetch(`${emulator.url}${path}`, { headers: h });
    return { http: res.status, body: (await res.json()) as Record<string, unknown>, retryAfter: res.headers.get('retry-after') };
  };

  it('answers in the envelope, failures as HTTP 200 with a status, and counts calls per route', async () => {
    const before = emulator.calls.of('GET /api/item/:id');
    expect(await get('/api/item/1')).toMatchObject({ http: 200, body: { status: '00', pesan: 'SUKSES', data: { id: 1 } } });
    expect(await get('/api/item/2')).toMatchObject({ http: 200, body: { status: '14', data: null } });
    expect(await get('/api/boom')).toMatchObject({ http: 200, body: { status: STATUS.KESALAHAN_SISTEM, pesan: 'KESALAHAN SISTEM' } });
    expect(logged.some((l) => l.includes('disk full'))).toBe(true);
    expect(await get('/api/nothing')).toMatchObject({ http: 404, body: { status: '57' } });
    expect(emulator.calls.of('GET /api/item/:id') - before).toBe(2);
  });

  it('refuses a missing or wrong API key with 401 / status 41', async () => {
    expect(await get('/api/item/1', {})).toMatchObject({ http: 401, body: { status: '41' } });
    expect(await get('/api/item/1', { 'X-API-Key': 'rahasiA' })).toMatchObject({ http: 401, body: { status: '41' } });
  });

  it('pages with halaman/per_halaman and a total; refuses nonsense with 05; unreadable JSON with 30', async () => {
    expect(await get('/api/list?halaman=3&per_halaman=10')).toMatchObject({ body: { status: '00', data: [20], halaman: 3, per_halaman: 10, total: 99 } });
    expect(await get('/api/list?halaman=0')).toMatchObject({ body: { status: '05' } });
    expect(await get('/api/list?per_halaman=1000')).toMatchObject({ body: { status: '05' } });
    const res = await fetch(`${emulator.url}/api/echo`, { method: 'POST', headers, body: '{oops' });
    expect(await res.json()).toMatchObject({ status: '30' });
  });

  it('slows answers on demand, stops for real and starts again on the same port', async () => {
    emulator.setLatency(200);
    let started = performance.now();
    await get('/api/item/1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    emulator.setLatency(0);
    const port = emulator.port;
    await emulator.stop();
    expect(emulator.running).toBe(false);
    await expect(fetch(`${emulator.url}/api/item/1`, { headers })).rejects.toThrow();
    await emulator.restart();
    expect(emulator.port).toBe(port);
    started = performance.now();
    expect(await get('/api/item/1')).toMatchObject({ body: { status: '00' } });
  });

  it('rate-limits per API key with 429, status 91 and Retry-After', async () => {
    const limited = await startRestEmulator({ app: 'probe', port: 0, apiKey: 'k', rateLimit: { requests: 2, windowMs: 10_000 } }, [{ method: 'GET', path: '/p', handle: () => sukses(1) }]);
    try {
      const call = () => fetch(`${limited.url}/p`, { headers: { 'X-API-Key': 'k' } });
      expect((await call()).status).toBe(200);
      expect((await call()).status).toBe(200);
      const third = await call();
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await third.json()).toMatchObject({ status: '91' });
    } finally {
      await limited.stop();
    }
  });

  it('shows dates the legacy way', () => {
    expect(legacyDate('2026-01-05')).toBe('05-01-2026');
    expect(legacyDate(null, '00-00-0000')).toBe('00-00-0000');
    expect(legacyDateTime('2026-01-05 14:03:09')).toBe('05-01-2026 14:03:09');
    expect(isoFromLegacyDate('05-01-2026')).toBe('2026-01-05');
    expect(isoFromLegacyDate('2026-01-05')).toBeUndefined();
  });
});
