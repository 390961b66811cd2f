import { buildNik, checkNik } from './nik';

describe('checkNik', () => {
  it('reads region, sex and birth date from a man\'s NIK', () => {
    const check = checkNik('3674011708850003');
    expect(check).toEqual({ ok: true, parts: { nik: '3674011708850003', kecamatanCode: '36.74.01', sex: 'MALE', day: 17, month: 8, yearOfCentury: 85, serial: 3 } });
  });

  it('takes 40 off the day for women', () => {
    const check = checkNik('3674035708900001');
    expect(check.ok && check.parts).toMatchObject({ sex: 'FEMALE', day: 17, month: 8 });
  });

  it.each([
    ['367401170885000', 'NOT_16_DIGITS'],
    ['36740117088500031', 'NOT_16_DIGITS'],
    ['36740117O8850003', 'NOT_16_DIGITS'],
    ['3674013208850003', 'BAD_DAY'],
    ['3674017208850003', 'BAD_DAY'],
    ['3674010008850003', 'BAD_DAY'],
    ['3674011713850003', 'BAD_MONTH'],
    ['3674011700850003', 'BAD_MONTH'],
    ['3674011708850000', 'ZERO_SERIAL'],
    ['3674991708850003', 'UNKNOWN_REGION'],
    ['3674001708850003', 'UNKNOWN_REGION'],
  ])('rejects %s as %s', (nik, problem) => {
    const check = checkNik(nik);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problem).toBe(problem);
  });

  it('accepts Batang kecamatan codes (people who moved in keep their NIK)', () => {
    expect(checkNik('3325011708850003').ok).toBe(true);
  });
});

describe('buildNik', () => {
  it('builds what checkNik reads back', () => {
    const nik = buildNik('36.74.06', '2001-02-09', 'FEMALE', 12);
    expect(nik).toBe('3674064902010012');
    expect(checkNik(nik)).toMatchObject({ ok: true, parts: { sex: 'FEMALE', day: 9, month: 2, yearOfCentury: 1, serial: 12 } });
  });

  it('refuses serials a NIK cannot hold', () => {
    expect(() => buildNik('36.74.06', '2001-02-09', 'MALE', 0)).toThrow(/serial/);
    expect(() => buildNik('36.74.06', '2001-02-09', 'MALE', 10_000)).toThrow(/serial/);
  });
});
