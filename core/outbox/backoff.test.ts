import { ErrorCode, GerbangError, legacyTimeout, legacyUnavailable } from '@core/errors';
import { retryDelay } from './backoff';
import { classifyDeliveryFailure, PermanentDeliveryError } from './errors';
import { requestHash } from './idempotency';

describe('retry delay', () => {
  const settings = { initialMs: 1_000, maxMs: 60_000 };
  it('doubles per attempt, with jitter in the upper half of the step, capped', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, settings, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect([1, 2, 3, 4].map((n) => retryDelay(n, settings, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(retryDelay(50, settings, () => 1)).toBe(60_000);
    expect(retryDelay(10_000, settings, () => 0)).toBe(30_000);
  });
});

describe('delivery failures', () => {
  it('retries what may succeed later, stops at what the application refused', () => {
    expect(classifyDeliveryFailure(legacyUnavailable('siak', new Error('connect ECONNREFUSED 10.0.0.1')))).toMatchObject({ permanent: false, code: 'LEGACY_UNAVAILABLE' });
    expect(classifyDeliveryFailure(legacyTimeout('siak'))).toMatchObject({ permanent: false, code: 'LEGACY_TIMEOUT' });
    expect(classifyDeliveryFailure(new GerbangError(ErrorCode.CONFLICT, 'already registered'))).toMatchObject({ permanent: true, code: 'CONFLICT' });
    expect(classifyDeliveryFailure(new PermanentDeliveryError('DEATH_ALREADY_REGISTERED', 'another deed exists'))).toEqual({ permanent: true, code: 'DEATH_ALREADY_REGISTERED', message: 'another deed exists' });
    // A bug of ours: retried, and its message (which may hold SQL or paths) is not recorded.
    const bug = classifyDeliveryFailure(new Error('SELECT * FROM /var/secret.sqlite failed'));
    expect(bug).toMatchObject({ permanent: false, code: 'INTERNAL_ERROR' });
    expect(bug.message).not.toMatch(/SELECT|secret/);
  });
});

describe('a Retry-After from the application', () => {
  it('is kept on a transient failure (a throttled gateway), never on a refusal or without one', () => {
    const throttled = new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'busy', { app: 'notifikasi', reason: 'RATE_LIMITED', retryable: true, retryAfterMs: 2_000 });
    expect(classifyDeliveryFailure(throttled)).toEqual({ permanent: false, code: 'LEGACY_UNAVAILABLE', message: 'busy', retryAfterMs: 2_000 });
    expect(classifyDeliveryFailure(legacyUnavailable('siak', new Error('down')))).not.toHaveProperty('retryAfterMs');
    expect(classifyDeliveryFailure(new GerbangError(ErrorCode.CONFLICT, 'no', { retryAfterMs: 2_000 }))).not.toHaveProperty('retryAfterMs');
    expect(classifyDeliveryFailure(new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'odd', { retryAfterMs: -5 }))).not.toHaveProperty('retryAfterMs');
  });
});

describe('request hash', () => {
  it('is the same for the same input in any key order, and differs otherwise', () => {
    expect(requestHash('registerDeath', { a: 1, b: { c: [1, 2], d: 'x' } })).toBe(requestHash('registerDeath', { b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(requestHash('registerDeath', { a: 1 })).not.toBe(requestHash('registerDeath', { a: 2 }));
    expect(requestHash('registerDeath', { a: 1 })).not.toBe(requestHash('registerBirth', { a: 1 }));
    expect(requestHash('x', { a: 1, b: undefined })).toBe(requestHash('x', { a: 1 }));
  });
});
