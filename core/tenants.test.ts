import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instanceTenantFrom, localDateTimeIn, Tenants, todayIn } from './tenants';
import { settingFrom } from './config/load';
import { ageOn } from './domain/age';

describe('tenants', () => {
  it('loads the committed tenants with their regencies and time zones', () => {
    const tenants = Tenants.load();
    expect(tenants.ids().sort()).toEqual(['batang', 'tangsel']);
    expect(tenants.get('tangsel')).toEqual({ id: 'tangsel', name: 'Kota Tangerang Selatan', regencyCode: '36.74', timeZone: 'Asia/Jakarta' });
    expect(tenants.get('batang')?.regencyCode).toBe('33.25');
  });

  it('refuses a tenant file with every problem named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gerbang-tenants-'));
    try {
      writeFileSync(join(dir, 'bogor.json'), JSON.stringify({ id: 'bogor', name: 'Kabupaten Bogor', regencyCode: '32.01', timeZone: 'Asia/Jakarta' }));
      writeFileSync(join(dir, 'kotay.json'), JSON.stringify({ id: 'kotay', name: 'Kota Y', regencyCode: '36.74', timeZone: 'Mars/Olympus' }));
      writeFileSync(join(dir, 'z.json'), JSON.stringify({ id: 'tangsel', name: 'Kota Tangerang Selatan', regencyCode: '36.74', timeZone: 'Asia/Jakarta' }));
      expect(() => Tenants.load(dir)).toThrow(/bogor\.json: regencyCode: a regency code[\s\S]*kotay\.json: timeZone: an IANA time zone[\s\S]*z\.json: the file name must be the tenant id/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tells today\'s date on the tenant\'s calendar, not the server\'s', () => {
    // 17:30 UTC is already 00:30 the next day in Jakarta (UTC+7).
    const late = new Date('2026-11-30T17:30:00Z');
    expect(todayIn('Asia/Jakarta', late)).toBe('2026-12-01');
    expect(todayIn('UTC', late)).toBe('2026-11-30');
  });

  it('writes local wall-clock time as legacy applications store it', () => {
    expect(localDateTimeIn('Asia/Jakarta', new Date('2026-11-30T17:30:05Z'))).toBe('2026-12-01 00:30:05');
  });

  it('counts a birthday that has begun in Jakarta while the server is still on the day before', () => {
    const late = new Date('2026-11-30T17:30:00Z');
    expect(ageOn('2009-12-01', todayIn('Asia/Jakarta', late))).toBe(17);
    expect(ageOn('2009-12-01', todayIn('UTC', late))).toBe(16);
    expect(ageOn(null, '2026-12-01')).toBeNull();
  });

  it('narrows the tenants to the one an instance serves, or names the variable that names an unknown one', () => {
    const problems: string[] = [];
    const served = instanceTenantFrom(Tenants.load(), 'MOBILITY_TENANT', ' tangsel ', problems);
    expect(served?.tenant.id).toBe('tangsel');
    expect(served?.tenants.ids()).toEqual(['tangsel']);
    expect(instanceTenantFrom(Tenants.load(), 'MOBILITY_TENANT', 'atlantis', problems)).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(/^MOBILITY_TENANT: unknown tenants: atlantis/)]);
  });

  it('collects a setting that cannot be built as a problem, so that all are reported at once', () => {
    const problems: string[] = [];
    expect(settingFrom(problems, () => 42)).toBe(42);
    expect(settingFrom(problems, () => { throw new Error('GERBANG_OUTBOX_LEASE_MS must exceed the delivery timeout'); })).toBeUndefined();
    expect(problems).toEqual(['GERBANG_OUTBOX_LEASE_MS must exceed the delivery timeout']);
  });
});
