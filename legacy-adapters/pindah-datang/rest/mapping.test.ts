import { cleanText, decodeFlag, decodeNik, dottedRegion, groupByArrivingNik, requestBody, toArrival, type DatangRecord } from './mapping';

const record: DatangRecord = {
  no_datang: '475/00017/SKDWNI/3674/2026',
  no_skpwni: '474.2/00012/SKPWNI/3325/X/2026',
  nik_datang: [3325141210820901, '3325146411850902 '],
  kode_wil_asal: '3325142001',
  kode_wil_tujuan: '3674011001',
  alamat_tujuan: 'JL.  MELATI NO. 3 RT 001 RW 002',
  kk_baru: 'Y',
  ktp_baru: 't',
  tgl_datang: '20-11-2026',
  tgl_entri: '20-11-2026 10:11:12',
  no_referensi: '',
};

describe('pindah-datang mapping', () => {
  it('decodes an arrival record into domain terms', () => {
    expect(toArrival(record)).toEqual({
      arrivalNumber: '475/00017/SKDWNI/3674/2026',
      moveOutLetterNumber: '474.2/00012/SKPWNI/3325/X/2026',
      arrivingNiks: ['3325141210820901', '3325146411850902'],
      originRegionCode: '33.25.14.2001',
      destinationRegionCode: '36.74.01.1001',
      destinationAddress: 'JL. MELATI NO. 3 RT 001 RW 002',
      newFamilyCardIssued: true,
      newIdCardsIssued: false,
      arrivalDate: '2026-11-20',
      recordedAt: '2026-11-20T10:11:12',
      reference: null,
    });
  });

  it('reads the Y/T flags, and nothing else', () => {
    expect(['Y', ' t ', 'N', '1', null].map(decodeFlag)).toEqual([true, false, null, null, null]);
  });

  it('reads NIKs sent as JSON numbers or text, and undotted region codes', () => {
    expect(decodeNik(3325141210820901)).toBe('3325141210820901');
    expect(dottedRegion('3674011001')).toBe('36.74.01.1001');
    expect(dottedRegion('')).toBeNull();
    expect(toArrival({ ...record, kode_wil_asal: '', alamat_tujuan: '-', nik_datang: null })).toMatchObject({ originRegionCode: null, destinationAddress: null, arrivingNiks: [] });
    expect(cleanText(' - ')).toBeNull();
  });

  it('writes a request the way the application reads it, the letter copy only when given', () => {
    const request = {
      reference: 'PORTAL-1', moveOutLetterNumber: '474.2/00950/SKPWNI/3674/XI/2026', arrivingNiks: ['3674011708850950', '3674014508900951'],
      destination: { regionCode: '36.74.02.1001', address: null }, newFamilyCard: true, newIdCards: false, arrivalDate: '2026-11-25',
    };
    expect(requestBody(request)).toEqual({
      no_referensi: 'PORTAL-1', no_skpwni: '474.2/00950/SKPWNI/3674/XI/2026', nik_datang: '3674011708850950;3674014508900951', kode_wil_tujuan: '3674021001',
      alamat_tujuan: undefined, kk_baru: 'Y', ktp_baru: 'T', tgl_datang: '25-11-2026', skpwni: undefined,
    });
    const letter = { familyCardNumber: '3674010101200950', originRegionCode: '36.74.01.1001', destinationRegionCode: '36.74.02.1001', movers: ['3674011708850950', '3674014508900951'] };
    expect(requestBody({ ...request, letter }).skpwni).toEqual({ no_kk: '3674010101200950', kode_wil_asal: '3674011001', kode_wil_tujuan: '3674021001', nik_anggota: '3674011708850950;3674014508900951' });
  });

  it('groups a batch answer under each asked NIK', () => {
    const grouped = groupByArrivingNik([record, { ...record, no_datang: 'B', nik_datang: [3325141210820901] }], ['3325141210820901', '3325146411850902', '3674011708850999']);
    expect(grouped.get('3325141210820901')!.map((a) => a.arrivalNumber)).toEqual(['475/00017/SKDWNI/3674/2026', 'B']);
    expect(grouped.get('3325146411850902')).toHaveLength(1);
    expect(grouped.has('3674011708850999')).toBe(false);
  });
});
