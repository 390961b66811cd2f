import { z } from 'zod';
import { Cancelled, deadlineIn, startDeadline, type Deadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { legacyErrors, legacyStatements } from '@core/metrics';
import { resilienceEnvSchema, resilienceFromEnv, resilienceSettings, type ResilienceInput } from './config';
import { LegacyFault } from './fault';
import { legacyBreakerOpen } from './metrics';
import { ResiliencePolicy, type LegacyAttempt } from './policy';

/** The policy on its own, with attempts that fail, hang or answer as each test needs. */
let appNumber = 0;
const policies: ResiliencePolicy[] = [];
function policy(input: ResilienceInput = {}): ResiliencePolicy {
  appNumber += 1;
  const p = new ResiliencePolicy(`probe-${appNumber}`, resilienceSettings({ timeoutMs: 1_000, backoffInitialMs: 5, backoffMaxMs: 20, ...input }));
  policies.push(p);
  return p;
}
afterAll(() => policies.forEach((p) => p.dispose()));

const unhurried = () => deadlineIn(10_000);
const unavailable = () => Promise.reject(new LegacyFault('unavailable', 'connect ECONNREFUSED 10.0.0.7:8080'));
const hang: LegacyAttempt<never> = (signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));

/** An attempt that records how often it ran and the signals it was given. */
function recorder<T>(answers: Array<(signal: AbortSignal) => Promise<T>>): { attempt: LegacyAttempt<T>; calls: number; signals: AbortSignal[]; times: number[] } {
  const state = {
    calls: 0,
    signals: [] as AbortSignal[],
    times: [] as number[],
    attempt: (signal: AbortSignal) => {
      state.signals.push(signal);
      state.times.push(performance.now());
      const answer = answers[Math.min(state.calls, answers.length - 1)]!;
      state.calls += 1;
      return answer(signal);
    },
  };
  return state;
}

async function failure(promise: Promise<unknown>): Promise<{ error: GerbangError; ms: number }> {
  const started = performance.now();
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof GerbangError)) throw new Error(`expected a GerbangError, got ${String(error)}`);
  return { error, ms: performance.now() - started };
}

async function metric(counter: { get(): Promise<{ values: Array<{ labels: Record<string, unknown>; value: number }> }> }, labels: Record<string, string>): Promise<number> {
  const { values } = await counter.get();
  return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('resilience policy: circuit breaker', () => {
  it('opens after the threshold of consecutive failures and then answers at once without calling the app', async () => {
    const p = policy({ breakerThreshold: 3, retries: 0, halfOpenAfterMs: 60_000 });
    const calls = recorder([unavailable]);
    for (let i = 0; i < 3; i += 1) {
      const { error } = await failure(p.read(unhurried(), calls.attempt));
      expect(error.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: p.app });
      expect(error.extensions.reason).toBeUndefined();
    }
    expect(p.health()).toBe('breaker-open');
    expect(await metric(legacyBreakerOpen, { app: p.app })).toBe(1);

    const { error, ms } = await failure(p.read(unhurried(), calls.attempt));
    expect(error.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: p.app, reason: 'BREAKER_OPEN' });
    expect(ms).toBeLessThan(50);
    await expect(p.write(unhurried(), calls.attempt)).rejects.toMatchObject({ extensions: { reason: 'BREAKER_OPEN' } });
    expect(calls.calls).toBe(3);
    expect(p.callCount).toBe(3);
    // The message names the app and nothing of the legacy side.
    expect(error.message).not.toMatch(/10\.0\.0\.7|ECONN/);
  });

  it('a success in between resets the count of consecutive failures', async () => {
    const p = policy({ breakerThreshold: 2, retries: 0 });
    const calls = recorder([unavailable, () => Promise.resolve('ok'), unavailable, () => Promise.resolve('ok')]);
    for (let i = 0; i < 4; i += 1) await p.read(unhurried(), calls.attempt).catch(() => undefined);
    expect(p.health()).toBe('up');
    expect(calls.calls).toBe(4);
  });

  it('half-opens after the configured time: one probe goes through while others still fail fast; a success closes it', async () => {
    const p = policy({ breakerThreshold: 1, retries: 0, halfOpenAfterMs: 150 });
    await failure(p.read(unhurried(), unavailable));
    expect(p.health()).toBe('breaker-open');
    await sleep(200);
    let release: (value: string) => void = () => undefined;
    const probe = p.read(unhurried(), () => new Promise<string>((resolve) => (release = resolve)));
    await sleep(10);
    // A second call during the probe is not queued behind it.
    const during = recorder([() => Promise.resolve('not sent')]);
    const { error, ms } = await failure(p.read(unhurried(), during.attempt));
    expect(error.extensions.reason).toBe('BREAKER_OPEN');
    expect(ms).toBeLessThan(50);
    expect(during.calls).toBe(0);
    release('recovered');
    await expect(probe).resolves.toBe('recovered');
    expect(p.health()).toBe('up');
    expect(await metric(legacyBreakerOpen, { app: p.app })).toBe(0);
    await expect(p.read(unhurried(), () => Promise.resolve(7))).resolves.toBe(7);
  });

  it('opens again when the probe fails', async () => {
    const p = policy({ breakerThreshold: 1, retries: 0, halfOpenAfterMs: 100 });
    await failure(p.read(unhurried(), unavailable));
    await sleep(130);
    const probe = recorder([unavailable]);
    expect((await failure(p.read(unhurried(), probe.attempt))).error.extensions.reason).toBeUndefined();
    expect(probe.calls).toBe(1);
    expect((await failure(p.read(unhurried(), probe.attempt))).error.extensions.reason).toBe('BREAKER_OPEN');
    expect(probe.calls).toBe(1);
  });

  it('does not count refusals, rate limits, the caller\'s deadline or our own bugs against the app', async () => {
    const p = policy({ breakerThreshold: 1, retries: 0 });
    await failure(p.write(unhurried(), () => Promise.reject(new LegacyFault('rejected', 'status 05'))));
    await failure(p.write(unhurried(), () => Promise.reject(new LegacyFault('rate-limited', 'HTTP 429'))));
    await failure(p.write(deadlineIn(30), hang));
    await expect(p.write(unhurried(), () => Promise.reject(new TypeError('mapping bug')))).rejects.toThrow(TypeError);
    expect(p.health()).toBe('up');
    await expect(p.read(unhurried(), () => Promise.resolve('still closed'))).resolves.toBe('still closed');
  });
});

