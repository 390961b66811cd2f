import { buildKk, checkKk } from './kk';

describe('KK numbers', () => {
  it('round-trips through build and check', () => {
    const kk = buildKk('36.74.03', '2015-06-30', 41);
    expect(kk).toBe('3674033006150041');
    expect(checkKk(kk)).toEqual({ ok: true, number: kk, kecamatanCode: '36.74.03' });
  });

  it.each([
    ['12345', 'NOT_16_DIGITS'],
    ['3674033206150041', 'BAD_DATE'],
    ['3674033013150041', 'BAD_DATE'],
    ['3674033006150000', 'ZERO_SERIAL'],
    ['9974033006150041', 'UNKNOWN_REGION'],
  ])('rejects %s as %s', (kk, problem) => {
    const check = checkKk(kk);
    expect(!check.ok && check.problem).toBe(problem);
  });
});
