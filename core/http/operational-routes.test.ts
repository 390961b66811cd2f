import { GerbangError, legacyTimeout, legacyUnavailable } from '@core/errors';
import { cachedReadiness, NotReady, runReadiness } from './operational-routes';

describe('readiness', () => {
  it('names each check with a short state and never an error\'s details', async () => {
    const states = await runReadiness({
      siak: async () => undefined,
      'ktp-rekam': async () => Promise.reject(legacyUnavailable('ktp-rekam', new Error('connect ECONNREFUSED 10.0.0.7:3306'))),
      kia: async () => Promise.reject(legacyTimeout('kia')),
      ikd: async () => Promise.reject(new Error('getaddrinfo ENOTFOUND ikd.internal')),
      tte: async () => Promise.reject(new NotReady('unreachable')),
      arsip: () => new Promise(() => undefined),
    }, 100);
    expect(states).toEqual({ siak: 'ready', 'ktp-rekam': 'unavailable', kia: 'timeout', ikd: 'unavailable', tte: 'unreachable', arsip: 'timeout' });
    expect(JSON.stringify(states)).not.toMatch(/10\.0\.0\.7|ENOTFOUND|internal/);
    expect(new GerbangError('FORBIDDEN', 'x').code).toBe('FORBIDDEN');
  });

  it('answers from a recent result, and concurrent probes share one run', async () => {
    let runs = 0;
    const probe = cachedReadiness(async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 20));
      return { siak: 'ready' };
    }, 200);
    await Promise.all([probe(), probe(), probe()]);
    await probe();
    expect(runs).toBe(1);
    await new Promise((r) => setTimeout(r, 250));
    await probe();
    expect(runs).toBe(2);
  });
});
