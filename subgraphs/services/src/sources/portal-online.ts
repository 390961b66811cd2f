import type { OnlineApplication, PortalOnlinePort } from '@adapters/portal-online';
import type { RequestSource, ServiceRequestRecord, SourceFilter } from './source';

/** portal-online (#14) as a request source: online applications (ONLINE, or OJOL with courier delivery). */
export const PORTAL_ONLINE = 'portal-online';

export function fromApplication(a: OnlineApplication): ServiceRequestRecord {
  return {
    app: PORTAL_ONLINE,
    localId: a.registrationNumber,
    service: a.serviceKind,
    serviceName: a.serviceName,
    channel: a.channel,
    servicePoint: a.servicePoint,
    applicantNik: a.applicantNik,
    otherNiks: [],
    familyNumber: null,
    status: a.status,
    timeline: a.timeline,
    submittedAt: a.submittedAt,
    registrationNumber: a.registrationNumber,
    // The portal does not record what a finished application produced.
    producedDocuments: [],
    rejectionReason: a.status === 'REJECTED' ? (a.timeline.at(-1)?.note ?? null) : null,
  };
}

const portalFilter = (f: SourceFilter) => ({ servicePoint: f.servicePoint, statuses: f.statuses, serviceKinds: f.services, channel: f.channel, submittedTo: f.submittedTo });

export function portalOnlineSource(port: PortalOnlinePort): RequestSource {
  return {
    app: PORTAL_ONLINE,
    couldMatch: (f) => (!f.servicePoint || f.servicePoint.kind === 'ONLINE_PORTAL') && f.channel !== 'OFFLINE',
    async byIds(ids, d) {
      const found = await port.applicationsByNumber(ids, d);
      return new Map([...found].map(([k, a]) => [k, fromApplication(a)]));
    },
    async byApplicants(niks, d) {
      const found = await port.applicationsByApplicant(niks, d);
      return new Map([...found].map(([k, list]) => [k, list.map(fromApplication)]));
    },
    async worklistPage(filter, page, perPage, d) {
      const result = await port.worklist({ ...portalFilter(filter), page, perPage }, d);
      return { records: result.applications.map(fromApplication), total: result.total };
    },
    async counts(filter, d) {
      return await port.countByStatus(portalFilter(filter), d);
    },
    async changesSince(cursor, limit, d) {
      const page = await port.changesSince(cursor, limit, d);
      return {
        cursor: page.cursor,
        changes: page.changes.map((c) => ({ changeId: c.cursor, localId: c.registrationNumber, applicantNik: c.applicantNik, service: c.serviceKind, change: c.change })),
      };
    },
    latestCursor: (d) => port.latestChangeCursor(d),
    ping: (d) => port.ping(d),
  };
}
