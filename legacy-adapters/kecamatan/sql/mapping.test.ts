import {
  decodeService, decodeStatus, groupRequests, officeColumns, registrationPrefix, serviceCode, statusWord,
  toPermohonanValues, type PermohonanWithRiwayat,
} from './mapping';
import { decodeCursor, encodeCursor, legacyStamp } from '../../base/sql/cursors';

const row: PermohonanWithRiwayat = {
  id_permohonan: 7, no_registrasi: 'REG-367401-20240312-0003 ', kd_layanan: '4', nik_pemohon: '3674010101800001', nama_pemohon: 'BUDI  SANTOSO', no_kk: '3674010101100001',
  no_prop: 36, no_kab: 74, no_kec: 1, status: 'selesai ', nip_petugas: '198001012005011001', keterangan: 'DIAMBIL SENDIRI', tgl_daftar: '2024-03-12 09:15:00',
  tgl_update: '2024-03-14 10:00:00', ref_gerbang: null, r_id: null, r_status: null, r_nip: null, r_catatan: null, r_tgl: null,
};

describe('kecamatan mapping', () => {
  it('decodes service codes and status words (version 1 wrote them in lower case); unknown ones to null', () => {
    expect([1, '2', 3, 4, 5, 6, 7, 99, null].map(decodeService)).toEqual(['FIRST_ID_CARD', 'ID_CARD_REPLACEMENT', 'FAMILY_CARD_NEW', 'FAMILY_CARD_CHANGE', 'CHILD_ID_CARD', 'MOVE_OUT', 'MOVE_IN', null, null]);
    expect(['DITERIMA', ' diproses', 'SELESAI', 'ditolak', 'BATAL', null].map(decodeStatus)).toEqual(['SUBMITTED', 'IN_PROCESS', 'COMPLETED', 'REJECTED', null, null]);
    expect([serviceCode('MOVE_IN'), serviceCode('LEGALISATION')]).toEqual([7, undefined]);
    expect([statusWord('REJECTED'), statusWord('DRAFT')]).toEqual(['DITOLAK', undefined]);
  });

  it('makes the timeline of a version 1 request from its row: received, then where it stands', () => {
    const [request] = groupRequests([row]);
    expect(request).toEqual({
      registrationNumber: 'REG-367401-20240312-0003', service: 'FAMILY_CARD_CHANGE', channel: 'OFFLINE', servicePoint: { kind: 'KECAMATAN', id: '36.74.01' },
      applicantNik: '3674010101800001', applicantName: 'BUDI SANTOSO', familyCardNumber: '3674010101100001', status: 'COMPLETED',
      submittedAt: '2024-03-12T09:15:00', updatedAt: '2024-03-14T10:00:00', counterStaffNip: '198001012005011001', note: 'DIAMBIL SENDIRI', reference: null,
      timeline: [
        { status: 'SUBMITTED', at: '2024-03-12T09:15:00', note: null, by: null },
        { status: 'COMPLETED', at: '2024-03-14T10:00:00', note: 'DIAMBIL SENDIRI', by: '198001012005011001' },
      ],
    });
    expect(groupRequests([{ ...row, status: 'DITERIMA' }])[0]!.timeline).toEqual([{ status: 'SUBMITTED', at: '2024-03-12T09:15:00', note: null, by: '198001012005011001' }]);
  });

  it('groups joined history rows per request, in order, skipping words it does not know', () => {
    const history = (r_id: number, r_status: string, r_tgl: string, id = 7): PermohonanWithRiwayat => ({ ...row, id_permohonan: id, status: 'DITOLAK', r_id, r_status, r_tgl, r_nip: '198001012005011001', r_catatan: r_status === 'DITOLAK' ? 'BERKAS TIDAK LENGKAP' : null });
    const requests = groupRequests([history(1, 'DITERIMA', '2024-08-01 09:00:00'), history(2, 'CEK', '2024-08-01 09:30:00'), history(3, 'DITOLAK', '2024-08-02 10:00:00'), { ...row, id_permohonan: 8, no_registrasi: 'REG-2' }]);
    expect(requests.map((r) => r.registrationNumber)).toEqual(['REG-367401-20240312-0003', 'REG-2']);
    expect(requests[0]!.timeline).toEqual([
      { status: 'SUBMITTED', at: '2024-08-01T09:00:00', note: null, by: '198001012005011001' },
      { status: 'REJECTED', at: '2024-08-02T10:00:00', note: 'BERKAS TIDAK LENGKAP', by: '198001012005011001' },
    ]);
  });

  it('reads offices, dates and cursors, and refuses others', () => {
    expect(officeColumns('36.74.03')).toEqual({ no_prop: 36, no_kab: 74, no_kec: 3 });
    expect(officeColumns('36.74')).toBeUndefined();
    expect(registrationPrefix('36.74.03', '2026-11-30')).toBe('REG-367403-20261130-');
    expect(legacyStamp('2026-11-30', 'from')).toBe('2026-11-30 00:00:00');
    expect(legacyStamp('2026-11-30T08:15', 'from')).toBe('2026-11-30 08:15:00');
    expect(() => legacyStamp("2026-11-30'; --", 'from')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'INVALID_DATE' }) }));
    const cursor = encodeCursor('t', 5);
    expect(decodeCursor(cursor, 't', 'after', (p): p is [number] => typeof p[0] === 'number')).toEqual([5]);
    expect(() => decodeCursor(cursor, 'other', 'after', (_p): _p is [number] => true)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'INVALID_CURSOR' }) }));
    expect(() => decodeCursor('!!', 't', 'after', (_p): _p is [number] => true)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'INVALID_CURSOR' }) }));
  });

  it('writes a submission as the counter screen does', () => {
    expect(toPermohonanValues({ clientReference: 'R-1', service: 'CHILD_ID_CARD', kecamatanCode: '36.74.05', applicantNik: '3674050101800001', applicantName: ' Ani  Lestari ' }, '2026-11-30 10:00:00')).toEqual({
      kd_layanan: 5, nik_pemohon: '3674050101800001', nama_pemohon: 'ANI LESTARI', no_kk: null, no_prop: 36, no_kab: 74, no_kec: 5, status: 'DITERIMA',
      nip_petugas: null, keterangan: null, tgl_daftar: '2026-11-30 10:00:00', tgl_update: '2026-11-30 10:00:00', ref_gerbang: 'R-1',
    });
  });
});
