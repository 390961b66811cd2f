import { recordAccess, type AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import type { NotificationRecord, NotificationStore } from './notifications/store';
import type { OrderRows } from './row-access';

/**
 * ServiceRequest.notifications: what a resident was told about a request (notifications/), under
 * the courier orders' row rules (a notice is personal data of the applicant it went to: row-access.ts)
 * and audited like them. One statement per page of requests. Notices recorded before the applicant
 * was kept on them (applicant_nik NULL) belong to nobody the rules can check, and are not shown.
 */
export interface NoticeReads {
  ofServiceRequest(serviceRequestId: string): Promise<NotificationRecord[]>;
}

const MAX_BATCH = 200;

export function noticeReads(store: NotificationStore, audit: AuditWriter, rows: OrderRows, request: RequestContext, deadline: Deadline): NoticeReads {
  const byRequest = requestLoader<string, NotificationRecord[]>(deadline, async (ids) => {
    rows.guard();
    throwIfCancelled(deadline, 'delivery');
    const found = await store.notificationsOfRequests(request.tenant, ids);
    const all = [...found.values()].flat();
    const allowed = await rows.visibleApplicants(all.flatMap((n) => (n.applicantNik ? [n.applicantNik] : [])), deadline);
    const out = ids.map((id) => (found.get(id) ?? []).filter((n) => n.applicantNik !== null && allowed.has(n.applicantNik)));
    await recordAccess(audit, request, { operation: 'delivery.noticesOfRequest', niks: out.flat().map((n) => n.applicantNik!) });
    return out;
  }, { maxBatchSize: MAX_BATCH });
  return { ofServiceRequest: (id) => byRequest.load(id) };
}
