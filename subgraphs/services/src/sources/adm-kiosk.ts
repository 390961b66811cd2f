import type { AdmKioskPort, KioskFilter, KioskPrintRequest, KioskStep } from '@adapters/adm-kiosk';
import type { StatusChange } from '@core/domain/services';
import type { RequestSource, ServiceRequestRecord, SourceCount, SourceFilter } from './source';

/**
 * adm-kiosk (#18) as a request source: each one-time PIN is a request to print one document
 * (DOCUMENT_PRINT, OFFLINE, at a MALL_KIOSK: the kiosk's id once the PIN was entered at one).
 * The PIN itself never reaches a record: the adapter drops it from everything but issuing.
 */
export const ADM_KIOSK = 'adm-kiosk';

/** What the shared status alone does not tell: why a print request ended unserved. */
const STEP_NOTES: Partial<Record<KioskStep, string>> = {
  PIN_EXPIRED: 'PIN expired unused',
  PIN_WITHDRAWN: 'PIN withdrawn',
  PRINT_FAILED: 'Print failed at the kiosk',
};

function statusChange(c: KioskPrintRequest['timeline'][number]): StatusChange {
  return { status: c.status, at: c.at, note: c.note ?? STEP_NOTES[c.step] ?? null, by: c.by };
}

export function fromPrintRequest(r: KioskPrintRequest): ServiceRequestRecord {
  return {
    app: ADM_KIOSK,
    localId: r.id,
    service: r.serviceKind,
    serviceName: null,
    channel: r.channel,
    servicePoint: r.servicePoint,
    applicantNik: r.applicantNik || null,
    // A KIA's number is the child's NIK: the child is named by the request (row rules see them).
    otherNiks: r.document.kind === 'CHILD_ID_CARD' && /^\d{16}$/.test(r.document.number) ? [r.document.number] : [],
    familyNumber: r.document.kind === 'FAMILY_CARD' ? r.document.number : null,
    status: r.status,
    timeline: r.timeline.map(statusChange),
    submittedAt: r.submittedAt,
    // A PIN has no receipt number: the resident follows it by its id (and keeps the PIN to themself).
    registrationNumber: null,
    producedDocuments: r.printState === 'PRINTED' && r.document.number ? [r.document.number] : [],
    // The app never rejects a PIN; a failed print ends CANCELLED with its reason in the timeline.
    rejectionReason: null,
  };
}

/** The app filters by kiosk, status, service and issue date; the region is the row rules' (where the applicant lives). */
const kioskFilter = (f: SourceFilter): KioskFilter => ({
  servicePoint: f.servicePoint,
  statuses: f.statuses,
  serviceKinds: f.services,
  submittedTo: f.submittedTo,
});

export function admKioskSource(port: AdmKioskPort): RequestSource {
  return {
    app: ADM_KIOSK,
    couldMatch: (f) => (!f.servicePoint || f.servicePoint.kind === 'MALL_KIOSK') && (!f.channel || f.channel === 'OFFLINE') && (!f.services || f.services.includes('DOCUMENT_PRINT')),
    async byIds(ids, d) {
      const found = await port.printRequestsById(ids, d);
      return new Map([...found].map(([k, r]) => [k, fromPrintRequest(r)]));
    },
    async byApplicants(niks, d) {
      const found = await port.printRequestsOf(niks, d);
      // The port answers oldest first; every source answers newest first.
      return new Map([...found].map(([k, list]) => [k, list.map(fromPrintRequest).reverse()]));
    },
    async worklistPage(filter, page, perPage, d) {
      const result = await port.worklist({ ...kioskFilter(filter), page, perPage }, d);
      // Should the app leave its total out, one more row than this page is enough to read on.
      const total = result.total ?? (page - 1) * perPage + result.requests.length + (result.hasNextPage ? 1 : 0);
      return { records: result.requests.map(fromPrintRequest), total };
    },
    async counts(filter, d) {
      const { statuses: _all, ...rest } = kioskFilter(filter);
      const counted = await port.counts(rest, d);
      const out: SourceCount[] = Object.entries(counted.byStatus).map(([status, count]) => ({ channel: 'OFFLINE', status: status as SourceCount['status'], count: count ?? 0 }));
      const known = out.reduce((n, c) => n + c.count, 0);
      if (counted.total > known) out.push({ channel: 'OFFLINE', status: null, count: counted.total - known });
      return out.filter((c) => c.count > 0 && (!filter.statuses || (c.status !== null && filter.statuses.includes(c.status))));
    },
    async changesSince(cursor, limit, d) {
      // '' stands for "from the start" (the cursor store keeps strings).
      const page = await port.changesSince(cursor || null, Math.min(limit, 500), d);
      return {
        cursor: page.cursor,
        // The event id is app + this: 'adm-kiosk:log:<id>' rather than the app's name twice.
        changes: page.changes.map((c) => ({ changeId: c.cursor.replace(/^adm-kiosk:/, ''), localId: c.requestId, applicantNik: c.request.applicantNik || null, service: c.request.serviceKind, change: statusChange(c.change) })),
      };
    },
    latestCursor: (d) => port.latestCursor(d),
    ping: (d) => port.ping(d),
  };
}
