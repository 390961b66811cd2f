import type { Principal, RequestContext } from '@core/context/request-context';
import { PURPOSE_ROLES } from '@core/context/roles';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import type { SiakPort } from '@adapters/siak';
import { withinRegion } from '@core/domain/regions';

/**
 * Whose courier orders a caller may see or place, decided here from the signed principal (the
 * gateway judges fields, not rows). An order is personal data of its applicant:
 * - a resident (`self:read`) for their own family card's members (read from SIAK once per request);
 * - an officer (`services:work`) for residents registered in the region their token names;
 * - an administrator (`admin`, reads only) for any;
 * - a courier only through courierJobs (their own assigned jobs, by their phone), never here.
 * Staff state a purpose. Placing an order for an applicant SIAK does not know, or who died, is
 * refused: the document goes to a living resident's door.
 */
type Reach = { kind: 'everything' } | { kind: 'region'; code: string } | { kind: 'own-family'; nik: string } | { kind: 'nothing' };

function reachOf(principal: Principal): Reach {
  if (principal.kind !== 'user') return { kind: 'nothing' };
  const scopes = new Set(principal.scopes ?? []);
  if (scopes.has('services:work')) return principal.region ? { kind: 'region', code: principal.region } : { kind: 'nothing' };
  if (scopes.has('admin')) return { kind: 'everything' };
  if (scopes.has('self:read') && principal.nik) return { kind: 'own-family', nik: principal.nik };
  return { kind: 'nothing' };
}

const refused = (reason: string, message: string) => new GerbangError(ErrorCode.FORBIDDEN, message, { reason });
const REFUSALS: Record<Reach['kind'], [string, string]> = {
  everything: ['FORBIDDEN', 'You may not see this courier order.'],
  region: ['OUTSIDE_YOUR_REGION', 'This courier order is for a resident registered outside the region you serve.'],
  'own-family': ['NOT_YOUR_FAMILY', 'You may see and order couriers only for your own family.'],
  nothing: ['NO_ACCESS', 'You may not see courier orders.'],
};

export interface OrderRows {
  /** Refuses callers who may see no order, or staff without a stated purpose. */
  guard(): void;
  /** The applicants among `niks` whose orders the caller may see. */
  visibleApplicants(niks: readonly string[], deadline: Deadline): Promise<Set<string>>;
  /** May this caller place an order for `nik`? Throws FORBIDDEN or BAD_USER_INPUT (UNKNOWN_NIK). */
  mayOrderFor(nik: string, deadline: Deadline): Promise<void>;
  refusal(): GerbangError;
}

export function orderRows(siak: SiakPort, request: RequestContext): OrderRows {
  const principal = request.principal;
  const reach = reachOf(principal);
  const mustStatePurpose = principal.kind !== 'anonymous' && principal.roles.some((r) => PURPOSE_ROLES.has(r)) && !request.purpose;
  let family: Promise<Set<string>> | undefined;
  const familyOf = async (nik: string, deadline: Deadline): Promise<Set<string>> => new Set([nik, ...(await familyMembers(siak, nik, deadline)).map((m) => m.nik)]);

  const rows: OrderRows = {
    guard() {
      if (mustStatePurpose) throw refused('PURPOSE_REQUIRED', 'State why you read this personal data (the x-purpose header).');
      if (reach.kind === 'nothing') throw refused(...REFUSALS.nothing);
    },
    async visibleApplicants(niks, deadline) {
      const unique = [...new Set(niks)];
      if (unique.length === 0) return new Set();
      switch (reach.kind) {
        case 'everything':
          return new Set(unique);
        case 'nothing':
          return new Set();
        case 'own-family': {
          const members = await (family ??= familyOf(reach.nik, deadline));
          return new Set(unique.filter((n) => members.has(n)));
        }
        case 'region': {
          const residents = await siak.residentsByNik(unique, deadline);
          return new Set(unique.filter((nik) => {
            const resident = residents.get(nik);
            return !!resident && withinRegion(resident.kelurahanCode, reach.code);
          }));
        }
      }
    },
    async mayOrderFor(nik, deadline) {
      rows.guard();
      // Administrators read; ordering is the resident's or the counter's.
      if (reach.kind === 'everything') throw refused('NO_ACCESS', 'Couriers are ordered by residents and counter officers.');
      const applicant = (await siak.residentsByNik([nik], deadline)).get(nik);
      if (!applicant) throw badUserInput('input.applicantNik', 'UNKNOWN_NIK', 'No resident with this NIK is registered.');
      if (!(await rows.visibleApplicants([nik], deadline)).has(nik)) throw rows.refusal();
      if (!applicant.alive) throw badUserInput('input.applicantNik', 'NOT_ALIVE', 'The register records this resident as deceased.');
    },
    refusal: () => refused(...REFUSALS[reach.kind]),
  };
  return rows;
}

/** The members of `nik`'s family card (theirs included), for the handover check. */
export async function familyMembers(siak: SiakPort, nik: string, deadline: Deadline): Promise<Array<{ nik: string; name: string }>> {
  const self = (await siak.residentsByNik([nik], deadline)).get(nik);
  if (!self) return [];
  if (!self.familyNumber) return [{ nik: self.nik, name: self.name }];
  const members = (await siak.membersByFamily([self.familyNumber], deadline)).get(self.familyNumber) ?? [];
  return members.some((m) => m.nik === nik) ? members.map((m) => ({ nik: m.nik, name: m.name })) : [{ nik: self.nik, name: self.name }, ...members.map((m) => ({ nik: m.nik, name: m.name }))];
}
