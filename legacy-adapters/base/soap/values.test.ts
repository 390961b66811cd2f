import { asList, soapDate, soapInt, soapText } from './values';

describe('reading SOAP answers', () => {
  it('takes a repeated element as a list whatever the package made of it', () => {
    expect(asList(undefined)).toEqual([]);
    expect(asList(null)).toEqual([]);
    expect(asList('')).toEqual([]);
    expect(asList({ a: 1 })).toEqual([{ a: 1 }]);
    expect(asList([{ a: 1 }, { a: 2 }])).toHaveLength(2);
  });

  it('reads blanks as null and squeezes stray blanks', () => {
    expect(soapText(undefined)).toBeNull();
    expect(soapText('')).toBeNull();
    expect(soapText(' - ')).toBeNull();
    expect(soapText({})).toBeNull();
    expect(soapText({ $value: ' GEREJA  HKBP ' })).toBe('GEREJA HKBP');
    expect(soapText(3674)).toBe('3674');
    expect(soapInt('07')).toBe(7);
    expect(soapInt(2)).toBe(2);
    expect(soapInt('dua')).toBeNull();
  });

  it('reads the apps\' date spellings, and their empty dates as null', () => {
    expect(soapDate('05/01/2026')).toBe('2026-01-05');
    expect(soapDate('5/1/2026')).toBe('2026-01-05');
    expect(soapDate('05-01-2026')).toBe('2026-01-05');
    expect(soapDate('2026-01-05')).toBe('2026-01-05');
    expect(soapDate('2026-01-05T00:00:00+07:00')).toBe('2026-01-05');
    expect(soapDate('2026-01-05T23:30:00.000Z')).toBe('2026-01-05');
    expect(soapDate('0001-01-01T00:00:00')).toBeNull();
    expect(soapDate('31/02/2026')).toBeNull();
    expect(soapDate('kemarin')).toBeNull();
    expect(soapDate('')).toBeNull();
  });
});
