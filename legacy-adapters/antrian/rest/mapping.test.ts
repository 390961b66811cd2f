import { bookingBody, decodeChannel, decodeCursor, decodeOffice, decodeServiceKind, decodeTicketState, encodeCursor, encodeOffice, encodeStatuses, filterQuery, groupByApplicant, toAppointment, toChange, type AntrianRecord } from './mapping';

const record: AntrianRecord = {
  id_antrian: 4711,
  no_tiket: 'A-017',
  kd_kantor: '367403',
  kd_layanan: 'A',
  tgl_kunjungan: '08-12-2026',
  nik: '3674034508090002',
  nama: 'SITI  AMINAH ',
  no_hp: '',
  sumber: 'WEB',
  status: 'CHECK_IN',
  jam_daftar: '01-12-2026 20:14:03',
  loket: 'B02',
  petugas: '',
  kd_referensi: 'BK-20261208-004711',
  riwayat: [
    { status: 'BOOKED', waktu: '01-12-2026 20:14:03', petugas: '', ket: '' },
    { status: 'DIPANGGIL', waktu: '08-12-2026 08:59:00', petugas: '', ket: '' },
    { status: 'CHECK_IN', waktu: '08-12-2026 09:02:41', petugas: '198001012005011001', ket: '-' },
  ],
};

