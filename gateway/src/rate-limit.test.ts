import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@core/log';
import {
  addressKeyOf,
  createRateLimits,
  parseRateLimitRule,
  principalKeyOf,
  rateLimitedAnswer,
  sendRateLimited,
  type RateLimitDecision,
  type RateLimitRequest,
  type RateLimits,
  type RateLimitSettings,
} from './rate-limit';

const settings = (overrides: Partial<RateLimitSettings> = {}): RateLimitSettings => ({
  perPrincipal: { points: 5, durationS: 60 },
  perAddress: { points: 8, durationS: 60 },
  keyPrefix: 'test',
  ...overrides,
});

async function consumeTimes(limits: RateLimits, request: RateLimitRequest, times: number): Promise<RateLimitDecision[]> {
  const out: RateLimitDecision[] = [];
  for (let i = 0; i < times; i++) out.push(await limits.consume(request));
  return out;
}

const allowedCount = (decisions: RateLimitDecision[]) => decisions.filter((d) => d.allowed).length;
const anonymous = (address: string, tenant = 'tangsel'): RateLimitRequest => ({ principalKey: undefined, address, tenant });
const user = (id: string, address: string, tenant = 'tangsel'): RateLimitRequest => ({ principalKey: `user:${id}`, address, tenant });

describe('rate limits in memory', () => {
  let limits: RateLimits;
  beforeEach(() => {
    limits = createRateLimits(settings());
  });
  afterEach(() => limits.close());

  it('keeps its counters in memory without a Redis URL', async () => {
    expect(limits.store).toBe('memory');
    await expect(limits.connected()).resolves.toBe(true);
  });

  it('limits an anonymous caller by address, one address at a time', async () => {
    const first = await consumeTimes(limits, anonymous('10.0.0.1'), 10);
    expect(allowedCount(first)).toBe(8);
    expect(first[8]).toEqual({ allowed: false, retryAfterS: expect.any(Number), limit: 'address' });
    // Another address has its own allowance.
    expect(allowedCount(await consumeTimes(limits, anonymous('10.0.0.2'), 8))).toBe(8);
  });

  it('does not apply the principal limit to anonymous callers', async () => {
    // 8 > perPrincipal.points: only the address limit counts.
    expect(allowedCount(await consumeTimes(limits, anonymous('10.0.0.3'), 8))).toBe(8);
  });

  it('limits an authenticated caller by principal, whatever address it comes from', async () => {
    const decisions: RateLimitDecision[] = [];
    for (let i = 0; i < 7; i++) decisions.push(await limits.consume(user('budi', `10.0.1.${i}`)));
    expect(allowedCount(decisions)).toBe(5);
    expect(decisions[5]).toMatchObject({ allowed: false, limit: 'principal' });
    // Another principal is unaffected.
    expect(await limits.consume(user('siti', '10.0.1.0'))).toEqual({ allowed: true });
  });

  it('limits an authenticated caller by address too', async () => {
    const decisions: RateLimitDecision[] = [];
    for (let i = 0; i < 10; i++) decisions.push(await limits.consume(user(`officer-${i}`, '10.0.2.1')));
    expect(allowedCount(decisions)).toBe(8);
    expect(decisions[8]).toMatchObject({ allowed: false, limit: 'address' });
  });

  it('keeps tenants apart: the same principal id and address count separately per tenant', async () => {
    expect(allowedCount(await consumeTimes(limits, user('budi', '10.0.3.1', 'tangsel'), 5))).toBe(5);
    expect(await limits.consume(user('budi', '10.0.3.1', 'tangsel'))).toMatchObject({ allowed: false, limit: 'principal' });
    expect(allowedCount(await consumeTimes(limits, user('budi', '10.0.3.1', 'batang'), 5))).toBe(5);
    expect(allowedCount(await consumeTimes(limits, anonymous('10.0.3.2', 'tangsel'), 8))).toBe(8);
    expect(allowedCount(await consumeTimes(limits, anonymous('10.0.3.2', 'batang'), 8))).toBe(8);
  });

  it('cannot be confused by separators in tenant or principal ids', async () => {
    const one = createRateLimits(settings({ perPrincipal: { points: 1, durationS: 60 }, perAddress: null }));
    expect(await one.consume({ principalKey: 'c', address: '10.0.4.1', tenant: 'a:b' })).toEqual({ allowed: true });
    expect(await one.consume({ principalKey: 'b:c', address: '10.0.4.1', tenant: 'a' })).toEqual({ allowed: true });
    await one.close();
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4', async () => {
    expect(allowedCount(await consumeTimes(limits, anonymous('2001:db8:1:2::1'), 4))).toBe(4);
    expect(allowedCount(await consumeTimes(limits, anonymous('2001:db8:1:2:ffff:1:2:3'), 6))).toBe(4);
    expect(allowedCount(await consumeTimes(limits, anonymous('10.0.5.1'), 4))).toBe(4);
    expect(allowedCount(await consumeTimes(limits, anonymous('::ffff:10.0.5.1'), 6))).toBe(4);
  });

  it('applies no limit that is off', async () => {
    const open = createRateLimits(settings({ perAddress: null, perPrincipal: null }));
    expect(allowedCount(await consumeTimes(open, user('budi', '10.0.6.1'), 50))).toBe(50);
    await open.close();
  });

  it('refuses settings that cannot limit anything', () => {
    expect(() => createRateLimits(settings({ perAddress: { points: 0, durationS: 60 } }))).toThrow(/points/);
    expect(() => createRateLimits(settings({ perPrincipal: { points: 5, durationS: 0.5 } }))).toThrow(/durationS/);
  });
});

