import { cleanText, decodeNik, decodePlatform, decodeState, digitalIdsByNik, isRegistered, toDigitalId, type IkdRecord } from './mapping';

const record: IkdRecord = {
  nik: '3674014508900002',
  status_aktivasi: 'AKTIF',
  tgl_daftar: '14-03-2024 19:02:11',
  tgl_aktivasi: '15-03-2024 09:30:00',
  perangkat: 'Android 13 (SM-A145F)',
  keterangan: '-',
};

describe('ikd mapping', () => {
  it('decodes an activation record into domain terms', () => {
    expect(toDigitalId(record)).toEqual({
      nik: '3674014508900002',
      state: 'ACTIVE',
      registeredAt: '2024-03-14T19:02:11',
      activatedAt: '2024-03-15T09:30:00',
      platform: 'ANDROID',
      suspensionNote: null,
    });
  });

  it('reads both generations of state words, in any case, and nothing it does not know', () => {
    expect(['BELUM AKTIVASI', 'MENUNGGU VERIFIKASI', 'AKTIF', 'DITANGGUHKAN'].map(decodeState)).toEqual(['NOT_ACTIVATED', 'PENDING_VERIFICATION', 'ACTIVE', 'SUSPENDED']);
    expect(['SUDAH AKTIVASI', 'proses  verifikasi', 'Blokir', 'MENUNGGU_VERIFIKASI'].map(decodeState)).toEqual(['ACTIVE', 'PENDING_VERIFICATION', 'SUSPENDED', 'PENDING_VERIFICATION']);
    expect(decodeState('DIHAPUS')).toBeNull();
    expect(decodeState(undefined)).toBeNull();
  });

  it('keeps only the platform of the phone the app reported', () => {
    expect(['Android 13 (SM-A145F)', 'ANDROID', 'iOS 17.4 (iPhone 13)', 'IPHONE', 'iPadOS 17', 'HarmonyOS 3.0', '-', '', null].map(decodePlatform))
      .toEqual(['ANDROID', 'ANDROID', 'IOS', 'IOS', 'OTHER', 'OTHER', null, null, null]);
  });

  it('treats blanks as none, and keeps a note only on a suspended ID', () => {
    expect(toDigitalId({ ...record, status_aktivasi: 'MENUNGGU VERIFIKASI', tgl_aktivasi: '', keterangan: 'PERANGKAT HILANG' })).toMatchObject({ activatedAt: null, suspensionNote: null });
    expect(toDigitalId({ ...record, status_aktivasi: 'BLOKIR', keterangan: ' PERANGKAT  HILANG' }).suspensionNote).toBe('PERANGKAT HILANG');
    expect(toDigitalId({ ...record, tgl_daftar: '31-02-2024 10:00:00' }).registeredAt).toBeNull();
    expect(cleanText(' - ')).toBeNull();
  });

  it('reads the NIK as text or a JSON number', () => {
    expect(decodeNik(3674014508900002)).toBe('3674014508900002');
    expect(decodeNik(' 3674014508900002 ')).toBe('3674014508900002');
  });

  it('leaves the NIKs the register does not know out of a batch', () => {
    const unknown = { nik: '3674011708850999', status_aktivasi: 'TIDAK TERDAFTAR', tgl_daftar: '', tgl_aktivasi: '', perangkat: '', keterangan: '-' };
    expect(isRegistered(unknown)).toBe(false);
    const map = digitalIdsByNik([record, unknown, { ...record, nik: 3674011708850003, status_aktivasi: 'BELUM AKTIVASI', tgl_aktivasi: '' }]);
    expect([...map.keys()]).toEqual(['3674014508900002', '3674011708850003']);
    expect(map.get('3674011708850003')?.state).toBe('NOT_ACTIVATED');
  });
});
