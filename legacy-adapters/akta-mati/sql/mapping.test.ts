import { clockMinutes, deathDeedPrefix, latestDeed, legacyDateToIso, toCapilMatiValues, toDeathDeed, type CapilMatiRow } from './mapping';

const row: CapilMatiRow = {
  NO_AKTA_MATI: '3674-KM-05022025-0003',
  NIK: '3674011708450002',
  NAMA_LGKP: 'BUDI  SANTOSO ',
  JENIS_KLMIN: 1,
  TGL_LHR: '1945-08-17',
  TGL_MATI: '01-02-2025',
  JAM_MATI: '14:30',
  TMPT_MATI: 'RUMAH',
  SEBAB_MATI: 1,
  NIK_PELAPOR: '3674015708700001',
  NAMA_PELAPOR: 'SITI AMINAH',
  TGL_LAPOR: '05-02-2025',
  NO_PROP: 36,
  NO_KAB: 74,
  NO_KEC: 1,
  NO_KEL: 1004,
  REF_GERBANG: null,
};

describe('CAPIL_MATI to DeathDeed', () => {
  it('decodes VARCHAR dates, codes, the region columns and the blanks', () => {
    expect(toDeathDeed(row)).toEqual({
      number: '3674-KM-05022025-0003',
      nik: '3674011708450002',
      name: 'BUDI SANTOSO',
      sex: 'MALE',
      birthDate: '1945-08-17',
      dateOfDeath: '2025-02-01',
      timeOfDeath: '14:30',
      placeOfDeath: 'RUMAH',
      cause: 'ILLNESS',
      reporter: { nik: '3674015708700001', name: 'SITI AMINAH' },
      registeredOn: '2025-02-05',
      kelurahanCode: '36.74.01.1004',
    });
  });

  it('reads dates typed with slashes before the 2022 upgrade, single-digit parts, and nothing unreadable', () => {
    expect(['01/02/2019', '1-2-2019', '2019-02-01', ' 01-02-2019 ', '31-2019', '', null].map(legacyDateToIso)).toEqual(['2019-02-01', '2019-02-01', '2019-02-01', '2019-02-01', null, null, null]);
  });

  it('decodes unknown cause and sex codes to null, and blank reporters to null', () => {
    const deed = toDeathDeed({ ...row, SEBAB_MATI: 9, JENIS_KLMIN: '', NIK_PELAPOR: ' ', NAMA_PELAPOR: null });
    expect([deed.cause, deed.sex, deed.reporter]).toEqual([null, null, { nik: null, name: null }]);
    expect(toDeathDeed({ ...row, SEBAB_MATI: '3', JENIS_KLMIN: '2' })).toMatchObject({ cause: 'ACCIDENT', sex: 'FEMALE' });
  });

  it('reads the time of death in the forms officers typed', () => {
    expect(['7:05', '07.05', '07:05:59', '24:00', 'pagi', null].map(clockMinutes)).toEqual(['07:05', '07:05', '07:05', null, null, null]);
  });

  it('keeps the latest registered deed of a person', () => {
    const a = toDeathDeed(row);
    const b = toDeathDeed({ ...row, NO_AKTA_MATI: '3674-KM-10012025-0001', TGL_LAPOR: '10-01-2025' });
    expect(latestDeed(a, b).number).toBe(a.number);
    expect(latestDeed(b, a).number).toBe(a.number);
  });
});

describe('DeathRegistration to CAPIL_MATI', () => {
  it('writes the row as the counter screen does: codes, DD-MM-YYYY, UPPERCASE, region split, the reference', () => {
    expect(toCapilMatiValues({
      clientReference: 'REQ-1', nik: '3674011708450002', name: 'Budi  Santoso', sex: 'MALE', birthDate: '1945-08-17',
      dateOfDeath: '2026-02-01', timeOfDeath: '14:30', placeOfDeath: 'rs umum', cause: 'ACCIDENT',
      reporter: { nik: null, name: 'siti' }, kelurahanCode: '36.74.01.1004', registeredOn: '2026-02-05',
    }, '2026-02-05 10:00:00', 'GERBANG')).toEqual({
      NIK: '3674011708450002', NAMA_LGKP: 'BUDI SANTOSO', JENIS_KLMIN: 1, TGL_LHR: '1945-08-17', TGL_MATI: '01-02-2026', JAM_MATI: '14:30',
      TMPT_MATI: 'RS UMUM', SEBAB_MATI: 3, NIK_PELAPOR: null, NAMA_PELAPOR: 'SITI', TGL_LAPOR: '05-02-2026',
      NO_PROP: 36, NO_KAB: 74, NO_KEC: 1, NO_KEL: 1004, PETUGAS: 'GERBANG', TGL_ENTRI: '2026-02-05 10:00:00', REF_GERBANG: 'REQ-1',
    });
    expect(deathDeedPrefix('33.25', '2026-12-31')).toBe('3325-KM-31122026-');
  });
});
