import { catatPerceraianRequest, courtDecisionNumberOf, deedNumberOf, deedsOf, kelurahanOf, nikOf, petitionerOf, toDivorceDeed } from './mapping';

describe('akta-cerai mapping', () => {
  const xml = {
    NoAkta: '3674-CR-02032018-0001',
    NoAktaPerkawinan: '3674-kw-14022015-0003 ',
    TglPerkawinan: '14-02-2015',
    Suami: { Nik: { attributes: { 'xsi:nil': 'true' } }, Nama: 'BUDI  SANTOSO ' },
    Istri: { Nik: '3674014202960002', Nama: 'MARIA ULFA' },
    NoPutusan: '245 / Pdt.G / 2017 / PN Tng',
    TglPutusan: '20-01-2018',
    Pengadilan: 'PENGADILAN NEGERI TANGERANG',
    Penggugat: 'I',
    TglAkta: '2018-03-02T00:00:00',
    KodeWilayah: '36.74.01.1001',
  };

  it('reads a deed: dash dates, the offsetless dateTime, a nil NIK, S/I, the dotted region, the typed case number', () => {
    expect(toDivorceDeed(xml)).toEqual({
      number: '3674-CR-02032018-0001',
      marriageDeedNumber: '3674-KW-14022015-0003',
      marriedOn: '2015-02-14',
      husband: { nik: null, name: 'BUDI SANTOSO' },
      wife: { nik: '3674014202960002', name: 'MARIA ULFA' },
      courtDecisionNumber: '245/Pdt.G/2017/PN Tng',
      courtDecisionDate: '2018-01-20',
      court: 'PENGADILAN NEGERI TANGERANG',
      filedBy: 'WIFE',
      registeredOn: '2018-03-02',
      kelurahanCode: '36.74.01.1001',
    });
  });

  it('decodes blanks, .NET\'s empty date, unknown codes and odd regions to null', () => {
    expect(nikOf(null)).toBeNull();
    expect(nikOf('')).toBeNull();
    expect(nikOf('-')).toBeNull();
    expect(nikOf('0000000000000000')).toBeNull();
    expect(nikOf('36740110018500')).toBeNull();
    expect(petitionerOf('s')).toBe('HUSBAND');
    expect(petitionerOf('X')).toBeNull();
    expect(petitionerOf('')).toBeNull();
    expect(kelurahanOf('3674011001')).toBe('36.74.01.1001');
    expect(kelurahanOf('36.74.01')).toBeNull();
    expect(toDivorceDeed({ ...xml, TglAkta: '0001-01-01T00:00:00' }).registeredOn).toBeNull();
    expect(toDivorceDeed({ ...xml, NoAktaPerkawinan: '' }).marriageDeedNumber).toBeNull();
    expect(courtDecisionNumberOf('12/Pdt.G/2020/PN Jkt.Sel')).toBe('12/Pdt.G/2020/PN Jkt.Sel');
    expect(deedNumberOf(' 3171-kw-01012001-0001')).toBe('3171-KW-01012001-0001');
  });

  it('takes a list that is absent, one deed or many', () => {
    expect(deedsOf(null)).toEqual([]);
    expect(deedsOf({})).toEqual([]);
    expect(deedsOf({ AktaPerceraian: xml })).toHaveLength(1);
    expect(deedsOf({ AktaPerceraian: [xml, xml] })).toHaveLength(2);
  });

  it('writes a registration the way CatatPerceraian reads it', () => {
    const request = catatPerceraianRequest({
      clientReference: 'PORTAL-1',
      marriageDeedNumber: '3674-kw-14022015-0003',
      marriedOn: '2015-02-14',
      husband: { nik: null, name: 'Budi' },
      wife: { nik: '3674014202960002', name: 'Maria' },
      courtDecisionNumber: ' 245/Pdt.G/2017/PN Tng',
      courtDecisionDate: '2018-01-20',
      court: 'Pengadilan Negeri Tangerang',
      filedBy: 'HUSBAND',
      kelurahanCode: '36.74.01.1001',
    });
    expect(request).toEqual({
      Referensi: 'PORTAL-1',
      NoAktaPerkawinan: '3674-KW-14022015-0003',
      TglPerkawinan: '14-02-2015',
      Suami: { Nama: 'Budi' },
      Istri: { Nik: '3674014202960002', Nama: 'Maria' },
      NoPutusan: '245/Pdt.G/2017/PN Tng',
      TglPutusan: '20-01-2018',
      Pengadilan: 'Pengadilan Negeri Tangerang',
      Penggugat: 'S',
      KodeWilayah: '36.74.01.1001',
    });
  });
});
