import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import type { Logger } from '@core/log';
import { createRateLimits, redactedUrl, type RateLimitDecision, type RateLimitRequest, type RateLimitSettings } from '../../gateway/src/rate-limit';
import { deleteRedisKeys, redisProblem, REPO_ROOT, serversRequired, testRedisUrl } from '../support/redis';
import type { RateLimitWorkerJob, RateLimitWorkerResult } from '../support/rate-limit-worker';
import { tcpProxy } from '../support/tcp-proxy';

/**
 * Two separate Node processes — two gateway replicas as far as rate limiting goes — share one
 * Redis and enforce one limit together: 10 per minute, 8 attempts each, exactly 10 allowed.
 * Needs a real Redis (REDIS_URL, default redis://127.0.0.1:6379); skipped with a message when it
 * cannot be reached, failed instead when GERBANG_REQUIRE_SERVERS=1.
 */
const url = testRedisUrl();
const shown = redactedUrl(url);
const problem = redisProblem(url);
const TITLE = 'rate limits shared through Redis by two gateway processes';

function runWorkers(jobs: RateLimitWorkerJob[]): Promise<RateLimitWorkerResult[]> {
  const workers = jobs.map((job) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'tests', 'support', 'rate-limit-worker.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, RATE_LIMIT_WORKER: JSON.stringify(job) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    const outputs: string[] = [];
    let onLine: (() => void) | undefined;
    lines.on('line', (line) => {
      outputs.push(line);
      onLine?.();
    });
    // 'close', not 'exit': a worker that answers and exits at once may be seen exiting before its
    // last line is read; 'close' comes after its output has all been read.
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    const failed = exited.then((code) => Promise.reject(new Error(`worker ${child.pid} exited with ${code} before answering: ${stderr.trim()}`)));
    failed.catch(() => undefined);
    const line = (index: number) =>
      Promise.race([
        new Promise<string>((resolve) => {
          const check = () => (outputs.length > index ? resolve(outputs[index]!) : undefined);
          onLine = check;
          check();
        }),
        failed,
      ]);
    return { child, line, exited, stderr: () => stderr };
  });
  return (async () => {
    try {
      // Both connected to Redis before either counts anything: then they run at the same time.
      await Promise.all(workers.map(async (w) => expect(await w.line(0)).toBe('ready')));
      for (const w of workers) w.child.stdin.write('go\n');
      const results = await Promise.all(workers.map(async (w) => JSON.parse(await w.line(1)) as RateLimitWorkerResult));
      const codes = await Promise.all(workers.map((w) => w.exited));
      expect(codes).toEqual(jobs.map(() => 0));
      return results;
    } finally {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill();
    }
  })();
}

const allowed = (decisions: RateLimitDecision[]) => decisions.filter((d) => d.allowed).length;
const times = (n: number, request: RateLimitRequest) => Array.from({ length: n }, () => request);

