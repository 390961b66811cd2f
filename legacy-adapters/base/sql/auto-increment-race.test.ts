import { isAutoIncrementRace, retryingAutoIncrementRace } from './auto-increment-race';

describe('auto-increment races on MariaDB', () => {
  it('recognises the error however it is wrapped', () => {
    expect(isAutoIncrementRace({ code: 'ER_AUTOINC_READ_FAILED' })).toBe(true);
    expect(isAutoIncrementRace({ cause: { errno: 1467 } })).toBe(true);
    expect(isAutoIncrementRace({ code: 'ER_DUP_ENTRY' })).toBe(false);
    expect(isAutoIncrementRace(undefined)).toBe(false);
  });

  it('tries again after a race, passes other errors on at once, and gives up as LEGACY_UNAVAILABLE', async () => {
    let calls = 0;
    await expect(retryingAutoIncrementRace('kecamatan', async () => {
      calls += 1;
      if (calls < 3) throw Object.assign(new Error('Failed to read auto-increment value from storage engine'), { errno: 1467 });
      return 'written';
    })).resolves.toBe('written');
    expect(calls).toBe(3);
    calls = 0;
    await expect(retryingAutoIncrementRace('kecamatan', async () => {
      calls += 1;
      throw new Error('other');
    })).rejects.toThrow('other');
    expect(calls).toBe(1);
    await expect(retryingAutoIncrementRace('kecamatan', async () => {
      throw Object.assign(new Error('race'), { code: 'ER_AUTOINC_READ_FAILED' });
    })).rejects.toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE', app: 'kecamatan' } });
  });
});