describe('antrian mapping', () => {
  it('decodes a booking into a service request with its ticket state and timeline', () => {
    expect(toAppointment(record)).toEqual({
      id: '4711',
      ticket: 'A-017',
      serviceKind: 'FIRST_ID_CARD',
      channel: 'ONLINE',
      servicePoint: { kind: 'KECAMATAN', id: '36.74.03' },
      applicantNik: '3674034508090002',
      applicantName: 'SITI AMINAH',
      visitDate: '2026-12-08',
      status: 'IN_PROCESS',
      ticketState: 'CHECKED_IN',
      submittedAt: '2026-12-01T20:14:03',
      counter: 'B02',
      reference: 'BK-20261208-004711',
      timeline: [
        { status: 'SUBMITTED', ticketState: 'BOOKED', at: '2026-12-01T20:14:03', note: null, by: null },
        // The unknown 'DIPANGGIL' step is left out rather than guessed.
        { status: 'IN_PROCESS', ticketState: 'CHECKED_IN', at: '2026-12-08T09:02:41', note: null, by: '198001012005011001' },
      ],
    });
  });

  it('maps the vendor\'s statuses onto request statuses, a no-show ending as a cancellation, unknown words to null', () => {
    expect(['BOOKED', 'check in', 'SELESAI', 'NO_SHOW', 'BATAL', 'DIPANGGIL', null].map(decodeTicketState)).toEqual(['BOOKED', 'CHECKED_IN', 'SERVED', 'NO_SHOW', 'CANCELLED', null, null]);
    expect(['BOOKED', 'CHECK_IN', 'SELESAI', 'NO_SHOW', 'BATAL'].map((s) => toAppointment({ ...record, status: s }).status)).toEqual(['SUBMITTED', 'IN_PROCESS', 'COMPLETED', 'CANCELLED', 'CANCELLED']);
    expect(toAppointment({ ...record, status: 'ARSIP' })).toMatchObject({ status: null, ticketState: null });
    expect(encodeStatuses(['CANCELLED'])).toEqual(['NO_SHOW', 'BATAL']);
    expect(encodeStatuses(['VERIFYING', 'READY'])).toEqual([]);
  });

  it('knows each queue\'s service, the offices and the channels', () => {
    expect(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'Z'].map(decodeServiceKind)).toEqual([
      'FIRST_ID_CARD', 'ID_CARD_REPLACEMENT', 'FAMILY_CARD_NEW', 'FAMILY_CARD_CHANGE', 'CHILD_ID_CARD', 'BIRTH_REGISTRATION', 'DEATH_REGISTRATION', 'MOVE_OUT', 'MOVE_IN', 'DIGITAL_ID_ACTIVATION', 'MARRIAGE_REGISTRATION', 'DIVORCE_REGISTRATION', null,
    ]);
    expect(['00', '367401', '3674', ' ', undefined].map(decodeOffice)).toEqual([{ kind: 'DINAS', id: null }, { kind: 'KECAMATAN', id: '36.74.01' }, null, null, null]);
    expect(encodeOffice({ kind: 'KECAMATAN', id: '36.74.01' })).toBe('367401');
    expect(encodeOffice({ kind: 'DINAS', id: null })).toBe('00');
    expect(encodeOffice({ kind: 'MALL_KIOSK', id: 'ADM-01' })).toBeUndefined();
    expect(encodeOffice({ kind: 'KECAMATAN', id: '36.74.01.1001' })).toBeUndefined();
    expect(['WEB', 'APP', 'LOKET', 'WA'].map(decodeChannel)).toEqual(['ONLINE', 'ONLINE', 'OFFLINE', null]);
  });

  it('reads a NIK sent as a JSON number, and treats blanks as none', () => {
    expect(toAppointment({ ...record, nik: 3674034508090002, loket: ' ', kd_referensi: '', tgl_kunjungan: '00-00-0000' })).toMatchObject({ applicantNik: '3674034508090002', counter: null, reference: null, visitDate: null });
  });

  it('writes a booking the way the application reads it', () => {
    expect(bookingBody({ reference: 'PORTAL-1', applicantNik: '3674034508090002', applicantName: 'Siti Aminah', servicePoint: { kind: 'DINAS', id: null }, serviceKind: 'CHILD_ID_CARD', visitDate: '2026-12-08', channel: 'ONLINE' }, '00', 'E', 'WEB')).toEqual({
      kd_referensi: 'PORTAL-1', nik: '3674034508090002', nama: 'Siti Aminah', no_hp: undefined, kd_kantor: '00', kd_layanan: 'E', tgl_kunjungan: '08-12-2026', sumber: 'WEB',
    });
  });

  it('turns a worklist filter into the app\'s parameters, or into nothing to ask when it cannot match', () => {
    expect(filterQuery({ servicePoint: { kind: 'KECAMATAN', id: '36.74.02' }, statuses: ['SUBMITTED', 'COMPLETED'], serviceKinds: ['FIRST_ID_CARD', 'LEGALISATION'], submittedFrom: '2026-12-01', visitTo: '2026-12-31' })).toEqual({
      kd_kantor: '367402', status: ['BOOKED', 'SELESAI'], kd_layanan: ['A'], tgl_daftar_dari: '01-12-2026', tgl_daftar_sampai: undefined, tgl_kunjungan_dari: undefined, tgl_kunjungan_sampai: '31-12-2026',
    });
    expect(filterQuery({ statuses: ['CANCELLED'], ticketStates: ['NO_SHOW'] })).toMatchObject({ status: ['NO_SHOW'] });
    expect(filterQuery({ servicePoint: { kind: 'ONLINE_PORTAL', id: null } })).toBeUndefined();
    expect(filterQuery({ statuses: ['VERIFYING'] })).toBeUndefined();
    expect(filterQuery({ serviceKinds: ['LEGALISATION'] })).toBeUndefined();
  });

  it('wraps the log id in a cursor of its own, and refuses others', () => {
    expect(encodeCursor(812)).toBe('antrian:log:812');
    expect(decodeCursor('antrian:log:812')).toBe(812);
    expect(decodeCursor('812')).toBeUndefined();
    expect(decodeCursor('portal:log:812')).toBeUndefined();
  });

  it('reads a log entry as a change of a booking, skipping states it does not know', () => {
    const change = toChange({ id_log: 9, id_antrian: 4711, no_tiket: 'A-017', kd_kantor: '00', kd_layanan: 'B', tgl_kunjungan: '08-12-2026', nik: '3674034508090002', sumber: 'LOKET', status: 'NO_SHOW', waktu: '08-12-2026 16:00:00', petugas: '', ket: 'TUTUP HARI', status_terkini: 'NO_SHOW' }, 'antrian:log:9');
    expect(change).toEqual({
      cursor: 'antrian:log:9', appointmentId: '4711', ticket: 'A-017', applicantNik: '3674034508090002', serviceKind: 'ID_CARD_REPLACEMENT', servicePoint: { kind: 'DINAS', id: null }, channel: 'OFFLINE', visitDate: '2026-12-08',
      change: { status: 'CANCELLED', ticketState: 'NO_SHOW', at: '2026-12-08T16:00:00', note: 'TUTUP HARI', by: null }, currentStatus: 'CANCELLED',
    });
    expect(toChange({ id_log: 10, id_antrian: 1, status: 'DIPANGGIL', waktu: '08-12-2026 16:00:00' }, 'antrian:log:10')).toBeUndefined();
  });

  it('groups a batch answer under each asked NIK', () => {
    const grouped = groupByApplicant([{ ...record, id_antrian: 1 }, { ...record, id_antrian: 2 }, { ...record, id_antrian: 3, nik: '3674010101150004' }], ['3674034508090002', '3674019999999999']);
    expect(grouped.get('3674034508090002')!.map((a) => a.id)).toEqual(['1', '2']);
    expect(grouped.size).toBe(1);
  });
});
