import { cursorFor, decodeServices, encodeServices, isoDateTime, sequenceOf, toScheduleLine, toVisit } from './mapping';

const event = (overrides: Record<string, string>) => ({
  NO_URUT: '1', NO_KUNJUNGAN: 'JB-3674-26-000001', ID_KUNJUNGAN: 'KEL1001-261101-0001', NIK: '3674014508400002', KD_KEL: '3674011001', KD_LAYANAN: 'REK+KK+XYZ',
  KD_SASARAN: 'L', TGL_RENCANA: '05112026', STATUS: 'J', KD_ALASAN: '', TGL_STATUS: '01112026', JAM_STATUS: '0915', PETUGAS: 'BATCH', KETERANGAN: '', ...overrides,
});

describe('jemput-bola mapping', () => {
  it('folds a visit\'s events into an OFFLINE request at an OUTREACH point with its timeline', () => {
    const visit = toVisit([event({}), event({ NO_URUT: '7', STATUS: 'U', TGL_RENCANA: '09112026', TGL_STATUS: '05112026', JAM_STATUS: '1030', PETUGAS: 'TIM JB 1', KETERANGAN: 'SEDANG BEROBAT' }), event({ NO_URUT: '9', STATUS: 'L', TGL_RENCANA: '09112026', TGL_STATUS: '09112026', JAM_STATUS: '1100', PETUGAS: 'TIM JB 1' })]);
    expect(visit).toEqual({
      visitNumber: 'JB-3674-26-000001', applicantNik: '3674014508400002', serviceKind: 'FIRST_ID_CARD', services: ['FIRST_ID_CARD', 'FAMILY_CARD_CHANGE'], channel: 'OFFLINE',
      servicePoint: { kind: 'OUTREACH', id: '36.74.01.1001' }, reason: 'ELDERLY', plannedDate: '2026-11-09', status: 'COMPLETED', outcome: 'SERVED', submittedAt: '2026-11-01T09:15:00', rejection: null,
      timeline: [
        { status: 'SUBMITTED', at: '2026-11-01T09:15:00', note: null, by: null },
        { status: 'SUBMITTED', at: '2026-11-05T10:30:00', note: 'RESCHEDULED TO 2026-11-09: SEDANG BEROBAT', by: 'TIM JB 1' },
        { status: 'COMPLETED', at: '2026-11-09T11:00:00', note: null, by: 'TIM JB 1' },
      ],
    });
  });

  it('maps not at home and called off to CANCELLED, a refused line to REJECTED with its reason, unknown codes to null', () => {
    expect(toVisit([event({ STATUS: 'T', KETERANGAN: 'RUMAH KOSONG' })])).toMatchObject({ status: 'CANCELLED', outcome: 'NOT_AT_HOME', timeline: [{ note: 'NOT AT HOME: RUMAH KOSONG' }] });
    expect(toVisit([event({ STATUS: 'B' })])).toMatchObject({ status: 'CANCELLED', outcome: 'CALLED_OFF' });
    expect(toVisit([event({ STATUS: 'X', KD_ALASAN: 'A06' })])).toMatchObject({ status: 'REJECTED', rejection: 'DAY_FULL', outcome: null });
    expect(toVisit([event({ STATUS: 'Z', KD_SASARAN: 'Q', KD_LAYANAN: 'XYZ' })])).toMatchObject({ status: null, reason: null, serviceKind: null, services: [], timeline: [] });
    expect(decodeServices('ktp+ikd')).toEqual(['ID_CARD_REPLACEMENT', 'DIGITAL_ID_ACTIVATION']);
    expect(isoDateTime('31022026', '0900')).toBeNull();
  });

  it('writes a schedule line the way the app reads it, refusing what it cannot carry', () => {
    const request = { reference: 'SVC-1', nik: '3674014508400002', name: 'Siti Aminah', kelurahanCode: '36.74.01.1001', address: 'Jl. Melati 3', plannedDate: '2026-12-03', services: ['FIRST_ID_CARD', 'DIGITAL_ID_ACTIVATION'] as const, reason: 'SICK' as const };
    expect(toScheduleLine({ ...request, services: [...request.services] }).slice(1)).toEqual(['3674014508400002', 'Siti Aminah', '3674011001', 'Jl. Melati 3', '03-12-2026', 'REK+IKD', 'S', '']);
    expect(() => toScheduleLine({ ...request, services: ['LEGALISATION'] })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'NOT_OFFERED_AT_HOME' }) }));
    expect(() => toScheduleLine({ ...request, services: [], address: 'a;b' })).toThrow();
    expect(() => encodeServices([])).toThrow();
    expect(() => toScheduleLine({ ...request, services: ['FIRST_ID_CARD'], name: 'Łucja' })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ argument: 'name' }) }));
  });

  it('reads only its own cursors', () => {
    expect(sequenceOf(cursorFor(42))).toBe(42);
    expect(sequenceOf(null)).toBe(0);
    expect(() => sequenceOf('pengaduan:42')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'INVALID_CURSOR' }) }));
  });
});
