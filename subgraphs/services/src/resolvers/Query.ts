import { todayIn } from '@core/tenants';
import type { QueryResolvers } from '../generated/resolvers-types';
import { complaintQueries } from './Complaint';
import { parseRequestId } from '../ids';
import { countRequests, worklistPage } from '../worklist';
import { worklistFilter } from './filter';

export const Query: QueryResolvers = {
  serviceRequest: async (_root, { id }, { loaders, rows }) => {
    const ref = parseRequestId(id);
    const found = await loaders.requestByRef.load(ref);
    if (found) return found;
    // Null means "no such request"; one outside the caller's reach is FORBIDDEN instead.
    const withheld = rows.withheld(`${ref.app}:${ref.localId}`);
    if (withheld) throw withheld;
    return null;
  },

  serviceRequests: async (_root, { filter, first, after }, context) => {
    context.rows.guard();
    const today = todayIn(context.tenant.timeZone);
    const page = await worklistPage(context.sources, context.routing, worklistFilter(filter, context), first ?? 20, after ?? undefined, today, context.rows.region(), context.deadline);
    // Row-checked and audited as one read; withheld rows leave the page (and never reach the trail).
    const shown = new Set(await context.loaders.release('services.serviceRequests', page.edges.map((e) => e.node)));
    return { edges: page.edges.filter((e) => shown.has(e.node)), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
  },

  serviceRequestCounts: async (_root, { filter }, context) => {
    context.rows.guard();
    const today = todayIn(context.tenant.timeZone);
    return await countRequests(context.sources, context.routing, worklistFilter(filter, context), today, context.rows.region(), context.deadline);
  },

  appointmentDays: async (_root, { service, servicePoint, from, days }, { appointments }) => await appointments.freeDays({ service, servicePoint, from, days }),
  kioskPrint: async (_root, { id }, { kiosk }) => await kiosk.print(id),
  serviceRequestSubmission: async (_root, { idempotencyKey }, { writes }) => await writes.submission(idempotencyKey),
  sirenaBatchFiling: async (_root, { idempotencyKey }, { writes }) => await writes.batch(idempotencyKey),
  ...complaintQueries,
};
