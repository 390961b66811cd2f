import { cleanText, decodeDigits16, decodeMovers, decodeMovingMembers, decodeReason, decodeScope, decodeStatus, dottedRegion, groupByMover, requestBody, toMoveOutLetter, type SkpwniRecord } from './mapping';

const record: SkpwniRecord = {
  no_skpwni: '474.2/00017/SKPWNI/3674/XI/2026',
  no_kk: 3674010101100001,
  nik_pemohon: 3674011708850003,
  nik_anggota: '3674011708850003;3674014508900002; 3674010101150004;',
  jumlah_anggota: '3',
  kode_wil_asal: '3674011001',
  alamat_asal: 'JL.  MELATI NO. 12 RT 001 RW 002 ',
  kode_wil_tujuan: '3325012001',
  alamat_tujuan: '-',
  klasifikasi: '5',
  alasan: '1',
  jenis_kepindahan: '2',
  tgl_pindah: '15-12-2026',
  tgl_terbit: '30-11-2026 09:14:03',
  status_surat: 'TERBIT',
  no_referensi: '',
};

describe('pindah-keluar mapping', () => {
  it('decodes a letter record into domain terms', () => {
    expect(toMoveOutLetter(record)).toEqual({
      letterNumber: '474.2/00017/SKPWNI/3674/XI/2026',
      status: 'ISSUED',
      familyCardNumber: '3674010101100001',
      applicantNik: '3674011708850003',
      movers: ['3674011708850003', '3674014508900002', '3674010101150004'],
      origin: { regionCode: '36.74.01.1001', address: 'JL. MELATI NO. 12 RT 001 RW 002' },
      destination: { regionCode: '33.25.01.2001', address: null },
      scope: 'BETWEEN_PROVINCES',
      leavesRegency: true,
      reason: 'WORK',
      movingMembers: 'WHOLE_FAMILY',
      moveDate: '2026-12-15',
      issuedAt: '2026-11-30T09:14:03',
      reference: null,
    });
  });

  it('splits the people moving out of one ;-string, dropping blanks and junk', () => {
    expect(decodeMovers(' 3674011708850003 ;;3674014508900002;')).toEqual(['3674011708850003', '3674014508900002']);
    expect(decodeMovers('12345;3674011708850003')).toEqual(['3674011708850003']);
    expect(decodeMovers(null)).toEqual([]);
  });

  it('reads 16-digit numbers sent as JSON numbers or text', () => {
    expect(decodeDigits16(3674011708850003)).toBe('3674011708850003');
    expect(decodeDigits16(' 3674011708850003 ')).toBe('3674011708850003');
  });

  it('dots the region codes again, and knows a move within the city from one out of it', () => {
    expect(dottedRegion('3674011001')).toBe('36.74.01.1001');
    expect(dottedRegion('36740110')).toBe('');
    expect(toMoveOutLetter({ ...record, kode_wil_tujuan: '3674021002', klasifikasi: '3' })).toMatchObject({ leavesRegency: false, scope: 'BETWEEN_DISTRICTS' });
  });

  it('reads the form\'s boxes as text or number, and nothing it does not know', () => {
    expect(['1', '2', '3', '4', 5, '9', null].map(decodeScope)).toEqual(['SAME_VILLAGE', 'BETWEEN_VILLAGES', 'BETWEEN_DISTRICTS', 'BETWEEN_REGENCIES', 'BETWEEN_PROVINCES', null, null]);
    expect(['1', '2', '3', '4', '5', '6', 7, '0'].map(decodeReason)).toEqual(['WORK', 'EDUCATION', 'SECURITY', 'HEALTH', 'HOUSING', 'FAMILY', 'OTHER', null]);
    expect(['1', 2, '3', '4', '5'].map(decodeMovingMembers)).toEqual(['HEAD_ONLY', 'WHOLE_FAMILY', 'HEAD_AND_SOME_MEMBERS', 'MEMBERS_ONLY', null]);
    expect([' terbit', 'BATAL', 'DIPROSES', undefined].map(decodeStatus)).toEqual(['ISSUED', 'CANCELLED', null, null]);
  });

  it('treats the application\'s blanks as none', () => {
    expect(toMoveOutLetter({ ...record, alamat_asal: ' - ', no_referensi: 'PORTAL-1', tgl_pindah: '00-00-0000', tgl_terbit: '' })).toMatchObject({
      origin: { address: null }, reference: 'PORTAL-1', moveDate: null, issuedAt: null,
    });
    expect(cleanText('  ')).toBeNull();
  });

  it('writes a request the way the application reads it', () => {
    expect(requestBody({
      reference: 'PORTAL-1', familyCardNumber: '3674010101100001', applicantNik: '3674011708850003', movers: ['3674011708850003', '3674014508900002'],
      origin: { regionCode: '36.74.01.1001', address: 'Jl. Melati 12' }, destination: { regionCode: '33.25.01.2001', address: null },
      reason: 'FAMILY', movingMembers: 'HEAD_AND_SOME_MEMBERS', moveDate: '2026-12-15',
    })).toEqual({
      no_referensi: 'PORTAL-1', no_kk: '3674010101100001', nik_pemohon: '3674011708850003', nik_anggota: '3674011708850003;3674014508900002',
      kode_wil_asal: '3674011001', alamat_asal: 'Jl. Melati 12', kode_wil_tujuan: '3325012001', alamat_tujuan: undefined,
      alasan: '6', jenis_kepindahan: '3', tgl_pindah: '15-12-2026',
    });
  });

  it('groups a batch answer under each asked NIK the letters name', () => {
    const grouped = groupByMover([
      { ...record, no_skpwni: 'A', nik_anggota: '3674011708850003;3674014508900002' },
      { ...record, no_skpwni: 'B', nik_anggota: '3674011708850003' },
    ], ['3674011708850003', '3674014508900002', '3674010101150004']);
    expect(grouped.get('3674011708850003')!.map((l) => l.letterNumber)).toEqual(['A', 'B']);
    expect(grouped.get('3674014508900002')!.map((l) => l.letterNumber)).toEqual(['A']);
    expect(grouped.has('3674010101150004')).toBe(false);
  });
});
