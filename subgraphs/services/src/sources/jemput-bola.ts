import type { JemputBolaPort, OutreachVisit } from '@adapters/jemput-bola';
import type { RequestSource, ServiceRequestRecord, SourceFilter } from './source';

/** jemput-bola (#21) as a request source: each outreach visit is a request (OFFLINE, OUTREACH). */
export const JEMPUT_BOLA = 'jemput-bola';

export function fromVisit(v: OutreachVisit): ServiceRequestRecord {
  return {
    app: JEMPUT_BOLA,
    localId: v.visitNumber,
    service: v.serviceKind,
    serviceName: null,
    channel: v.channel,
    servicePoint: v.servicePoint,
    applicantNik: v.applicantNik,
    otherNiks: [],
    familyNumber: null,
    status: v.status,
    timeline: v.timeline,
    submittedAt: v.submittedAt,
    registrationNumber: v.visitNumber,
    producedDocuments: [],
    rejectionReason: v.rejection,
  };
}

/** The application filters on one service; several are refined in memory by the worklist. */
const query = (f: SourceFilter) => ({
  area: f.servicePoint?.id ?? (f.area && f.area.split('.').length >= 3 ? f.area : undefined),
  statuses: f.statuses,
  serviceKind: f.services?.length === 1 ? f.services[0] : undefined,
  submittedTo: f.submittedTo,
});

export function jemputBolaSource(port: JemputBolaPort): RequestSource {
  return {
    app: JEMPUT_BOLA,
    couldMatch: (f) => (!f.servicePoint || f.servicePoint.kind === 'OUTREACH') && (!f.channel || f.channel === 'OFFLINE'),
    async byIds(ids, d) {
      const found = await port.visitsByNumber(ids, d);
      return new Map([...found].map(([k, v]) => [k, fromVisit(v)]));
    },
    async byApplicants(niks, d) {
      const found = await port.visitsByApplicant(niks, d);
      // The port answers oldest first; every source answers newest first.
      return new Map([...found].map(([k, list]) => [k, list.map(fromVisit).reverse()]));
    },
    async worklistPage(filter, page, perPage, d) {
      const result = await port.worklist({ ...query(filter), page, pageSize: perPage }, d);
      return { records: result.visits.map(fromVisit), total: result.total };
    },
    async counts(filter, d) {
      const { statuses: _ignored, serviceKind: _one, ...rest } = query(filter);
      // The application counts one service at a time: several are one read each.
      const kinds = filter.services && filter.services.length > 0 ? filter.services : [undefined];
      const counted = await Promise.all(kinds.map((serviceKind) => port.countsByStatus({ ...rest, serviceKind }, d)));
      return counted.flatMap((counts) => Object.entries(counts).map(([status, count]) => ({ channel: 'OFFLINE' as const, status: status as ServiceRequestRecord['status'], count: count ?? 0 })))
        .filter((c) => !filter.statuses || (c.status !== null && filter.statuses.includes(c.status)));
    },
    async changesSince(cursor, limit, d) {
      const page = await port.changesSince(cursor, limit, d);
      return {
        cursor: page.cursor,
        changes: page.changes.map((c) => ({ changeId: c.cursor, localId: c.visitNumber, applicantNik: null, service: null, change: { status: c.status, at: c.at, note: c.note, by: c.by } })),
      };
    },
    latestCursor: (d) => port.currentCursor(d),
    ping: (d) => port.ping(d),
  };
}
