import { cleanText, decodeNik, decodeReason, decodeStatus, encodeReason, encodeStatus, groupByNik, toCardPrintJob, type CetakRecord } from './mapping';

const record: CetakRecord = {
  no_cetak: 'CTK-3674-20260105-00017',
  nik: 3674014508900002,
  no_permohonan: 'PORTAL-2026-000001',
  status_cetak: 'SIAP_AMBIL',
  alasan: '2',
  lokasi_ambil: 'KANTOR  KECAMATAN SERPONG ',
  tgl_permohonan: '05-01-2026 09:14:03',
  tgl_cetak: '06-01-2026',
  tgl_ambil: '00-00-0000',
  keterangan: '-',
};

describe('ktp-cetak mapping', () => {
  it('decodes a job record into domain terms', () => {
    expect(toCardPrintJob(record)).toEqual({
      jobNumber: 'CTK-3674-20260105-00017',
      nik: '3674014508900002',
      status: 'READY_FOR_PICKUP',
      reason: 'LOST',
      reference: 'PORTAL-2026-000001',
      requestedAt: '2026-01-05T09:14:03',
      printedOn: '2026-01-06',
      collectedOn: null,
      pickupPlace: 'KANTOR KECAMATAN SERPONG',
      failureNote: null,
    });
  });

  it('reads the NIK sent as a JSON number or as text', () => {
    expect(decodeNik(3674014508900002)).toBe('3674014508900002');
    expect(decodeNik(' 3674014508900002 ')).toBe('3674014508900002');
  });

  it('reads every spelling of the statuses, and nothing it does not know', () => {
    expect(['ANTRI', 'CETAK', 'SIAP_AMBIL', 'DIAMBIL', 'GAGAL'].map(decodeStatus)).toEqual(['QUEUED', 'PRINTING', 'READY_FOR_PICKUP', 'COLLECTED', 'FAILED']);
    expect(decodeStatus('SIAP AMBIL')).toBe('READY_FOR_PICKUP');
    expect(decodeStatus('Diambil')).toBe('COLLECTED');
    expect(decodeStatus(' gagal ')).toBe('FAILED');
    expect(decodeStatus('DIBATALKAN')).toBeNull();
    expect(decodeStatus(null)).toBeNull();
    expect(encodeStatus('READY_FOR_PICKUP')).toBe('SIAP_AMBIL');
  });

  it('reads the reason boxes, as text or number, both ways', () => {
    expect(['1', '2', '3', '4', 4, '9', null].map(decodeReason)).toEqual(['NEW', 'LOST', 'DAMAGED', 'DATA_CHANGE', 'DATA_CHANGE', null, null]);
    expect(encodeReason('DAMAGED')).toBe('3');
  });

  it('treats the application\'s blanks as none', () => {
    expect(toCardPrintJob({ ...record, no_permohonan: '', lokasi_ambil: '', tgl_cetak: '', tgl_ambil: '00-00-0000', tgl_permohonan: '' })).toMatchObject({
      reference: null, pickupPlace: null, printedOn: null, collectedOn: null, requestedAt: null,
    });
    expect(cleanText(' - ')).toBeNull();
  });

  it('keeps a failure note only on a failed job', () => {
    expect(toCardPrintJob({ ...record, status_cetak: 'GAGAL', keterangan: 'BLANKO  HABIS' }).failureNote).toBe('BLANKO HABIS');
    expect(toCardPrintJob({ ...record, status_cetak: 'ANTRI', keterangan: 'BLANKO HABIS' }).failureNote).toBeNull();
  });

  it('groups a batch answer by NIK, keeping the application\'s order', () => {
    const grouped = groupByNik([
      { ...record, no_cetak: 'A', nik: 3674014508900002 },
      { ...record, no_cetak: 'B', nik: '3674011708850003' },
      { ...record, no_cetak: 'C', nik: 3674014508900002 },
    ]);
    expect([...grouped.keys()]).toEqual(['3674014508900002', '3674011708850003']);
    expect(grouped.get('3674014508900002')!.map((j) => j.jobNumber)).toEqual(['A', 'C']);
  });
});
