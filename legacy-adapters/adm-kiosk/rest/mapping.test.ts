import { decodeCursor, decodeDocumentKind, decodePinState, decodePrintState, decodeReportStatus, encodeCursor, encodeStatuses, filterQuery, groupByApplicant, pinBody, toChange, toKiosk, toPrintRequest, type PinRecord } from './mapping';

const record: PinRecord = {
  id_pin: 812,
  pin: '048213',
  nik: '3674011708850003',
  jenis_dokumen: 'KK',
  no_dokumen: '3674010101100001',
  kanal: 'WEB',
  dibuat: '07-12-2026 12:00:00',
  berlaku_sampai: '07-12-2026 12:15:00',
  status_pin: 'TERPAKAI',
  dipakai: '07-12-2026 12:05:00',
  id_kiosk: 'ADM-M1-02',
  kode_mall: 'M1',
  kd_referensi: 'PORTAL-1',
  status: 'GAGAL',
  cetak: { status_cetak: 'GAGAL', mulai: '07-12-2026 12:05:00', estimasi_selesai: '07-12-2026 12:07:00', selesai: '07-12-2026 12:06:10', ket: 'KERTAS MACET' },
  riwayat: [
    { peristiwa: 'PIN_TERBIT', waktu: '07-12-2026 12:00:00', id_kiosk: '', petugas: '', ket: '' },
    { peristiwa: 'CETAK_MULAI', waktu: '07-12-2026 12:05:00', id_kiosk: 'ADM-M1-02', petugas: '', ket: '' },
    { peristiwa: 'TINTA_RENDAH', waktu: '07-12-2026 12:05:30', id_kiosk: 'ADM-M1-02', petugas: '', ket: '' },
    { peristiwa: 'CETAK_GAGAL', waktu: '07-12-2026 12:06:10', id_kiosk: 'ADM-M1-02', petugas: '198001012005011001', ket: 'KERTAS MACET' },
  ],
};