describe('retry-after', () => {
  afterEach(() => jest.useRealTimers());

  it('is the time left of the window, in whole seconds, and the window ends', async () => {
    jest.useFakeTimers({ now: new Date('2026-03-01T08:00:00Z') });
    const limits = createRateLimits(settings({ perAddress: { points: 2, durationS: 60 } }));
    await consumeTimes(limits, anonymous('10.1.0.1'), 2);
    expect(await limits.consume(anonymous('10.1.0.1'))).toEqual({ allowed: false, retryAfterS: 60, limit: 'address' });
    jest.advanceTimersByTime(20_500);
    expect(await limits.consume(anonymous('10.1.0.1'))).toEqual({ allowed: false, retryAfterS: 40, limit: 'address' });
    jest.advanceTimersByTime(40_000);
    expect(await limits.consume(anonymous('10.1.0.1'))).toEqual({ allowed: true });
    await limits.close();
  });

  it('is the later of the two when both limits refuse', async () => {
    jest.useFakeTimers({ now: new Date('2026-03-01T08:00:00Z') });
    const limits = createRateLimits(settings({ perAddress: { points: 1, durationS: 10 }, perPrincipal: { points: 1, durationS: 300 } }));
    expect(await limits.consume(user('budi', '10.1.1.1'))).toEqual({ allowed: true });
    expect(await limits.consume(user('budi', '10.1.1.1'))).toEqual({ allowed: false, retryAfterS: 300, limit: 'principal' });
    await limits.close();
  });
});

describe('when Redis cannot be reached', () => {
  it('still limits, per process, from memory, without waiting, and says so once', async () => {
    // A port nobody listens on.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const warnings: string[] = [];
    const logger = { warn: (msg: string) => warnings.push(msg), info: () => undefined, error: () => undefined, debug: () => undefined } as unknown as Logger;
    const limits = createRateLimits(settings({ redisUrl: `redis://127.0.0.1:${port}`, perAddress: { points: 3, durationS: 60 } }), { logger });
    try {
      expect(limits.store).toBe('redis');
      expect(await limits.connected(300)).toBe(false);
      const started = performance.now();
      const decisions = await consumeTimes(limits, anonymous('10.2.0.1'), 5);
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(allowedCount(decisions)).toBe(3);
      expect(decisions[3]).toMatchObject({ allowed: false, limit: 'address' });
      // Give ioredis time to fail (and retry) a few times: the outage is logged once.
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(warnings.filter((w) => w.includes('Redis cannot be reached'))).toHaveLength(1);
    } finally {
      await limits.close();
    }
  });
});

describe('helpers', () => {
  it('keys principals by kind and id, anonymous by nothing', () => {
    expect(principalKeyOf({ kind: 'anonymous' })).toBeUndefined();
    expect(principalKeyOf({ kind: 'user', id: 'u-1', roles: [] })).toBe('user:u-1');
    expect(principalKeyOf({ kind: 'service', id: 'kiosk', roles: [] })).toBe('service:kiosk');
  });

  it('normalises addresses', () => {
    expect(addressKeyOf('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKeyOf('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKeyOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKeyOf('2001:DB8:0:0:1:2:3:4')).toBe('2001:db8:0:0::/64');
    expect(addressKeyOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKeyOf('::1')).toBe('0:0:0:0::/64');
    expect(addressKeyOf(undefined)).toBe('unknown');
  });

  it('parses rules as config variables write them', () => {
    expect(parseRateLimitRule('600/60s')).toEqual({ points: 600, durationS: 60 });
    expect(parseRateLimitRule('600/1m')).toEqual({ points: 600, durationS: 60 });
    expect(parseRateLimitRule(' 10000 / 1h ')).toEqual({ points: 10_000, durationS: 3600 });
    expect(parseRateLimitRule('5/30')).toEqual({ points: 5, durationS: 30 });
    expect(parseRateLimitRule('OFF')).toBeNull();
    for (const bad of ['', '600', '0/60s', '600/0s', '600/2d', '-1/60s', '1.5/60s', '600/25h']) expect(parseRateLimitRule(bad)).toBeUndefined();
  });

  it('answers a refusal with 429, Retry-After and a RATE_LIMITED error', async () => {
    expect(rateLimitedAnswer({ allowed: false, retryAfterS: 42, limit: 'principal' })).toEqual({
      status: 429,
      headers: { 'retry-after': '42', 'content-type': 'application/json; charset=utf-8' },
      body: { errors: [{ message: expect.stringContaining('42 s'), extensions: { code: 'RATE_LIMITED', retryAfterS: 42, limit: 'principal' } }] },
    });

    const server: Server = createServer((_req, res) => sendRateLimited(res, { allowed: false, retryAfterS: 7, limit: 'address' }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, { method: 'POST' });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.headers.get('content-type')).toContain('application/json');
      const body: any = await response.json();
      expect(body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterS: 7, limit: 'address' });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