describe('resilience policy: retries', () => {
  it('tries a failed read again, with a pause, and answers when the app recovers', async () => {
    const p = policy({ retries: 2, backoffInitialMs: 20, backoffMaxMs: 40 });
    const calls = recorder([unavailable, unavailable, () => Promise.resolve('third time')]);
    await expect(p.read(unhurried(), calls.attempt)).resolves.toBe('third time');
    expect(calls.calls).toBe(3);
    expect(p.callCount).toBe(3);
    // Each retry waited (decorrelated jitter: at least a little, never more than the maximum).
    expect(calls.times[1]! - calls.times[0]!).toBeGreaterThanOrEqual(1);
    expect(calls.times[2]! - calls.times[0]!).toBeLessThan(500);
  });

  it('never tries a write again', async () => {
    const p = policy({ retries: 3 });
    const calls = recorder([unavailable, () => Promise.resolve('would have doubled the write')]);
    const { error } = await failure(p.write(unhurried(), calls.attempt));
    expect(error.code).toBe('LEGACY_UNAVAILABLE');
    expect(calls.calls).toBe(1);
  });

  it('does not try again what the app refused, nor once the retries are used up', async () => {
    const p = policy({ retries: 2 });
    const refused = recorder([() => Promise.reject(new LegacyFault('rejected', 'status 05'))]);
    await failure(p.read(unhurried(), refused.attempt));
    expect(refused.calls).toBe(1);
    const down = recorder([unavailable]);
    await failure(p.read(unhurried(), down.attempt));
    expect(down.calls).toBe(3);
  });

  it('does not start a retry that the remaining deadline cannot cover, and says so at once', async () => {
    const p = policy({ retries: 3, backoffInitialMs: 400, backoffMaxMs: 800, minAttemptMs: 50 });
    const calls = recorder([unavailable]);
    const { error, ms } = await failure(p.read(deadlineIn(300), calls.attempt));
    expect(calls.calls).toBeLessThanOrEqual(2);
    expect(error.code).toBe('LEGACY_UNAVAILABLE');
    // It gave up when the next pause no longer fit, not at the deadline.
    expect(ms).toBeLessThan(290);
  });

  it('honours a Retry-After from a rate-limited app', async () => {
    const p = policy({ retries: 2, backoffInitialMs: 1, backoffMaxMs: 2 });
    const calls = recorder([() => Promise.reject(new LegacyFault('rate-limited', 'HTTP 429', { retryAfterMs: 250, httpStatus: 429 })), () => Promise.resolve('served')]);
    await expect(p.read(unhurried(), calls.attempt)).resolves.toBe('served');
    expect(calls.calls).toBe(2);
    expect(calls.times[1]! - calls.times[0]!).toBeGreaterThanOrEqual(240);
  });

  it('gives up at once when the Retry-After is longer than the deadline allows', async () => {
    const p = policy({ retries: 2 });
    const calls = recorder([() => Promise.reject(new LegacyFault('rate-limited', 'HTTP 429', { retryAfterMs: 5_000 }))]);
    const { error, ms } = await failure(p.read(deadlineIn(1_000), calls.attempt));
    expect(error.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', reason: 'RATE_LIMITED' });
    expect(calls.calls).toBe(1);
    expect(ms).toBeLessThan(200);
  });

  it('stops waiting between retries when the caller leaves', async () => {
    const p = policy({ retries: 2, backoffInitialMs: 2_000, backoffMaxMs: 2_000 });
    const request = startDeadline(10_000);
    const calls = recorder([unavailable]);
    const pending = failure(p.read(request.deadline, calls.attempt));
    await sleep(50);
    request.callerLeft();
    const { error, ms } = await pending;
    expect(ms).toBeLessThan(500);
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    expect((error.originalError as Cancelled).reason).toBe('CALLER_LEFT');
    expect(calls.calls).toBe(1);
  });
});

describe('resilience policy: time limits', () => {
  it('ends an attempt at the app timeout with LEGACY_TIMEOUT and aborts its signal', async () => {
    const p = policy({ timeoutMs: 80, retries: 0 });
    const calls = recorder([hang]);
    const { error, ms } = await failure(p.read(unhurried(), calls.attempt));
    expect(error.extensions).toMatchObject({ code: 'LEGACY_TIMEOUT', app: p.app });
    expect(ms).toBeGreaterThanOrEqual(70);
    expect(ms).toBeLessThan(400);
    expect(calls.signals[0]!.aborted).toBe(true);
  });

  it('answers at the timeout even when the attempt ignores its signal', async () => {
    const p = policy({ timeoutMs: 60, retries: 0 });
    const { error, ms } = await failure(p.read(unhurried(), () => new Promise((resolve) => setTimeout(resolve, 2_000).unref())));
    expect(error.code).toBe('LEGACY_TIMEOUT');
    expect(ms).toBeLessThan(400);
  });

  it('bounds an attempt by the deadline when that comes first: DEADLINE_EXCEEDED, not the app\'s fault', async () => {
    const p = policy({ timeoutMs: 5_000, retries: 2, breakerThreshold: 1 });
    const calls = recorder([hang]);
    const { error, ms } = await failure(p.read(deadlineIn(100), calls.attempt));
    expect(error.extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED', waitingFor: p.app });
    expect(ms).toBeLessThan(500);
    expect(calls.calls).toBe(1);
    expect(calls.signals[0]!.aborted).toBe(true);
    expect(p.health()).toBe('up');
  });

  it('stops the call at once when the caller hangs up, and records no error for it', async () => {
    const p = policy({ timeoutMs: 5_000 });
    const request = startDeadline(10_000);
    const calls = recorder([hang]);
    const pending = failure(p.read(request.deadline, calls.attempt));
    await sleep(30);
    const left = performance.now();
    request.callerLeft();
    const { error } = await pending;
    expect(performance.now() - left).toBeLessThan(100);
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    expect((error.originalError as Cancelled).reason).toBe('CALLER_LEFT');
    expect(calls.signals[0]!.aborted).toBe(true);
    expect(await metric(legacyErrors, { app: p.app })).toBe(0);
  });

  it('never sends a call whose deadline has passed', async () => {
    const p = policy();
    const calls = recorder([() => Promise.resolve('x')]);
    const deadline: Deadline = deadlineIn(0);
    await expect(p.read(deadline, calls.attempt)).rejects.toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED' } });
    await expect(p.write(deadline, calls.attempt)).rejects.toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED' } });
    expect(calls.calls).toBe(0);
  });
});

describe('resilience policy: metrics and health', () => {
  it('counts every real call and every failure by the code clients saw', async () => {
    const p = policy({ retries: 1, breakerThreshold: 10 });
    await p.read(unhurried(), () => Promise.resolve(1));
    await failure(p.read(unhurried(), unavailable));
    expect(await metric(legacyStatements, { app: p.app })).toBe(3);
    expect(await metric(legacyErrors, { app: p.app, code: 'LEGACY_UNAVAILABLE' })).toBe(2);
    expect(p.health()).toBe('down');
    await p.read(unhurried(), () => Promise.resolve(1));
    expect(p.health()).toBe('up');
  });
});

describe('resilience configuration', () => {
  it('fills defaults and refuses values out of range', () => {
    expect(resilienceSettings()).toMatchObject({ timeoutMs: 3_000, retries: 2, breakerThreshold: 5, halfOpenAfterMs: 10_000 });
    expect(() => resilienceSettings({ retries: -1 })).toThrow();
    expect(() => resilienceSettings({ timeoutMs: 0 })).toThrow();
  });

  it('embeds in a process config schema under an app prefix, with the app\'s own defaults', () => {
    const schema = z.object({ ...resilienceEnvSchema('KTP_CETAK'), OTHER: z.string().default('x') });
    const raw = schema.parse({ KTP_CETAK_TIMEOUT_MS: '1500', KTP_CETAK_RETRIES: '0' });
    expect(resilienceFromEnv(raw, 'KTP_CETAK', { halfOpenAfterMs: 5_000 })).toMatchObject({ timeoutMs: 1_500, retries: 0, breakerThreshold: 5, halfOpenAfterMs: 5_000 });
    expect(schema.safeParse({ KTP_CETAK_BREAKER_THRESHOLD: '0' }).success).toBe(false);
    expect(schema.safeParse({ KTP_CETAK_TIMEOUT_MS: 'soon' }).success).toBe(false);
  });
});
