import { requireKk, requireNik, requireRegionCode } from './validation';

describe('identifier validation at the edge', () => {
  it('passes valid identifiers through, trimmed', () => {
    expect(requireNik(' 3674011708850003 ')).toBe('3674011708850003');
    expect(requireKk('3674033006150041')).toBe('3674033006150041');
  });

  it('names the argument and the reason of a bad NIK or KK', () => {
    expect(() => requireNik('123', 'nikIbu')).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', argument: 'nikIbu', reason: 'NOT_16_DIGITS' } }));
    expect(() => requireKk('3674033006150000')).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', argument: 'number', reason: 'ZERO_SERIAL' } }));
  });

  it('accepts regency, kecamatan and kelurahan codes and refuses unknown ones and provinces', () => {
    expect(requireRegionCode('36.74').level).toBe('regency');
    expect(requireRegionCode('36.74.01').name).toBe('Serpong');
    expect(requireRegionCode('33.25.01.2001').level).toBe('village');
    for (const code of ['36.74.99', '36', '99.99', '']) {
      expect(() => requireRegionCode(code, 'filter.regionCode')).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', argument: 'filter.regionCode', reason: 'UNKNOWN_REGION' } }));
    }
  });
});