describe('adm-kiosk mapping', () => {
  it('decodes a PIN record into a print request, without the PIN', () => {
    const request = toPrintRequest(record);
    expect(request).toEqual({
      id: '812', serviceKind: 'DOCUMENT_PRINT', channel: 'OFFLINE', servicePoint: { kind: 'MALL_KIOSK', id: 'ADM-M1-02' }, mall: 'M1', applicantNik: '3674011708850003',
      document: { kind: 'FAMILY_CARD', number: '3674010101100001' }, status: 'CANCELLED', pinState: 'USED', printState: 'FAILED',
      submittedAt: '2026-12-07T12:00:00', pinValidUntil: '2026-12-07T12:15:00', printStartedAt: '2026-12-07T12:05:00', printExpectedAt: '2026-12-07T12:07:00', printEndedAt: '2026-12-07T12:06:10',
      failureReason: 'KERTAS MACET', reference: 'PORTAL-1',
      timeline: [
        { status: 'SUBMITTED', step: 'PIN_ISSUED', at: '2026-12-07T12:00:00', note: null, by: null, kioskId: null },
        { status: 'IN_PROCESS', step: 'PRINT_STARTED', at: '2026-12-07T12:05:00', note: null, by: null, kioskId: 'ADM-M1-02' },
        // The unknown TINTA_RENDAH step is left out.
        { status: 'CANCELLED', step: 'PRINT_FAILED', at: '2026-12-07T12:06:10', note: 'KERTAS MACET', by: '198001012005011001', kioskId: 'ADM-M1-02' },
      ],
    });
    expect(JSON.stringify(request)).not.toContain('048213');
  });

  it('reads a waiting PIN before any kiosk', () => {
    expect(toPrintRequest({ ...record, status_pin: 'AKTIF', status: 'MENUNGGU', id_kiosk: '', kode_mall: '', dipakai: '', cetak: null, riwayat: [] })).toMatchObject({
      servicePoint: { kind: 'MALL_KIOSK', id: null }, mall: null, status: 'SUBMITTED', pinState: 'ACTIVE', printState: null, printStartedAt: null, failureReason: null,
    });
  });

  it('maps the vendor\'s words, unknown ones to null', () => {
    expect(['KK', 'AKTA_LAHIR', 'AKTA_MATI', 'AKTA_KAWIN', 'AKTA_CERAI', 'KIA', 'KTP'].map(decodeDocumentKind)).toEqual(['FAMILY_CARD', 'BIRTH_DEED', 'DEATH_DEED', 'MARRIAGE_DEED', 'DIVORCE_DEED', 'CHILD_ID_CARD', null]);
    expect(['AKTIF', 'TERPAKAI', 'KEDALUWARSA', 'BATAL', 'X'].map(decodePinState)).toEqual(['ACTIVE', 'USED', 'EXPIRED', 'WITHDRAWN', null]);
    expect(['PROSES', 'SELESAI', 'GAGAL', 'ANTRI'].map(decodePrintState)).toEqual(['PRINTING', 'PRINTED', 'FAILED', null]);
    expect(['MENUNGGU', 'PROSES', 'SELESAI', 'GAGAL', 'KEDALUWARSA', 'BATAL', '?'].map(decodeReportStatus)).toEqual(['SUBMITTED', 'IN_PROCESS', 'COMPLETED', 'CANCELLED', 'CANCELLED', 'CANCELLED', null]);
    expect(encodeStatuses(['CANCELLED'])).toEqual(['GAGAL', 'KEDALUWARSA', 'BATAL']);
  });

  it('writes a PIN request the way the application reads it', () => {
    expect(pinBody({ reference: 'PORTAL-1', applicantNik: '3674011708850003', document: { kind: 'BIRTH_DEED', number: '3674-LU-01012020-0001' }, via: 'WHATSAPP' })).toEqual({
      kd_referensi: 'PORTAL-1', nik: '3674011708850003', jenis_dokumen: 'AKTA_LAHIR', no_dokumen: '3674-LU-01012020-0001', kanal: 'WA',
    });
  });

  it('turns a filter into the app\'s parameters, or into nothing to ask', () => {
    expect(filterQuery({ servicePoint: { kind: 'MALL_KIOSK', id: 'ADM-M2-01' }, statuses: ['COMPLETED'], submittedFrom: '2026-12-01' })).toEqual({ id_kiosk: 'ADM-M2-01', kode_mall: undefined, status: ['SELESAI'], tgl_dari: '01-12-2026', tgl_sampai: undefined });
    expect(filterQuery({ servicePoint: { kind: 'DINAS', id: null } })).toBeUndefined();
    expect(filterQuery({ serviceKinds: ['FIRST_ID_CARD'] })).toBeUndefined();
    expect(filterQuery({ statuses: ['VERIFYING'] })).toBeUndefined();
  });

  it('reads kiosks, log entries and cursors', () => {
    expect(toKiosk({ id_kiosk: 'ADM-M1-01', kode_mall: 'M1', nama_mall: 'MAL SERPONG', kode_kec: '367401', status_kiosk: 'RUSAK' })).toEqual({ id: 'ADM-M1-01', mall: { code: 'M1', name: 'MAL SERPONG', kecamatanCode: '36.74.01' }, inService: false });
    expect(toChange({ id_log: 5, peristiwa: 'CETAK_SELESAI', waktu: '07-12-2026 12:07:00', id_kiosk: 'ADM-M1-02', data: record }, 'adm-kiosk:log:5')).toMatchObject({ cursor: 'adm-kiosk:log:5', requestId: '812', change: { step: 'PRINTED', status: 'COMPLETED' } });
    expect(toChange({ id_log: 6, peristiwa: 'SERVIS', waktu: '07-12-2026 12:07:00', data: record }, 'adm-kiosk:log:6')).toBeUndefined();
    expect(decodeCursor(encodeCursor(77))).toBe(77);
    expect(decodeCursor('antrian:log:77')).toBeUndefined();
  });

  it('groups a batch under each asked NIK', () => {
    const grouped = groupByApplicant([{ ...record, id_pin: 1 }, { ...record, id_pin: 2, nik: '3674010101150004' }], ['3674011708850003']);
    expect([...grouped.entries()].map(([nik, list]) => [nik, list.map((r) => r.id)])).toEqual([['3674011708850003', ['1']]]);
  });
});
