import type { ComplaintSummary } from '@adapters/pengaduan';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError } from '@core/errors';
import type { RequestRows, RowSubject } from '../row-access';

/**
 * Which complaints one caller may see: the service requests' row rules (src/row-access.ts), applied
 * to a complaint placed like a request. A complaint is personal data of its complainant:
 * - a resident sees the complaints of someone on their own family card (as with requests);
 * - staff see the complaints of their region: a complaint about a kecamatan or a kelurahan is
 *   that office's; one about the Dinas or the online portal is where the complainant lives (SIAK);
 *   an anonymous one about the Dinas or the portal (or about no office) is the whole regency's —
 *   only the officers serving all of it see those;
 * - administrators the tenant's.
 */
export function rowSubjectOf(complaint: Pick<ComplaintSummary, 'complainantNik' | 'concerns'>, regencyCode: string): RowSubject {
  const concerns = complaint.concerns;
  const atOffice = (concerns?.kind === 'KECAMATAN' || concerns?.kind === 'KELURAHAN') && !!concerns.id;
  const servicePoint = atOffice
    ? concerns
    : complaint.complainantNik
      ? { kind: 'DINAS' as const, id: null }
      // Placed at the regency's own code: a region point whose region is the whole regency.
      : { kind: 'KECAMATAN' as const, id: regencyCode };
  return { servicePoint: servicePoint!, applicantNik: complaint.complainantNik, otherNiks: [], familyNumber: null };
}

/** The complaints of `list` the caller may see, in order. */
export async function visibleComplaints<T extends ComplaintSummary>(rows: RequestRows, list: readonly T[], regencyCode: string, deadline: Deadline): Promise<T[]> {
  if (list.length === 0) return [];
  const visible = await rows.visible(list.map((c) => rowSubjectOf(c, regencyCode)), deadline);
  return list.filter((_, i) => visible[i]);
}

/** Why a complaint that exists was not given out: the caller's reach, in the requests' reasons. */
export function complaintWithheld(rows: Pick<RequestRows, 'region'>): GerbangError {
  return rows.region()
    ? new GerbangError(ErrorCode.FORBIDDEN, 'This complaint is outside the region you serve.', { reason: 'OUTSIDE_YOUR_REGION' })
    : new GerbangError(ErrorCode.FORBIDDEN, 'You may see only your own family\'s complaints.', { reason: 'NOT_YOUR_FAMILY' });
}
