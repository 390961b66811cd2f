import { birthDeedPrefix, latestDeed, lateRegistration, legacyDateToIso, toBirthDeed, toCapilLahirValues, workingDaysBetween, type CapilLahirRow } from './mapping';

const row: CapilLahirRow = {
  NO_AKTA_LHR: '3674-LU-01012020-0001',
  NIK_ANAK: '3674014101200001',
  NAMA_ANAK: 'AISYAH  PUTRI ',
  JENIS_KLMIN: 2,
  TMPT_LHR: 'TANGERANG SELATAN',
  TGL_LHR: '2020-01-01',
  NIK_IBU: '3674015708900002',
  NAMA_IBU: 'SITI NURHALIZA',
  NIK_AYAH: '',
  NAMA_AYAH: 'BUDI SANTOSO',
  TGL_DAFTAR: '15-01-2020',
  FLAG_TERLAMBAT: 'T',
  NO_PROP: 36,
  NO_KAB: 74,
  NO_KEC: 1,
  NO_KEL: 1004,
  REF_GERBANG: null,
};

describe('CAPIL_LAHIR to BirthDeed', () => {
  it('decodes dates in both forms, the flag, parents with empty NIKs, the region columns', () => {
    expect(toBirthDeed(row)).toEqual({
      number: '3674-LU-01012020-0001',
      childNik: '3674014101200001',
      childName: 'AISYAH PUTRI',
      sex: 'FEMALE',
      birthPlace: 'TANGERANG SELATAN',
      birthDate: '2020-01-01',
      registeredOn: '2020-01-15',
      lateRegistration: false,
      mother: { nik: '3674015708900002', name: 'SITI NURHALIZA' },
      father: { nik: null, name: 'BUDI SANTOSO' },
      kelurahanCode: '36.74.01.1004',
    });
  });

  it('leaves out a parent with neither NIK nor name, and reads an old deed without a child NIK', () => {
    const deed = toBirthDeed({ ...row, NIK_AYAH: null, NAMA_AYAH: '  ', NIK_ANAK: null, JENIS_KLMIN: 7 });
    expect([deed.father, deed.childNik, deed.sex]).toEqual([null, null, null]);
  });

  it('reads the late flag, and works it out from the dates on deeds from before the flag existed', () => {
    expect(lateRegistration('Y', null, null)).toBe(true);
    expect(lateRegistration(' t', '2000-01-01', '2010-01-01')).toBe(false);
    expect(lateRegistration(null, '2010-01-01', '2010-03-01')).toBe(false);
    expect(lateRegistration(null, '2010-01-01', '2010-06-01')).toBe(true);
    expect(lateRegistration('', '2010-01-01', null)).toBeNull();
    expect(toBirthDeed({ ...row, FLAG_TERLAMBAT: null, TGL_DAFTAR: '01/06/2020' }).lateRegistration).toBe(true);
  });

  it('counts 60 working days, weekends aside', () => {
    // 2024-01-05 is a Friday: the next Monday is the first working day after it.
    expect(workingDaysBetween('2024-01-05', '2024-01-08')).toBe(1);
    expect(workingDaysBetween('2024-01-05', '2024-01-07')).toBe(0);
    expect(workingDaysBetween('2024-01-01', '2024-03-25')).toBe(60);
    expect(lateRegistration(null, '2024-01-01', '2024-03-25')).toBe(false);
    expect(lateRegistration(null, '2024-01-01', '2024-03-26')).toBe(true);
  });

  it('reads DD-MM-YYYY with slashes or single digits, and nothing unreadable', () => {
    expect(['15-01-2020', '15/1/2020', '2020-01-15', '2020/01/15', null].map(legacyDateToIso)).toEqual(['2020-01-15', '2020-01-15', '2020-01-15', null, null]);
  });

  it('keeps the latest registered deed of a child', () => {
    const a = toBirthDeed(row);
    const b = toBirthDeed({ ...row, NO_AKTA_LHR: '3674-LU-01032021-0001', TGL_DAFTAR: '01-03-2021' });
    expect(latestDeed(a, b)).toBe(b);
    expect(latestDeed(b, a)).toBe(b);
  });
});

describe('BirthRegistration to CAPIL_LAHIR', () => {
  it('writes the row as the counter screen does, with the late flag worked out', () => {
    const values = toCapilLahirValues({
      clientReference: 'REQ-9', childNik: '3674014101260001', childName: 'aisyah  putri', sex: 'FEMALE', birthPlace: 'tangerang selatan',
      birthDate: '2025-06-01', mother: { nik: '3674015708900002', name: 'Siti' }, father: null, kelurahanCode: '36.74.01.1004', registeredOn: '2026-02-05',
    }, '2026-02-05 10:00:00', 'GERBANG');
    expect(values).toEqual({
      NIK_ANAK: '3674014101260001', NAMA_ANAK: 'AISYAH PUTRI', JENIS_KLMIN: 2, TMPT_LHR: 'TANGERANG SELATAN', TGL_LHR: '2025-06-01',
      NIK_IBU: '3674015708900002', NAMA_IBU: 'SITI', NIK_AYAH: null, NAMA_AYAH: null, TGL_DAFTAR: '05-02-2026', FLAG_TERLAMBAT: 'Y',
      NO_PROP: 36, NO_KAB: 74, NO_KEC: 1, NO_KEL: 1004, PETUGAS: 'GERBANG', TGL_ENTRI: '2026-02-05 10:00:00', REF_GERBANG: 'REQ-9',
    });
    expect(birthDeedPrefix('33.25', '2026-02-05')).toBe('3325-LU-05022026-');
  });
});
