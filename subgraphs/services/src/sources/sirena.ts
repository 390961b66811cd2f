import type { KelurahanRequest, SirenaPort } from '@adapters/sirena';
import type { RequestSource, ServiceRequestRecord, SourceFilter } from './source';

/** sirena (#16) as a request source: each item of a kelurahan's batch is a request (OFFLINE, KELURAHAN). */
export const SIRENA = 'sirena';

export function fromKelurahanRequest(r: KelurahanRequest): ServiceRequestRecord {
  return {
    app: SIRENA,
    localId: r.id,
    service: r.serviceKind,
    serviceName: null,
    channel: r.channel,
    servicePoint: r.servicePoint,
    applicantNik: r.applicantNik && /^\d{16}$/.test(r.applicantNik) ? r.applicantNik : null,
    otherNiks: r.subjectNik ? [r.subjectNik] : [],
    familyNumber: r.familyNumber,
    status: r.status,
    timeline: r.timeline,
    submittedAt: r.submittedAt,
    registrationNumber: r.id,
    // Sirena keeps no document numbers: the deed or card is issued in its register.
    producedDocuments: [],
    rejectionReason: r.rejectionReason,
    subject: { nik: r.subjectNik, name: r.subjectName, eventDate: r.eventDate, newborn: r.newborn },
  };
}

const KELURAHAN = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;
/** Sirena filters by one kelurahan: the one asked for, or the one a kelurahan operator serves. */
const pointOf = (f: SourceFilter) => f.servicePoint ?? (f.area && KELURAHAN.test(f.area) ? { kind: 'KELURAHAN' as const, id: f.area } : undefined);
const sirenaFilter = (f: SourceFilter) => ({ servicePoint: pointOf(f), statuses: f.statuses, serviceKinds: f.services, channel: f.channel, submittedTo: f.submittedTo });

export function sirenaSource(port: SirenaPort): RequestSource {
  return {
    app: SIRENA,
    couldMatch: (f) => (!f.servicePoint || f.servicePoint.kind === 'KELURAHAN') && (!f.channel || f.channel === 'OFFLINE'),
    async byIds(ids, d) {
      const found = await port.requestsById(ids, d);
      return new Map([...found].map(([k, r]) => [k, fromKelurahanRequest(r)]));
    },
    async byApplicants(niks, d) {
      const found = await port.requestsByApplicant(niks, d);
      return new Map([...found].map(([k, list]) => [k, list.map(fromKelurahanRequest)]));
    },
    async worklistPage(filter, page, perPage, d) {
      const result = await port.worklist({ ...sirenaFilter(filter), page, perPage }, d);
      return { records: result.requests.map(fromKelurahanRequest), total: result.total };
    },
    async counts(filter, d) {
      return (await port.countByStatus(sirenaFilter(filter), d)).map((c) => ({ channel: 'OFFLINE' as const, status: c.status, count: c.count }));
    },
    async changesSince(cursor, limit, d) {
      const page = await port.changesSince(cursor, limit, d);
      return { cursor: page.cursor, changes: page.changes.map((c) => ({ changeId: c.cursor, localId: c.requestId, applicantNik: c.applicantNik, service: c.serviceKind, change: c.change })) };
    },
    latestCursor: (d) => port.latestChangeCursor(d),
    ping: (d) => port.ping(d),
  };
}
