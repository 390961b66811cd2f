import { clockTime, decodeFlag, decodeStatus, newestFirst, toEnrolment, toOffice, type PerekamanRow } from './mapping';

const row: PerekamanRow = {
  id_perekaman: 7,
  nik: '3674015708900002',
  status_rekam: 'S',
  tgl_rekam: '17-08-2015',
  jam_rekam: '09:05:30',
  tempat_rekam: 'KECAMATAN  PAMULANG ',
  no_prop: 36,
  no_kab: 74,
  no_kec: 2,
  flag_sidik_jari: '1',
  flag_iris: '0',
  flag_foto: '1',
  flag_ttd: '1',
};

describe('t_perekaman to Enrolment', () => {
  it('decodes a row: DD-MM-YYYY date and separate time, office from the region numbers, capture flags', () => {
    expect(toEnrolment(row)).toEqual({
      nik: '3674015708900002',
      status: 'SUCCESSFUL',
      enrolledOn: '2015-08-17',
      enrolledAt: '2015-08-17T09:05:30',
      office: { kind: 'KECAMATAN', regionCode: '36.74.02', name: 'KECAMATAN PAMULANG' },
      biometrics: { fingerprints: true, iris: false, photo: true, signature: true },
    });
  });

  it('decodes the one-letter status codes, in any case, and unknown codes to null', () => {
    expect(['B', 'd', ' S ', 'X', '', null].map(decodeStatus)).toEqual(['NEW', 'DUPLICATE', 'SUCCESSFUL', null, null, null]);
  });

  it('reads capture flags of both software generations (1/0 and Y/T), and nothing else', () => {
    expect(['1', '0', 'Y', 'T', 'y', 1, 0, null, '?'].map(decodeFlag)).toEqual([true, false, true, false, true, true, false, null, null]);
  });

  it('takes no_kec 0 (or empty) as the Dinas, whose region is the regency', () => {
    expect(toOffice({ ...row, no_kec: 0, tempat_rekam: 'DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL' })).toEqual({ kind: 'DINAS', regionCode: '36.74', name: 'DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL' });
    expect(toOffice({ ...row, no_kec: null, tempat_rekam: '  ' })).toEqual({ kind: 'DINAS', regionCode: '36.74', name: null });
    expect(toOffice({ ...row, no_prop: '33', no_kab: '25', no_kec: '7' }).regionCode).toBe('33.25.07');
  });

  it('keeps the date when the time is unreadable, and gives no date for an unreadable one', () => {
    expect(clockTime('8:05')).toBe('08:05:00');
    expect(clockTime('25:00')).toBeNull();
    expect(toEnrolment({ ...row, jam_rekam: null })).toMatchObject({ enrolledOn: '2015-08-17', enrolledAt: null });
    expect(toEnrolment({ ...row, tgl_rekam: '2015/08/17' })).toMatchObject({ enrolledOn: null, enrolledAt: null });
  });

  it('orders newest first by date (not by the DD-MM-YYYY text), then by later id', () => {
    const e = (tgl: string, id: number) => ({ enrolment: toEnrolment({ ...row, tgl_rekam: tgl, id_perekaman: id }), id });
    const sorted = [e('31-01-2015', 1), e('01-02-2015', 2), e('01-02-2015', 3), e('15-12-2014', 4)].sort(newestFirst);
    expect(sorted.map((x) => x.id)).toEqual([3, 2, 1, 4]);
  });
});
