import { decodeDocument, decodeSource, decodeStatus, documentCode, requestPrefix, statusLetter, toLegalisationRequest, toLgsValues, type LgsRow } from './mapping';

const row: LgsRow = {
  ID: 3, NO_PERMOHONAN: 'LGS-3674-20251103-0002', NIK_PEMOHON: '3674014101900001', NAMA_PEMOHON: 'RINA  WATI', KD_DOK: 'KK', NO_DOK: '3674011203150001',
  TGL_TERBIT_DOK: '12-03-2015', JML_LEMBAR: '3', SUMBER: 'L', STATUS: 'A', TGL_MASUK: '2025-11-03 09:00:00', TGL_VERIFIKASI: '2025-11-03 10:30:00',
  TGL_SIAP: '2025-11-04 08:15:00', TGL_AMBIL: '2025-11-06 13:00:00', TGL_TOLAK: null, ALASAN_TOLAK: null, PETUGAS: 'DEWI.K', TGL_UBAH: '2025-11-06 13:00:00', REF_GERBANG: null,
};

describe('legalisir mapping', () => {
  it('decodes a collected request, its timeline made from the step dates', () => {
    expect(toLegalisationRequest(row)).toEqual({
      requestNumber: 'LGS-3674-20251103-0002', service: 'LEGALISATION', channel: 'OFFLINE', servicePoint: { kind: 'DINAS', id: null },
      applicantNik: '3674014101900001', applicantName: 'RINA WATI', document: { kind: 'FAMILY_CARD', number: '3674011203150001', issuedOn: '2015-03-12' },
      copies: 3, status: 'COMPLETED', submittedAt: '2025-11-03T09:00:00', updatedAt: '2025-11-06T13:00:00', officer: 'DEWI.K', note: null, reference: null,
      timeline: [
        { status: 'SUBMITTED', at: '2025-11-03T09:00:00', note: null, by: null },
        { status: 'VERIFYING', at: '2025-11-03T10:30:00', note: null, by: null },
        { status: 'READY', at: '2025-11-04T08:15:00', note: null, by: null },
        { status: 'COMPLETED', at: '2025-11-06T13:00:00', note: null, by: 'DEWI.K' },
      ],
    });
  });

  it('a rejection carries its reason; an online request comes from the portal', () => {
    const rejected = toLegalisationRequest({ ...row, SUMBER: 'O', STATUS: 'T', TGL_SIAP: null, TGL_AMBIL: null, TGL_TOLAK: '2025-11-03 11:00:00', ALASAN_TOLAK: 'FOTOKOPI TIDAK TERBACA', PETUGAS: 'AGUS.P' });
    expect(rejected).toMatchObject({ channel: 'ONLINE', servicePoint: { kind: 'ONLINE_PORTAL', id: null }, status: 'REJECTED', note: 'FOTOKOPI TIDAK TERBACA' });
    expect(rejected.timeline.map((c) => c.status)).toEqual(['SUBMITTED', 'VERIFYING', 'REJECTED']);
    expect(rejected.timeline.at(-1)).toMatchObject({ note: 'FOTOKOPI TIDAK TERBACA', by: 'AGUS.P' });
  });

  it('reads codes and letters, unknown ones to null', () => {
    expect(['KK', 'ktp', 'AKTA_LHR', 'AKTA_MATI', 'AKTA_KWN', 'AKTA_CRAI', 'KIA', 'PASPOR', null].map(decodeDocument)).toEqual(['FAMILY_CARD', 'ID_CARD', 'BIRTH_DEED', 'DEATH_DEED', 'MARRIAGE_DEED', 'DIVORCE_DEED', 'CHILD_ID_CARD', null, null]);
    expect(['B', 'v', 'S', 'A', 'T', 'X', null].map(decodeStatus)).toEqual(['SUBMITTED', 'VERIFYING', 'READY', 'COMPLETED', 'REJECTED', null, null]);
    expect(decodeSource('Z')).toEqual({ channel: null, servicePoint: null });
    expect([documentCode('BIRTH_DEED'), statusLetter('READY'), statusLetter('IN_PROCESS')]).toEqual(['AKTA_LHR', 'S', undefined]);
  });

  it('writes a submission as the entry screen does', () => {
    expect(toLgsValues({ clientReference: 'L-1', channel: 'ONLINE', applicantNik: '3674014101900001', applicantName: ' Rina  Wati ', document: { kind: 'BIRTH_DEED', number: '3674-lu-01012010-0001', issuedOn: '2010-01-05' }, copies: 2 }, '2026-11-30 10:00:00')).toEqual({
      NIK_PEMOHON: '3674014101900001', NAMA_PEMOHON: 'RINA WATI', KD_DOK: 'AKTA_LHR', NO_DOK: '3674-LU-01012010-0001', TGL_TERBIT_DOK: '05-01-2010', JML_LEMBAR: 2, SUMBER: 'O',
      STATUS: 'B', TGL_MASUK: '2026-11-30 10:00:00', PETUGAS: null, TGL_UBAH: '2026-11-30 10:00:00', REF_GERBANG: 'L-1',
    });
    expect(requestPrefix('36.74', '2026-11-30')).toBe('LGS-3674-20261130-');
  });
});
