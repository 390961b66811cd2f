import type { LegalisationRequest, LegalisirPort, WorklistFilter } from '@adapters/legalisir';
import type { ServicePointKind } from '@core/domain/services';
import type { RequestSource, ServiceRequestRecord, SourceCount, SourceFilter } from './source';
import { dayAfter, eventSafe } from './conversions';

/** legalisir (#19) as a request source: stamped copies, at the Dinas counter (OFFLINE) or from the portal (ONLINE). */
export const LEGALISIR = 'legalisir';

const POINTS: readonly ServicePointKind[] = ['DINAS', 'ONLINE_PORTAL'];

export function fromLegalisation(r: LegalisationRequest): ServiceRequestRecord {
  return {
    app: LEGALISIR,
    localId: r.requestNumber,
    service: r.service,
    serviceName: null,
    // The app's source letter is always one of two; an unknown one is shown as the counter's.
    channel: r.channel ?? 'OFFLINE',
    servicePoint: r.servicePoint ?? { kind: 'DINAS', id: null },
    applicantNik: r.applicantNik,
    otherNiks: [],
    familyNumber: null,
    status: r.status,
    timeline: r.timeline,
    submittedAt: r.submittedAt,
    registrationNumber: r.requestNumber,
    // What is legalised is a copy of an existing document, not a new one.
    producedDocuments: [],
    rejectionReason: r.status === 'REJECTED' ? r.note : null,
  };
}

/** The app cannot filter by region: rows outside an officer's region are withheld by the row rules. */
const legalisirFilter = (f: SourceFilter): WorklistFilter => ({
  servicePoints: f.servicePoint ? [f.servicePoint.kind] : undefined,
  channels: f.channel ? [f.channel] : undefined,
  statuses: f.statuses,
  services: f.services,
  submittedBefore: f.submittedTo ? dayAfter(f.submittedTo) : undefined,
});

export function legalisirSource(port: LegalisirPort): RequestSource {
  return {
    app: LEGALISIR,
    couldMatch: (f) => (!f.servicePoint || (POINTS.includes(f.servicePoint.kind) && !f.servicePoint.id)) && f.channel !== 'OJOL' && (!f.services || f.services.includes('LEGALISATION')),
    async byIds(ids, d) {
      const found = await port.requestsByNumber(ids, d);
      return new Map([...found].map(([k, r]) => [k, fromLegalisation(r)]));
    },
    async byApplicants(niks, d) {
      const found = await port.requestsByApplicant(niks, d);
      return new Map([...found].map(([k, list]) => [k, list.map(fromLegalisation)]));
    },
    async worklistAfter(filter, after, first, d) {
      const page = await port.worklist({ ...legalisirFilter(filter), first, ...(after ? { after } : {}) }, d);
      return { records: page.requests.map(fromLegalisation), endCursor: page.endCursor, hasNextPage: page.hasNextPage };
    },
    async counts(filter, d) {
      const { statuses: _statuses, ...rest } = legalisirFilter(filter);
      // The app counts per status, not per channel: one read when the filter settles the channel,
      // else two (everything, and the online part; the counter's is the difference).
      const channel: 'ONLINE' | 'OFFLINE' | undefined = filter.channel === 'OJOL' ? undefined : filter.channel ?? (filter.servicePoint?.kind === 'ONLINE_PORTAL' ? 'ONLINE' : filter.servicePoint?.kind === 'DINAS' ? 'OFFLINE' : undefined);
      if (filter.channel === 'OJOL') return [];
      if (channel) return asCounts(await port.countByStatus(rest, d), channel, filter);
      const [all, online] = await Promise.all([port.countByStatus(rest, d), port.countByStatus({ ...rest, channels: ['ONLINE'] }, d)]);
      return [...asCounts(online, 'ONLINE', filter), ...asCounts(minus(all, online), 'OFFLINE', filter)];
    },
    async changesSince(cursor, limit, d) {
      const page = await port.changesSince(cursor || null, limit, d);
      return {
        cursor: page.cursor,
        changes: page.changes.map((c) => ({ changeId: eventSafe(c.changeId), localId: c.requestNumber, applicantNik: c.applicantNik, service: 'LEGALISATION' as const, change: c.change })),
      };
    },
    latestCursor: (d) => port.latestCursor(d),
    ping: (d) => port.ping(d),
  };
}

type Counted = Awaited<ReturnType<LegalisirPort['countByStatus']>>;

function minus(all: Counted, part: Counted): Counted {
  const byStatus: Counted['byStatus'] = {};
  for (const [status, n] of Object.entries(all.byStatus)) byStatus[status as keyof Counted['byStatus']] = (n ?? 0) - (part.byStatus[status as keyof Counted['byStatus']] ?? 0);
  return { byStatus, unknown: all.unknown - part.unknown, total: all.total - part.total };
}

function asCounts(counted: Counted, channel: 'ONLINE' | 'OFFLINE', filter: SourceFilter): SourceCount[] {
  const out: SourceCount[] = Object.entries(counted.byStatus).map(([status, count]) => ({ channel, status: status as SourceCount['status'], count: count ?? 0 }));
  if (counted.unknown > 0) out.push({ channel, status: null, count: counted.unknown });
  return out.filter((c) => c.count > 0 && (!filter.statuses || (c.status !== null && filter.statuses.includes(c.status))));
}
