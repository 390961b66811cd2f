import { allowedFrom, decodeChannel, decodeCursor, decodeService, decodeStatus, encodeCursor, groupApplications, nextDay, registrationPrefix, serviceCodes, statusCodes, timelineOf, type JoinedLogRow, type PermohonanRow } from './mapping';

const row: PermohonanRow = {
  id_permohonan: 7, no_registrasi: '3674-ONL-20220310-0002 ', nik_pemohon: '3674014508900002', id_layanan: 2, status: 4, antar_ojol: '1', catatan: '  tolong  cepat ',
  tgl_dibuat: '2022-03-10 08:00:00', tgl_pengajuan: '2022-03-10 08:05:00', tgl_update: '2023-02-01 10:00:00', ref_klien: null, kode: 'KTP_HILANG', nama_layanan: 'KTP-el Hilang/Rusak', sla_hari: '1',
};
const noLog: JoinedLogRow = { log_id: null, log_status_lama: null, log_status_baru: null, log_keterangan: null, log_petugas: null, log_tgl: null };
const log = (id: number, from: number, to: number, at: string, by: string | null, note: string | null = null): JoinedLogRow => ({ log_id: id, log_status_lama: from, log_status_baru: to, log_keterangan: note, log_petugas: by, log_tgl: at });

describe('portal-online mapping', () => {
  it('decodes the portal\'s integer statuses, service codes and the ojol flag; unknown codes to null', () => {
    expect([0, '1', 2, 3, 4, 5, 9, null, ''].map(decodeStatus)).toEqual(['DRAFT', 'SUBMITTED', 'VERIFYING', 'REJECTED', 'IN_PROCESS', 'COMPLETED', null, null, null]);
    expect(['KTP_PEMULA', 'ktp_ubah ', 'SKAW', null].map(decodeService)).toEqual(['FIRST_ID_CARD', 'ID_CARD_REPLACEMENT', null, null]);
    expect([1, '1', 0, null].map(decodeChannel)).toEqual(['OJOL', 'OJOL', 'ONLINE', 'ONLINE']);
    expect(statusCodes(['READY', 'SUBMITTED', 'CANCELLED', 'COMPLETED'])).toEqual([1, 5]);
    expect(serviceCodes(['ID_CARD_REPLACEMENT'])).toEqual(['KTP_HILANG', 'KTP_UBAH']);
    expect(allowedFrom('COMPLETED')).toEqual([4]);
    expect(allowedFrom('SUBMITTED')).toEqual([]);
  });

  it('completes a pre-upgrade timeline from the application\'s columns, without inventing steps', () => {
    // Submitted in 2022 (no log row), processed in 2023 with no row either.
    expect(timelineOf(row, [noLog])).toEqual([
      { status: 'SUBMITTED', at: '2022-03-10T08:05:00', note: null, by: null },
      { status: 'IN_PROCESS', at: '2023-02-01T10:00:00', note: null, by: null },
    ]);
    // Logged steps are taken as they are, oldest first.
    const logged = timelineOf({ ...row, status: 3 }, [log(11, 1, 2, '2023-01-05 09:00:00', '1980', 'cek'), log(12, 2, 3, '2023-01-06 09:00:00', ' 1980 ', 'Scan  KK tidak terbaca')]);
    expect(logged.map((c) => c.status)).toEqual(['SUBMITTED', 'VERIFYING', 'REJECTED']);
    expect(logged[2]).toEqual({ status: 'REJECTED', at: '2023-01-06T09:00:00', note: 'Scan KK tidak terbaca', by: '1980' });
    // A draft: its creation only.
    expect(timelineOf({ ...row, status: 0, tgl_pengajuan: null }, [noLog])).toEqual([{ status: 'DRAFT', at: '2022-03-10T08:00:00', note: null, by: null }]);
  });

  it('groups joined rows into applications in their order', () => {
    const [first, second] = groupApplications([
      { ...row, ...log(3, 1, 4, '2023-03-02 10:00:00', 'X') },
      { ...row, id_permohonan: 8, no_registrasi: 'B', ...noLog },
      { ...row, ...log(2, 0, 1, '2023-03-01 10:00:00', null) },
    ]);
    expect(first).toMatchObject({
      registrationNumber: '3674-ONL-20220310-0002', serviceKind: 'ID_CARD_REPLACEMENT', serviceName: 'KTP-el Hilang/Rusak', channel: 'OJOL', servicePoint: { kind: 'ONLINE_PORTAL', id: null },
      status: 'IN_PROCESS', standardDays: 1, note: 'tolong cepat', reference: null, submittedAt: '2022-03-10T08:05:00',
    });
    expect(first!.timeline.map((c) => c.status)).toEqual(['SUBMITTED', 'IN_PROCESS']);
    expect(second?.registrationNumber).toBe('B');
  });

  it('gives out opaque cursors and refuses others', () => {
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    expect(decodeCursor(null)).toBe(0);
    expect(() => decodeCursor('42')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    expect(() => decodeCursor("po1.1'; --")).toThrow();
    expect(registrationPrefix('36.74', '2026-01-05')).toBe('3674-ONL-20260105-');
    expect(nextDay('2025-12-31')).toBe('2026-01-01');
  });
});
