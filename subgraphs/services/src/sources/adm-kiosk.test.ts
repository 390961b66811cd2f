import type { AdmKioskPort, KioskPrintRequest } from '@adapters/adm-kiosk';
import { deadlineIn } from '@core/deadline';
import { admKioskSource, fromPrintRequest } from './adm-kiosk';

const print = (overrides: Partial<KioskPrintRequest> = {}): KioskPrintRequest => ({
  id: '41',
  serviceKind: 'DOCUMENT_PRINT',
  channel: 'OFFLINE',
  servicePoint: { kind: 'MALL_KIOSK', id: 'ADM-M1-01' },
  mall: 'M1',
  applicantNik: '3674011708850001',
  document: { kind: 'FAMILY_CARD', number: '3674010101100001' },
  status: 'COMPLETED',
  pinState: 'USED',
  printState: 'PRINTED',
  submittedAt: '2026-11-30T10:00:00',
  pinValidUntil: '2026-11-30T10:15:00',
  printStartedAt: '2026-11-30T10:03:00',
  printExpectedAt: '2026-11-30T10:05:00',
  printEndedAt: '2026-11-30T10:05:00',
  failureReason: null,
  reference: 'GB-KP-x',
  timeline: [
    { status: 'SUBMITTED', step: 'PIN_ISSUED', at: '2026-11-30T10:00:00', note: null, by: null, kioskId: null },
    { status: 'IN_PROCESS', step: 'PRINT_STARTED', at: '2026-11-30T10:03:00', note: null, by: null, kioskId: 'ADM-M1-01' },
    { status: 'COMPLETED', step: 'PRINTED', at: '2026-11-30T10:05:00', note: null, by: null, kioskId: 'ADM-M1-01' },
  ],
  ...overrides,
});

/** A port that answers from fixed values and records what it was asked. */
function fakePort(answers: Partial<AdmKioskPort>): AdmKioskPort {
  return new Proxy({} as AdmKioskPort, {
    get: (_t, name: string) => (answers as Record<string, unknown>)[name] ?? (() => Promise.reject(new Error(`not expected: ${name}`))),
  });
}

describe('adm-kiosk as a request source', () => {
  it('maps a printed family card: the card is the request\'s family, the printout what it produced', () => {
    expect(fromPrintRequest(print())).toMatchObject({
      app: 'adm-kiosk', localId: '41', service: 'DOCUMENT_PRINT', channel: 'OFFLINE', servicePoint: { kind: 'MALL_KIOSK', id: 'ADM-M1-01' },
      applicantNik: '3674011708850001', otherNiks: [], familyNumber: '3674010101100001', status: 'COMPLETED', registrationNumber: null,
      producedDocuments: ['3674010101100001'], rejectionReason: null,
    });
  });

  it('names the child of a KIA, and says why a request ended unserved', () => {
    const expired = fromPrintRequest(print({
      document: { kind: 'CHILD_ID_CARD', number: '3674015505150002' }, status: 'CANCELLED', pinState: 'EXPIRED', printState: null, servicePoint: { kind: 'MALL_KIOSK', id: null },
      timeline: [
        { status: 'SUBMITTED', step: 'PIN_ISSUED', at: '2026-11-30T10:00:00', note: null, by: null, kioskId: null },
        { status: 'CANCELLED', step: 'PIN_EXPIRED', at: '2026-11-30T10:15:00', note: null, by: null, kioskId: null },
      ],
    }));
    expect(expired).toMatchObject({ otherNiks: ['3674015505150002'], familyNumber: null, producedDocuments: [] });
    expect(expired.timeline.at(-1)).toEqual({ status: 'CANCELLED', at: '2026-11-30T10:15:00', note: 'PIN expired unused', by: null });
    const failed = fromPrintRequest(print({ status: 'CANCELLED', printState: 'FAILED', timeline: [{ status: 'CANCELLED', step: 'PRINT_FAILED', at: '2026-11-30T10:04:00', note: 'KERTAS MACET', by: '198001012005011001', kioskId: 'ADM-M1-01' }] }));
    expect(failed.timeline[0]).toEqual({ status: 'CANCELLED', at: '2026-11-30T10:04:00', note: 'KERTAS MACET', by: '198001012005011001' });
    expect(failed.producedDocuments).toEqual([]);
  });

  it('is asked only for kiosk prints (offline, at a mall kiosk)', () => {
    const source = admKioskSource(fakePort({}));
    expect(source.couldMatch({})).toBe(true);
    expect(source.couldMatch({ servicePoint: { kind: 'MALL_KIOSK', id: 'ADM-M1-01' }, channel: 'OFFLINE', services: ['DOCUMENT_PRINT'] })).toBe(true);
    expect(source.couldMatch({ servicePoint: { kind: 'KECAMATAN', id: null } })).toBe(false);
    expect(source.couldMatch({ channel: 'ONLINE' })).toBe(false);
    expect(source.couldMatch({ services: ['LEGALISATION'] })).toBe(false);
  });

  it('answers "my requests" newest first, counts per status with the unknown ones apart, and reads on without a total', async () => {
    const older = print({ id: '1', submittedAt: '2026-11-01T09:00:00' });
    const newer = print({ id: '2', submittedAt: '2026-11-02T09:00:00' });
    const source = admKioskSource(fakePort({
      printRequestsOf: async () => new Map([['3674011708850001', [older, newer]]]),
      counts: async () => ({ byStatus: { COMPLETED: 7, CANCELLED: 2, SUBMITTED: 0 }, total: 10 }),
      worklist: async () => ({ requests: [older, newer], total: undefined, hasNextPage: true }),
    }));
    const d = deadlineIn(1_000);
    expect((await source.byApplicants(['3674011708850001'], d)).get('3674011708850001')!.map((r) => r.localId)).toEqual(['2', '1']);
    expect(await source.counts({}, d)).toEqual([{ channel: 'OFFLINE', status: 'COMPLETED', count: 7 }, { channel: 'OFFLINE', status: 'CANCELLED', count: 2 }, { channel: 'OFFLINE', status: null, count: 1 }]);
    expect(await source.counts({ statuses: ['CANCELLED'] }, d)).toEqual([{ channel: 'OFFLINE', status: 'CANCELLED', count: 2 }]);
    expect((await source.worklistPage!({}, 3, 2, d)).total).toBe(7);
  });

  it('turns the log\'s cursor into event ids once per step', async () => {
    const source = admKioskSource(fakePort({
      changesSince: async () => ({
        cursor: 'adm-kiosk:log:12',
        changes: [{ cursor: 'adm-kiosk:log:12', requestId: '41', change: { status: 'COMPLETED', step: 'PRINTED', at: '2026-11-30T10:05:00', note: null, by: null, kioskId: 'ADM-M1-01' }, request: print() }],
      }),
    }));
    const page = await source.changesSince('adm-kiosk:log:11', 100, deadlineIn(1_000));
    expect(page).toEqual({ cursor: 'adm-kiosk:log:12', changes: [{ changeId: 'log:12', localId: '41', applicantNik: '3674011708850001', service: 'DOCUMENT_PRINT', change: { status: 'COMPLETED', at: '2026-11-30T10:05:00', note: null, by: null } }] });
  });
});
