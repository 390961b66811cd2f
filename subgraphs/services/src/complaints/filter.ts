import type { ComplaintCategory, ComplaintStatus } from '@adapters/pengaduan';
import type { ServicePointKind } from '@core/domain/services';
import { badUserInput } from '@core/errors';
import type { Tenant } from '@core/tenants';
import type { ServiceRouting } from '../routing/routing';
import { requireServicePoint } from '../validation';
import type { ComplaintFilter } from './worklist';

/** The offices the desk has a unit code for (a kiosk or an outreach visit has none). */
export const CONCERNABLE: ReadonlySet<ServicePointKind> = new Set(['DINAS', 'ONLINE_PORTAL', 'KECAMATAN', 'KELURAHAN']);

export interface ComplaintFilterInput {
  status?: ComplaintStatus[] | null;
  category?: ComplaintCategory | null;
  concerns?: { kind: ServicePointKind; id?: string | null } | null;
  submittedFrom?: string | null;
  submittedTo?: string | null;
}

/** An office complaints may be about: one of the tenant's, of a kind the desk knows. */
export function requireConcerns(input: { kind: ServicePointKind; id?: string | null }, tenant: Tenant, routing: ServiceRouting, argument: string) {
  const point = requireServicePoint(input, tenant, routing, argument);
  if (!CONCERNABLE.has(point.kind)) throw badUserInput(`${argument}.kind`, 'UNSUPPORTED_SERVICE_POINT', 'Complaints can be about the Dinas, the online portal, a kecamatan or a kelurahan.');
  return point;
}

/** The API's filter, checked, in the desk's terms (the desk filters on one office exactly). */
export function complaintFilter(input: ComplaintFilterInput | null | undefined, tenant: Tenant, routing: ServiceRouting): ComplaintFilter {
  if (!input) return {};
  const from = input.submittedFrom ?? undefined;
  const to = input.submittedTo ?? undefined;
  if (from && to && from > to) throw badUserInput('filter.submittedTo', 'INVALID_RANGE', 'submittedTo is before submittedFrom.');
  return {
    statuses: input.status?.length ? [...new Set(input.status)] : undefined,
    category: input.category ?? undefined,
    concerns: input.concerns ? requireConcerns(input.concerns, tenant, routing, 'filter.concerns') : undefined,
    submittedFrom: from,
    submittedTo: to,
  };
}
