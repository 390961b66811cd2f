import { catatPerkawinanRequest, deedsOf, kelurahanFromRegion10, nikOf, religionFromCode, toMarriageDeed } from './mapping';

describe('akta-kawin mapping', () => {
  const xml = {
    NoAkta: '3674-KW-14022015-0003',
    Suami: { Nik: '3674011001850001', Nama: 'BUDI  SANTOSO ', TglLahir: '10/01/1985' },
    Istri: { Nik: '-', Nama: 'MARIA ULFA', TglLahir: '' },
    TglPerkawinan: '14/02/2015',
    TempatPerkawinan: 'SERPONG',
    KodeAgama: 3,
    Agama: 'KRISTEN',
    LembagaAgama: 'GEREJA KATOLIK ST. MONIKA BSD',
    Saksi: [{ Nik: '0000000000000000', Nama: 'SAKSI SATU', TglLahir: '1/5/1970' }, { Nik: '3674010101800001', Nama: 'SAKSI DUA' }],
    TglDaftar: '2015-02-16T00:00:00+07:00',
    KodeWilayah: '3674011001',
  };

  it('reads a deed: slash dates, the dateTime registration, the code over the label, the 10-digit region', () => {
    expect(toMarriageDeed(xml)).toEqual({
      number: '3674-KW-14022015-0003',
      husband: { nik: '3674011001850001', name: 'BUDI SANTOSO', birthDate: '1985-01-10' },
      wife: { nik: null, name: 'MARIA ULFA', birthDate: null },
      marriedOn: '2015-02-14',
      registeredOn: '2015-02-16',
      place: 'SERPONG',
      religion: 'CATHOLIC',
      religiousInstitution: 'GEREJA KATOLIK ST. MONIKA BSD',
      witnesses: [{ nik: null, name: 'SAKSI SATU', birthDate: '1970-05-01' }, { nik: '3674010101800001', name: 'SAKSI DUA', birthDate: null }],
      kelurahanCode: '36.74.01.1001',
    });
  });

  it('decodes unknown NIKs, codes and regions to null', () => {
    expect(nikOf('-')).toBeNull();
    expect(nikOf('')).toBeNull();
    expect(nikOf('0000000000000000')).toBeNull();
    expect(nikOf('36740110018500')).toBeNull();
    expect(religionFromCode('2')).toBe('PROTESTANT');
    expect(religionFromCode(9)).toBeNull();
    expect(religionFromCode('')).toBeNull();
    expect(kelurahanFromRegion10('367401100')).toBeNull();
  });

  it('takes a list that is absent, one deed or many; a deed with no witnesses has none', () => {
    expect(deedsOf(null)).toEqual([]);
    expect(deedsOf({})).toEqual([]);
    expect(deedsOf({ AktaPerkawinan: xml })).toHaveLength(1);
    expect(toMarriageDeed({ ...xml, Saksi: undefined }).witnesses).toEqual([]);
    expect(toMarriageDeed({ ...xml, TglDaftar: '0001-01-01T00:00:00' }).registeredOn).toBeNull();
  });

  it('writes a registration the way CatatPerkawinan reads it', () => {
    const request = catatPerkawinanRequest({
      clientReference: 'PORTAL-1',
      husband: { nik: '3674011001850001', name: 'Budi', birthDate: null },
      wife: { nik: '3674014202960002', name: 'Maria', birthDate: '1996-02-02' },
      marriedOn: '2025-02-14',
      place: null,
      religion: 'BUDDHIST',
      religiousInstitution: 'Vihara Dharma Suci',
      witnesses: [{ nik: null, name: 'A', birthDate: '1970-01-01' }, { nik: '3674010101800001', name: 'B', birthDate: '1980-01-01' }],
      kelurahanCode: '36.74.01.1001',
    });
    expect(request).toEqual({
      Referensi: 'PORTAL-1',
      Suami: { Nik: '3674011001850001', Nama: 'Budi' },
      Istri: { Nik: '3674014202960002', Nama: 'Maria', TglLahir: '02/02/1996' },
      TglPerkawinan: '14/02/2025',
      KodeAgama: 5,
      LembagaAgama: 'Vihara Dharma Suci',
      Saksi: [{ Nik: '-', Nama: 'A', TglLahir: '01/01/1970' }, { Nik: '3674010101800001', Nama: 'B', TglLahir: '01/01/1980' }],
      KodeWilayah: '3674011001',
    });
  });
});
