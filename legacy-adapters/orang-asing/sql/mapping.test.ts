import { decodeNationality, decodePermitType, decodeSex, normalPassport, regionColumns, skttPrefix, toForeignResident, toOrangAsingValues, type OrangAsingRow } from './mapping';

const row: OrangAsingRow = {
  NO_SKTT: '3674-SKTT-12032018-0002', NO_PASPOR: 'tk 1234567', KWRNGRN: 'JEPANG', NAMA_LGKP: 'HIROSHI  TANAKA', JENIS_KLMIN: '1',
  TGL_LHR: '1980-05-02', JENIS_IZIN: 'ITAS', NO_IZIN: '2C11A1234BC', TGL_AKHIR_IZIN: '2026-01-20', SPONSOR: '', ALAMAT: 'JL. MELATI 3',
  NO_RT: 2, NO_RW: 5, NO_PROP: 36, NO_KAB: 74, NO_KEC: 1, NO_KEL: 1003, TGL_ENTRI: '2018-03-12 09:00:00', REF_GERBANG: null,
};

describe('orang-asing mapping', () => {
  it('decodes a pre-2019 row into domain terms', () => {
    expect(toForeignResident(row)).toEqual({
      registrationNumber: '3674-SKTT-12032018-0002', passportNumber: 'TK1234567', nationality: 'JPN', name: 'HIROSHI TANAKA', sex: 'MALE',
      birthDate: '1980-05-02', permit: { type: 'KITAS', number: '2C11A1234BC', expiresOn: '2026-01-20' }, sponsor: null, street: 'JL. MELATI 3',
      rt: 2, rw: 5, kelurahanCode: '36.74.01.1003', registeredAt: expect.stringMatching(/^2018-03-12T09:00:00/), reference: null,
    });
  });

  it('reads nationalities as codes or old names, permit types old and new, sex codes', () => {
    expect(['KOR', 'korea selatan', 'AMERIKA SERIKAT', 'ATLANTIS', null].map(decodeNationality)).toEqual(['KOR', 'KOR', 'USA', null, null]);
    expect(['KITAS', 'KITAP', 'ITAP', 'itas ', 'VISA', null].map(decodePermitType)).toEqual(['KITAS', 'KITAP', 'KITAP', 'KITAS', null, null]);
    expect([1, '2', 9, null].map(decodeSex)).toEqual(['MALE', 'FEMALE', null, null]);
    expect(normalPassport(' ab 12 34 ')).toBe('AB1234');
  });

  it('reads region codes at every level, and refuses others', () => {
    expect(regionColumns('36.74')).toEqual({ NO_PROP: 36, NO_KAB: 74 });
    expect(regionColumns('36.74.01.1003')).toEqual({ NO_PROP: 36, NO_KAB: 74, NO_KEC: 1, NO_KEL: 1003 });
    expect(regionColumns('3674')).toBeUndefined();
    expect(regionColumns("36.74'; --")).toBeUndefined();
  });

  it('writes a registration as the register does', () => {
    const values = toOrangAsingValues({
      clientReference: 'REF-1', passportNumber: 'e 1234', nationality: 'chn', name: ' Wei  Wang ', sex: 'FEMALE', birthDate: '1990-01-01',
      permitType: 'KITAP', permitNumber: '2c2', permitExpiresOn: '2030-01-01', street: 'Jl. Mawar', rt: 1, rw: 2, kelurahanCode: '36.74.02.1001',
    }, '2026-11-30 10:00:00', 'GERBANG');
    expect(values).toMatchObject({ NO_PASPOR: 'E1234', KWRNGRN: 'CHN', NAMA_LGKP: 'WEI WANG', JENIS_KLMIN: 2, JENIS_IZIN: 'KITAP', NO_IZIN: '2C2', SPONSOR: null, NO_KEC: 2, NO_KEL: 1001, REF_GERBANG: 'REF-1' });
    expect(skttPrefix('36.74', '2026-11-30')).toBe('3674-SKTT-30112026-');
  });
});
