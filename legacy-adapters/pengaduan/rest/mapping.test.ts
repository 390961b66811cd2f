import {
  complaintBody, decodeCategory, decodeNik, decodeSource, decodeStatus, decodeUnit, encodeUnit, normalisePhone, normaliseRequestNumber,
  toChange, toComplaint, type PengaduanRecord,
  HISTORY_FEED,
} from './mapping';

const record: PengaduanRecord = {
  no_tiket: 'ADU-202611-00017',
  no_referensi: '',
  nik_pelapor: '3674011708850003',
  nama_pelapor: ' Budi  Santoso ',
  no_hp: '0812-3456-7890',
  saluran: 'w',
  kategori: '01',
  unit: '367401',
  no_permohonan: ' po - 20261101 - 00017',
  judul: '',
  isi: ' KTP belum jadi sejak dua minggu. ',
  status: 3,
  tgl_lapor: '02-11-2026 08:15:00',
  tgl_update: '04-11-2026 10:00:09',
  riwayat: [
    { id: 812, jenis: 'J', status: '3', isi: 'Sudah diteruskan.', petugas: 'RINA.PENGADUAN', tgl: '04-11-2026 10:00:09', no_referensi: 'JWB-1' },
    { id: 801, jenis: 'L', status: 1, isi: '', petugas: '', tgl: '02-11-2026 08:15:00', no_referensi: '' },
  ],
};

describe('pengaduan mapping', () => {
  it('decodes a complaint with its history into domain terms', () => {
    expect(toComplaint(record)).toEqual({
      ticketNumber: 'ADU-202611-00017',
      reference: null,
      complainantNik: '3674011708850003',
      complainantName: 'Budi Santoso',
      source: 'WEB',
      channel: 'ONLINE',
      category: 'ID_CARD',
      concerns: { kind: 'KECAMATAN', id: '36.74.01' },
      serviceRequestNumber: 'PO-20261101-00017',
      subject: null,
      status: 'ANSWERED',
      submittedAt: '2026-11-02T08:15:00',
      updatedAt: '2026-11-04T10:00:09',
      text: 'KTP belum jadi sejak dua minggu.',
      phone: '+6281234567890',
      history: [
        { id: '801', kind: 'SUBMITTED', status: 'RECEIVED', text: null, by: null, at: '2026-11-02T08:15:00', reference: null },
        { id: '812', kind: 'ANSWERED', status: 'ANSWERED', text: 'Sudah diteruskan.', by: 'RINA.PENGADUAN', at: '2026-11-04T10:00:09', reference: 'JWB-1' },
      ],
    });
  });

  it('maps every code, and codes it does not know (a retired category, a new status) to null', () => {
    expect([1, '2', 3, 4, '9', 5, null].map(decodeStatus)).toEqual(['RECEIVED', 'IN_PROGRESS', 'ANSWERED', 'CLOSED', 'REJECTED', null, null]);
    expect(['01', '2', '03', '04', '05', '06', '07', '08', '09', '10', ''].map(decodeCategory)).toEqual(['ID_CARD', 'FAMILY_CARD', 'CIVIL_REGISTRY', 'MOVING', 'ONLINE_SERVICE', 'QUEUE', 'STAFF_CONDUCT', 'ILLEGAL_FEES', 'OTHER', null, null]);
    expect(['W', 's', 'L', 'M', 'X'].map(decodeSource)).toEqual(['WEB', 'SMS', 'COUNTER', 'SOCIAL_MEDIA', null]);
    expect(toComplaint({ ...record, saluran: 'L' }).channel).toBe('OFFLINE');
  });

  it('reads the unit a complaint is about as a service point, and writes it back', () => {
    expect(['DINAS', 'online', '367401', '3674011001', '', '36.74.01'].map(decodeUnit)).toEqual([
      { kind: 'DINAS', id: null }, { kind: 'ONLINE_PORTAL', id: null }, { kind: 'KECAMATAN', id: '36.74.01' }, { kind: 'KELURAHAN', id: '36.74.01.1001' }, null, null,
    ]);
    expect(encodeUnit({ kind: 'KELURAHAN', id: '36.74.01.1001' })).toBe('3674011001');
    expect(() => encodeUnit({ kind: 'MALL_KIOSK', id: 'ADM-01' })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'UNSUPPORTED_SERVICE_POINT' }) }));
  });

  it('treats an anonymous complaint as having no complainant', () => {
    expect(toComplaint({ ...record, nik_pelapor: '', nama_pelapor: 'HAMBA ALLAH' })).toMatchObject({ complainantNik: null, complainantName: null });
    expect(decodeNik(3674011708850003)).toBe('3674011708850003');
    expect(decodeNik('12345')).toBeNull();
  });

  it('normalises what residents type: application numbers and phones', () => {
    expect(normaliseRequestNumber(' po - 20261101 - 00017')).toBe('PO-20261101-00017');
    expect(normaliseRequestNumber(' - ')).toBeNull();
    expect(['081234567890', '+6281234567890', '6281234567890', '0812-3456-7890', '021-555', ''].map(normalisePhone)).toEqual(['+6281234567890', '+6281234567890', '+6281234567890', '+6281234567890', null, null]);
  });

  it('makes and reads its own feed cursors only', () => {
    expect(HISTORY_FEED.idOf(null)).toBe(0);
    expect(HISTORY_FEED.idOf(HISTORY_FEED.cursorFor(812))).toBe(812);
    expect(() => HISTORY_FEED.idOf('812')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'INVALID_CURSOR' }) }));
    expect(toChange({ id: 9, no_tiket: 'ADU-202611-00017', jenis: 'S', status: 9, isi: 'LAPORAN GANDA', petugas: 'ADMIN', tgl: '05-11-2026 09:00:00' })).toMatchObject({ ticketNumber: 'ADU-202611-00017', kind: 'STATUS_CHANGED', status: 'REJECTED', text: 'LAPORAN GANDA', cursor: 'pengaduan:9' });
  });

  it('writes a complaint the way the desk reads it', () => {
    expect(complaintBody({
      reference: 'PGD-1', complainantNik: null, complainantName: 'Warga', source: 'SMS', category: 'ILLEGAL_FEES', concerns: { kind: 'DINAS', id: null }, text: 'Ada pungutan di loket tiga.',
    })).toEqual({ no_referensi: 'PGD-1', nik_pelapor: undefined, nama_pelapor: 'Warga', no_hp: undefined, saluran: 'S', kategori: '08', unit: 'DINAS', no_permohonan: undefined, judul: undefined, isi: 'Ada pungutan di loket tiga.' });
  });
});
