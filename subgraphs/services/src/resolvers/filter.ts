import type { ServicesContext } from '../context';
import type { ServiceRequestFilter } from '../generated/resolvers-types';
import { requireServicePoint } from '../validation';
import type { WorklistFilter } from '../worklist';

/** The API's filter, checked, in the worklist's terms (empty lists mean "no restriction"). */
export function worklistFilter(filter: ServiceRequestFilter | null | undefined, { tenant, routing }: ServicesContext): WorklistFilter {
  if (!filter) return {};
  return {
    servicePoint: filter.servicePoint ? requireServicePoint(filter.servicePoint, tenant, routing, 'filter.servicePoint', true) : undefined,
    statuses: filter.status?.length ? [...new Set(filter.status)] : undefined,
    services: filter.service?.length ? [...new Set(filter.service)] : undefined,
    channel: filter.channel ?? undefined,
    overdue: filter.overdue ?? undefined,
  };
}
