import { decodeCursor, decodeKind, decodeStatus, encodeCursor, groupRequests, kindCode, parseRequestId, rejectionReason, requestId, statusCodes, toAppDate, type ItemJoinedRow } from './mapping';

const item: ItemJoinedRow = {
  ID_ITEM: 5, NO_BATCH: 'SRN-3674011001-20260105-0001', NO_URUT: 2, JENIS_BERKAS: '3', NIK_PEMOHON: '3674010101800001', NIK_SUBJEK: null, NO_KK: '3674010101150001',
  NAMA_SUBJEK: 'BAYI  ANDI', TGL_PERISTIWA: '03-01-2026', STATUS: 'S', ALASAN_TOLAK: null, TGL_STATUS: '2026-01-07 10:00:00', TGL_KIRIM: '2026-01-05 09:00:00',
  NO_PROP: 36, NO_KAB: 74, NO_KEC: 1, NO_KEL: 1001, H_ID: null, H_STATUS: null, H_CATATAN: null, H_PETUGAS: null, H_TGL: null,
};
const step = (id: number, status: string, at: string, by: string | null, note: string | null = null) => ({ ...item, H_ID: id, H_STATUS: status, H_TGL: at, H_PETUGAS: by, H_CATATAN: note });

describe('sirena mapping', () => {
  it('decodes status letters, kind codes and the app\'s reasons; unknown ones to null or a catch-all', () => {
    expect(['K', 'v', 'T', 'P', 'S', 'A', 'X', null].map(decodeStatus)).toEqual(['SUBMITTED', 'VERIFYING', 'REJECTED', 'IN_PROCESS', 'READY', 'COMPLETED', null, null]);
    expect([1, '2', 3, 4, 5, 6, 9, null].map(decodeKind)).toEqual(['FAMILY_CARD_NEW', 'FAMILY_CARD_CHANGE', 'BIRTH_REGISTRATION', 'DEATH_REGISTRATION', 'MARRIAGE_REGISTRATION', 'DIVORCE_REGISTRATION', null, null]);
    expect(kindCode('FIRST_ID_CARD')).toBeUndefined();
    expect(statusCodes(['READY', 'DRAFT', 'CANCELLED'])).toEqual(['S']);
    expect(rejectionReason('TANGGAL PERISTIWA TIDAK VALID')).toBe('INVALID_EVENT_DATE');
    expect(rejectionReason('Berkas persyaratan tidak lengkap')).toBe('REJECTED_BY_APP');
  });

  it('writes dates the app\'s way, and leaves what is not a date for the app to judge', () => {
    expect(toAppDate('2026-01-03')).toBe('03-01-2026');
    expect(toAppDate('3 Jan 2026')).toBe('3 Jan 2026');
    expect(toAppDate(undefined)).toBeNull();
  });

  it('makes request ids from batch and item numbers, and reads only its own', () => {
    expect(requestId('SRN-3674011001-20260105-0001 ', 2)).toBe('SRN-3674011001-20260105-0001/2');
    expect(parseRequestId('SRN-3674011001-20260105-0001/2')).toEqual({ batchNumber: 'SRN-3674011001-20260105-0001', itemNumber: 2 });
    expect(parseRequestId("SRN-1'; --/2")).toBeUndefined();
    expect(decodeCursor(encodeCursor(9))).toBe(9);
    expect(() => decodeCursor('po1.9')).toThrow();
  });

  it('groups items with their history into requests, completing a history that misses the current status', () => {
    const [request] = groupRequests([step(2, 'V', '2026-01-06 09:00:00', '1980'), step(1, 'K', '2026-01-05 09:00:00', 'kel1001')]);
    expect(request).toMatchObject({
      id: 'SRN-3674011001-20260105-0001/2', serviceKind: 'BIRTH_REGISTRATION', channel: 'OFFLINE', servicePoint: { kind: 'KELURAHAN', id: '36.74.01.1001' },
      subjectName: 'BAYI ANDI', eventDate: '2026-01-03', status: 'READY', submittedAt: '2026-01-05T09:00:00', rejectionReason: null,
    });
    expect(request!.timeline.map((c) => [c.status, c.by])).toEqual([['SUBMITTED', 'kel1001'], ['VERIFYING', '1980'], ['READY', null]]);
  });
});
