import { cleanText, isoDate, isoDateTime, toFamily, toResident, type BiodataRow, type KeluargaRow } from './mapping';

const biodata: BiodataRow = {
  NIK: '3674015708900002',
  NO_KK: '3674011203150007',
  NAMA_LGKP: 'SITI  NURHALIZA ',
  JENIS_KLMIN: 2,
  TMPT_LHR: 'TANGERANG',
  TGL_LHR: '1990-08-17',
  GOL_DRH: 13,
  AGAMA: 1,
  STAT_KWN: 2,
  STAT_HBKEL: 3,
  PDDK_AKH: 8,
  JENIS_PKRJN: 15,
  PKRJN_DESCRIP: 'KARYAWAN SWASTA',
  STAT_HIDUP: 1,
  NO_PROP: 36,
  NO_KAB: 74,
  NO_KEC: 1,
  NO_KEL: 1004,
  TGL_UBAH: null,
  NAMA_LGKP_IBU: 'AMINAH ',
  NIK_IBU: '3674014101650003',
  NAMA_LGKP_AYAH: 'SUPARMAN',
  NIK_AYAH: '0000000000000000',
};

describe('SIAK biodata to Resident', () => {
  it('decodes codes, cleans the name and builds the kelurahan code', () => {
    expect(toResident(biodata)).toEqual({
      nik: '3674015708900002',
      name: 'SITI NURHALIZA',
      sex: 'FEMALE',
      birthPlace: 'TANGERANG',
      birthDate: '1990-08-17',
      bloodType: null,
      religion: 'ISLAM',
      maritalStatus: 'MARRIED',
      relationship: 'WIFE',
      education: 'BACHELOR',
      occupation: { code: 15, label: 'KARYAWAN SWASTA' },
      alive: true,
      familyNumber: '3674011203150007',
      kelurahanCode: '36.74.01.1004',
      updatedAt: null,
      mother: { name: 'AMINAH', nik: '3674014101650003' },
      father: { name: 'SUPARMAN', nik: null },
    });
  });

  it('reads sex given as a label by SIAK web services, and falls back to the NIK', () => {
    expect(toResident({ ...biodata, JENIS_KLMIN: 'PEREMPUAN' }).sex).toBe('FEMALE');
    expect(toResident({ ...biodata, JENIS_KLMIN: 'LAKI-LAKI' }).sex).toBe('MALE');
    expect(toResident({ ...biodata, JENIS_KLMIN: null }).sex).toBe('FEMALE');
    expect(toResident({ ...biodata, NIK: '3674011708900002', JENIS_KLMIN: 9 }).sex).toBe('MALE');
  });

  it('decodes unknown codes to null instead of guessing', () => {
    const r = toResident({ ...biodata, AGAMA: 99, STAT_KWN: null, PDDK_AKH: 0, GOL_DRH: 4 });
    expect([r.religion, r.maritalStatus, r.education, r.bloodType]).toEqual([null, null, null, 'O']);
  });

  it('names the parents, keeping only a real 16-digit NIK (zeros and blanks stand for none)', () => {
    const r = toResident(biodata);
    expect(r.mother).toEqual({ name: 'AMINAH', nik: '3674014101650003' });
    expect(r.father).toEqual({ name: 'SUPARMAN', nik: null });
    expect(toResident({ ...biodata, NAMA_LGKP_IBU: '  ', NIK_IBU: ' 36740141 ' }).mother).toBeNull();
    expect(toResident({ ...biodata, NIK_AYAH: ' ' }).father).toEqual({ name: 'SUPARMAN', nik: null });
  });

  it('marks a deceased resident', () => {
    expect(toResident({ ...biodata, STAT_HIDUP: 2 }).alive).toBe(false);
  });
});

describe('legacy dates and text', () => {
  it.each([
    ['1990-08-17', '1990-08-17'],
    ['1990-08-17 00:00:00', '1990-08-17'],
    ['17-08-1990', '1990-08-17'],
    ['0000-00-00', null],
    ['', null],
    ['garbage', null],
  ])('isoDate(%p) = %p', (input, expected) => {
    expect(isoDate(input)).toBe(expected);
  });

  it('reads DATE objects from drivers without shifting the day', () => {
    expect(isoDate(new Date(Date.UTC(1990, 7, 17)))).toBe('1990-08-17');
  });

  it('formats date-times without a zone, as SIAK keeps local time', () => {
    expect(isoDateTime('2024-01-02 09:30:00')).toBe('2024-01-02T09:30:00');
    expect(isoDateTime(null)).toBeNull();
  });

  it('collapses legacy blanks', () => {
    expect(cleanText('  JL.  MELATI   NO. 3 ')).toBe('JL. MELATI NO. 3');
    expect(cleanText('   ')).toBeNull();
  });
});

describe('SIAK keluarga to Family', () => {
  const keluarga: KeluargaRow = {
    NO_KK: '3674011203150007',
    NAMA_KEP: 'BUDI SANTOSO',
    ALAMAT: 'JL. MELATI NO. 3',
    NO_RT: 4,
    NO_RW: 12,
    DUSUN: null,
    KODE_POS: '15310',
    NIK_KK: '3674011708850003',
    NO_PROP: 36,
    NO_KAB: 74,
    NO_KEC: 1,
    NO_KEL: 1004,
    NAMA_PROP: 'BANTEN',
    NAMA_KAB: 'KOTA TANGERANG SELATAN',
    NAMA_KEC: 'SERPONG',
    NAMA_KEL: null,
    TGL_UPDATION: '2025-03-01 10:00:00',
  };

  it('pads RT/RW to three digits and names the regions, by code when the name is missing', () => {
    expect(toFamily(keluarga)).toEqual({
      number: '3674011203150007',
      headName: 'BUDI SANTOSO',
      headNik: '3674011708850003',
      updatedAt: '2025-03-01T10:00:00',
      address: {
        street: 'JL. MELATI NO. 3',
        rt: '004',
        rw: '012',
        hamlet: null,
        postalCode: '15310',
        kelurahan: { code: '36.74.01.1004', name: '36.74.01.1004' },
        kecamatan: { code: '36.74.01', name: 'SERPONG' },
        regency: { code: '36.74', name: 'KOTA TANGERANG SELATAN' },
        province: { code: '36', name: 'BANTEN' },
      },
    });
  });
});
