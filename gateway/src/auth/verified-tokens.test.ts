import { VerifiedTokens } from './verified-tokens';

describe('verified tokens remembered until they expire', () => {
  const now = 1_000_000_000;

  it('remembers a token until its expiry or the longest age, whichever is first', () => {
    const cache = new VerifiedTokens<string>(10, 60_000);
    cache.set('a', 'caller-a', now / 1000 + 30, now);
    cache.set('b', 'caller-b', now / 1000 + 3_600, now);
    expect(cache.get('a', now + 29_999)).toBe('caller-a');
    expect(cache.get('a', now + 30_000)).toBeUndefined();
    expect(cache.get('b', now + 59_999)).toBe('caller-b');
    expect(cache.get('b', now + 60_000)).toBeUndefined();
  });

  it('does not remember an expired token, and forgets the oldest when full', () => {
    const cache = new VerifiedTokens<number>(3, 60_000);
    cache.set('old', 0, now / 1000 - 1, now);
    expect(cache.get('old', now)).toBeUndefined();
    for (let i = 0; i < 5; i += 1) cache.set(`t${i}`, i, now / 1000 + 600, now);
    expect(cache.size).toBe(3);
    expect(cache.get('t0', now)).toBeUndefined();
    expect(cache.get('t4', now)).toBe(4);
  });
});
