import { FINAL_STATUSES, type ServiceKind } from '@core/domain/services';
import { dueAt, latestOverdueSubmission } from './routing/calendar';
import type { ServiceRouting } from './routing/routing';
import type { ServiceRequestRecord } from './sources/source';

/**
 * Due times and overdue, from the tenant's service standards (working days, due at the end of the
 * last day; routing/calendar.ts). A request without a standard for its service, or not yet
 * submitted, has no due time and is never overdue; a finished one is never overdue.
 */
export function dueAtOf(routing: ServiceRouting, r: ServiceRequestRecord): string | null {
  const days = r.service ? routing.standards.get(r.service) : undefined;
  if (days === undefined || !r.submittedAt) return null;
  return dueAt(routing.calendar, r.submittedAt, days);
}

export function isOverdue(routing: ServiceRouting, r: ServiceRequestRecord, today: string): boolean {
  if (r.status === null || FINAL_STATUSES.has(r.status)) return false;
  const due = dueAtOf(routing, r);
  return due !== null && due.slice(0, 10) < today;
}

/** The services in scope grouped by the latest submission date that makes them overdue today. */
export function overdueThresholds(routing: ServiceRouting, services: readonly ServiceKind[] | undefined, today: string): Map<string, ServiceKind[]> {
  const groups = new Map<string, ServiceKind[]>();
  for (const [service, days] of routing.standards) {
    if (services && !services.includes(service)) continue;
    const date = latestOverdueSubmission(routing.calendar, today, days);
    groups.set(date, [...(groups.get(date) ?? []), service]);
  }
  return groups;
}
