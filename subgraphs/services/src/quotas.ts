import type { FreeDay } from '@adapters/antrian';
import type { ServiceKind, ServicePoint } from '@core/domain/services';
import { ErrorCode, GerbangError } from '@core/errors';
import type { ServiceRouting } from './routing/routing';

/**
 * The tenant's daily quotas (its services file) over an application's own: antrian counts the
 * places it was configured with, and the tenant may allow fewer through the API (its decision,
 * kept in configuration, not in the legacy admin screen). A day's places are the smaller of the
 * two, and what is used counts against both. The cap is read from antrian's own count of the day,
 * so two bookings at the very same moment may both take the last place (antrian's own quota is
 * still never exceeded): the cap is a planning limit, not a lock.
 */
const NEXT_DAYS = 5;

/** The office as the services file names it: DINAS or the kecamatan's dotted code. */
const officeOf = (point: ServicePoint) => (point.kind === 'DINAS' ? 'DINAS' : point.id ?? '');

export function tenantQuota(routing: ServiceRouting, point: ServicePoint, service: ServiceKind): number | undefined {
  return routing.quotas.find((q) => q.office === officeOf(point) && q.service === service)?.perDay;
}

/** Days as the tenant's cap leaves them (days without a place left out). */
export function capped(days: readonly FreeDay[], perDay: number | undefined): FreeDay[] {
  if (perDay === undefined) return [...days];
  return days.flatMap((d) => {
    const used = d.capacity - d.placesLeft;
    const placesLeft = Math.min(d.placesLeft, perDay - used);
    return placesLeft > 0 ? [{ date: d.date, capacity: Math.min(d.capacity, perDay), placesLeft }] : [];
  });
}

/** The refusal of a day the tenant's cap has filled, with the next days that have places. */
export function dayFull(nextFreeDays: readonly FreeDay[]): GerbangError {
  return new GerbangError(ErrorCode.CONFLICT, 'No places are left that day for this service at this office; choose one of the next free days.', {
    argument: 'visitDate',
    reason: 'DAY_FULL',
    nextFreeDays: nextFreeDays.slice(0, NEXT_DAYS).map((d) => d.date),
  });
}