if (problem && serversRequired()) {
  describe(TITLE, () => {
    it(`reaches Redis at ${shown}`, () => {
      throw new Error(`Redis at ${shown} cannot be reached (${problem}); GERBANG_REQUIRE_SERVERS=1 makes this a failure, not a skip.`);
    });
  });
} else if (problem) {
  const message = `SKIPPED: Redis at ${shown} cannot be reached (${problem}); start it or set REDIS_URL`;
  // jest lists no test names for a file where everything is skipped: say it where it shows.
  console.warn(`${TITLE} — ${message}`);
  describe(TITLE, () => {
    it.skip(message, () => undefined);
  });
} else {
  describe(TITLE, () => {
    // Every run has keys of its own, removed at the end.
    const keyPrefix = `gerbang-test:rl:${process.pid}:${randomUUID().slice(0, 8)}`;
    const settings = (overrides: Partial<RateLimitSettings>): RateLimitSettings => ({
      perPrincipal: { points: 1_000, durationS: 60 },
      perAddress: { points: 1_000, durationS: 60 },
      redisUrl: url,
      keyPrefix,
      ...overrides,
    });
    let redis: Redis;

    beforeAll(() => {
      redis = new Redis(url, { maxRetriesPerRequest: 1 });
    });
    afterAll(async () => {
      redis.disconnect();
      await deleteRedisKeys(url, keyPrefix);
      const check = new Redis(url, { maxRetriesPerRequest: 1 });
      const [, left] = await check.scan('0', 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
      check.disconnect();
      expect(left).toEqual([]);
    });

    it('one address limit: 10 per minute, 8 attempts in each process, exactly 10 allowed', async () => {
      const request: RateLimitRequest = { principalKey: undefined, address: '198.51.100.7', tenant: 'tangsel' };
      const job: RateLimitWorkerJob = { settings: settings({ perAddress: { points: 10, durationS: 60 } }), requests: times(8, request) };
      const [a, b] = await runWorkers([job, job]);
      expect(a!.pid).not.toBe(b!.pid);
      expect([a!.store, b!.store]).toEqual(['redis', 'redis']);
      expect(allowed(a!.decisions) + allowed(b!.decisions)).toBe(10);
      for (const refusal of [...a!.decisions, ...b!.decisions].filter((d) => !d.allowed)) {
        expect(refusal).toEqual({ allowed: false, retryAfterS: expect.any(Number), limit: 'address' });
        const retryAfterS = (refusal as { retryAfterS: number }).retryAfterS;
        expect(retryAfterS).toBeGreaterThanOrEqual(1);
        expect(retryAfterS).toBeLessThanOrEqual(60);
      }
      // The count is in Redis, under this run's prefix, expiring with the window.
      const key = `${keyPrefix}:address:tangsel:198.51.100.7`;
      expect(Number(await redis.get(key))).toBeGreaterThanOrEqual(10);
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    });

    it('one principal limit across processes and addresses; another tenant counts apart', async () => {
      const base = settings({ perPrincipal: { points: 10, durationS: 60 } });
      const budi = (address: string, tenant = 'tangsel'): RateLimitRequest => ({ principalKey: 'user:budi', address, tenant });
      const [a, b] = await runWorkers([
        { settings: base, requests: times(8, budi('203.0.113.1')) },
        { settings: base, requests: [...times(8, budi('2001:db8:7::1')), ...times(3, budi('2001:db8:7::1', 'batang'))] },
      ]);
      const tangsel = [...a!.decisions, ...b!.decisions.slice(0, 8)];
      expect(allowed(tangsel)).toBe(10);
      for (const refusal of tangsel.filter((d) => !d.allowed)) expect(refusal).toMatchObject({ allowed: false, limit: 'principal' });
      expect(b!.decisions.slice(8)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    });

    it('when Redis goes away: limits from memory at once, says so once, and shares again when it is back', async () => {
      const target = new URL(url);
      const proxy = await tcpProxy(target.hostname.replace(/^\[|\]$/g, ''), Number(target.port || 6379));
      const viaProxy = new URL(url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      const logs: string[] = [];
      const logger = { warn: (m: string) => logs.push(`warn ${m}`), info: (m: string) => logs.push(`info ${m}`), error: (m: string) => logs.push(`error ${m}`), debug: () => undefined } as unknown as Logger;
      const limits = createRateLimits(settings({ redisUrl: viaProxy.toString(), perAddress: { points: 5, durationS: 60 } }), { logger });
      const request: RateLimitRequest = { principalKey: undefined, address: '192.0.2.55', tenant: 'tangsel' };
      const key = `${keyPrefix}:address:tangsel:192.0.2.55`;
      try {
        expect(await limits.connected(5_000)).toBe(true);
        expect(allowed([await limits.consume(request), await limits.consume(request)])).toBe(2);
        expect(await redis.get(key)).toBe('2');

        await proxy.stop();
        await new Promise((resolve) => setTimeout(resolve, 300));
        const started = performance.now();
        const during: RateLimitDecision[] = [];
        for (let i = 0; i < 7; i++) during.push(await limits.consume(request));
        // No request waits for Redis; each replica counts on its own, from zero.
        expect(performance.now() - started).toBeLessThan(500);
        expect(allowed(during)).toBe(5);
        expect(during[5]).toMatchObject({ allowed: false, limit: 'address' });
        expect(await redis.get(key)).toBe('2');

        await proxy.start();
        expect(await limits.connected(10_000)).toBe(true);
        // Back on the shared count: 2 used before the outage, 3 left.
        const after: RateLimitDecision[] = [];
        for (let i = 0; i < 5; i++) after.push(await limits.consume(request));
        expect(allowed(after)).toBe(3);
        expect(Number(await redis.get(key))).toBeGreaterThanOrEqual(5);
        expect(logs.filter((l) => l.startsWith('warn'))).toEqual([expect.stringContaining('Redis cannot be reached')]);
        expect(logs.filter((l) => l.startsWith('info'))).toEqual([expect.stringContaining('Redis is back')]);
      } finally {
        await limits.close();
        await proxy.stop();
      }
    });
  });
}
