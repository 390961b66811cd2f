import type { CounterRequest, KecamatanPort, WorklistFilter } from '@adapters/kecamatan';
import type { RequestSource, ServiceRequestRecord, SourceCount, SourceFilter } from './source';
import { dayAfter, eventSafe } from './conversions';
import { appointmentOfReference } from './links';

/** kecamatan (#17) as a request source: requests at the kecamatan counters (OFFLINE, KECAMATAN). */
export const KECAMATAN = 'kecamatan';

export function fromCounterRequest(r: CounterRequest): ServiceRequestRecord {
  return {
    app: KECAMATAN,
    localId: r.registrationNumber,
    service: r.service,
    serviceName: null,
    channel: r.channel,
    servicePoint: r.servicePoint,
    applicantNik: r.applicantNik,
    otherNiks: [],
    familyNumber: r.familyCardNumber,
    status: r.status,
    timeline: r.timeline,
    submittedAt: r.submittedAt,
    registrationNumber: r.registrationNumber,
    // The counter records no document numbers: the card or KK is issued in its register.
    producedDocuments: [],
    rejectionReason: r.status === 'REJECTED' ? r.note : null,
    appointment: appointmentOfReference(r.reference),
  };
}

const KECAMATAN_CODE = /^\d{2}\.\d{2}\.\d{2}$/;

/** The office a filter names: the service point asked for, or the kecamatan an officer serves. */
function officeOf(f: SourceFilter): string | undefined {
  if (f.servicePoint?.id) return f.servicePoint.id;
  return f.area && KECAMATAN_CODE.test(f.area) ? f.area : undefined;
}

const counterFilter = (f: SourceFilter): WorklistFilter => ({
  kecamatanCode: officeOf(f),
  statuses: f.statuses,
  services: f.services,
  channels: f.channel ? [f.channel] : undefined,
  // The worklist's bound is inclusive (a date); the app's is "before".
  submittedBefore: f.submittedTo ? dayAfter(f.submittedTo) : undefined,
});

export function kecamatanSource(port: KecamatanPort): RequestSource {
  return {
    app: KECAMATAN,
    // A kelurahan operator's region holds no kecamatan office: nothing here is theirs.
    couldMatch: (f) => (!f.servicePoint || f.servicePoint.kind === 'KECAMATAN') && (!f.channel || f.channel === 'OFFLINE') && !(f.area && f.area.split('.').length > 3),
    async byIds(ids, d) {
      const found = await port.requestsByNumber(ids, d);
      return new Map([...found].map(([k, r]) => [k, fromCounterRequest(r)]));
    },
    async byApplicants(niks, d) {
      const found = await port.requestsByApplicant(niks, d);
      return new Map([...found].map(([k, list]) => [k, list.map(fromCounterRequest)]));
    },
    async worklistAfter(filter, after, first, d) {
      const page = await port.worklist({ ...counterFilter(filter), first, ...(after ? { after } : {}) }, d);
      return { records: page.requests.map(fromCounterRequest), endCursor: page.endCursor, hasNextPage: page.hasNextPage };
    },
    async counts(filter, d) {
      const { statuses: _statuses, ...rest } = counterFilter(filter);
      const counted = await port.countByStatus(rest, d);
      const out: SourceCount[] = Object.entries(counted.byStatus).map(([status, count]) => ({ channel: 'OFFLINE', status: status as SourceCount['status'], count: count ?? 0 }));
      if (counted.unknown > 0) out.push({ channel: 'OFFLINE', status: null, count: counted.unknown });
      return out.filter((c) => !filter.statuses || (c.status !== null && filter.statuses.includes(c.status)));
    },
    async changesSince(cursor, limit, d) {
      // '' stands for the app's "no change yet" (a null cursor), which the cursor store cannot keep.
      const page = await port.changesSince(cursor || null, limit, d);
      return {
        cursor: page.cursor ?? cursor ?? '',
        changes: page.changes.map((c) => ({ changeId: eventSafe(c.changeId), localId: c.registrationNumber, applicantNik: c.applicantNik, service: c.service, change: c.change })),
      };
    },
    latestCursor: async (d) => (await port.latestCursor(d)) ?? '',
    ping: (d) => port.ping(d),
  };
}
