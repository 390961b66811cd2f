import type { Principal, RequestContext } from '@core/context/request-context';
import { PURPOSE_ROLES } from '@core/context/roles';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError } from '@core/errors';
import type { Family, Resident, ResidentSearch, SiakPort } from '@adapters/siak';
import { withinRegion } from '@core/domain/regions';

/**
 * Which rows of the register one caller may see, decided here in the subgraph from the signed
 * principal — the gateway judges fields, it cannot judge rows:
 * - a resident (`self:read`) sees their own record and their own family card's;
 * - staff with `population:read` see the region their token names (an officer of kecamatan
 *   36.74.01 sees residents registered there; a Dinas officer with 36.74, the whole city), or
 *   everything of their tenant when their role has no region (administrators);
 * - a partner's verification call (`population:verify`) and a kiosk (`kiosk:print`) may look one
 *   resident up by NIK, which they hold already; no family card, no search;
 * - anyone else sees no row at all.
 * A row outside the caller's reach is withheld before the audit trail and the resolvers see it: a
 * lookup of it answers FORBIDDEN, a nested one (a family's members) leaves it out.
 * Staff also state a purpose (`x-purpose`) before any row is read.
 */
type Reach =
  | { kind: 'everything' }
  | { kind: 'region'; code: string }
  | { kind: 'own-family'; nik: string }
  | { kind: 'lookup-by-nik' }
  | { kind: 'nothing' };

function reachOf(principal: Principal): Reach {
  if (principal.kind === 'anonymous') return { kind: 'nothing' };
  const scopes = new Set(principal.scopes ?? []);
  if (scopes.has('population:read')) {
    const region = principal.kind === 'user' ? principal.region : undefined;
    return region ? { kind: 'region', code: region } : { kind: 'everything' };
  }
  if (scopes.has('self:read') && principal.kind === 'user' && principal.nik) return { kind: 'own-family', nik: principal.nik };
  if (scopes.has('population:verify') || scopes.has('kiosk:print')) return { kind: 'lookup-by-nik' };
  return { kind: 'nothing' };
}

function refused(reason: string, message: string): GerbangError {
  return new GerbangError(ErrorCode.FORBIDDEN, message, { reason });
}

const WITHHELD_MESSAGE: Record<Reach['kind'], [string, string]> = {
  everything: ['FORBIDDEN', 'You may not see this record.'],
  region: ['OUTSIDE_YOUR_REGION', 'This record is registered outside the region you serve.'],
  'own-family': ['NOT_YOUR_FAMILY', 'You may see only your own record and your own family card.'],
  'lookup-by-nik': ['LOOKUP_BY_NIK_ONLY', 'You may look residents up only by NIK.'],
  nothing: ['NO_ACCESS', 'You may not read the population register.'],
};

export interface RowScopedSiak extends SiakPort {
  /** Why a key this request asked for was withheld, as the FORBIDDEN error to answer with; undefined if it was not. */
  withheld(key: string): GerbangError | undefined;
}

export function rowScopedSiak(port: SiakPort, request: RequestContext): RowScopedSiak {
  const reach = reachOf(request.principal);
  const withheldKeys = new Set<string>();
  const mustStatePurpose = request.principal.kind !== 'anonymous' && request.principal.roles.some((r) => PURPOSE_ROLES.has(r)) && !request.purpose;

  let ownFamily: Promise<string | null> | undefined;
  /** The resident's own KK number, from their own record (read once per request). */
  const ownFamilyNumber = (nik: string, deadline: Deadline): Promise<string | null> =>
    (ownFamily ??= port.residentsByNik([nik], deadline).then((found) => found.get(nik)?.familyNumber ?? null));

  const guard = () => {
    if (mustStatePurpose) throw refused('PURPOSE_REQUIRED', 'State why you read this personal data (the x-purpose header).');
    if (reach.kind === 'nothing') throw refused(...WITHHELD_MESSAGE.nothing);
  };

  const mayReadResident = async (resident: Resident, deadline: Deadline): Promise<boolean> => {
    switch (reach.kind) {
      case 'everything':
      case 'lookup-by-nik':
        return true;
      case 'region':
        return withinRegion(resident.kelurahanCode, reach.code);
      case 'own-family':
        return resident.nik === reach.nik || (!!resident.familyNumber && resident.familyNumber === (await ownFamilyNumber(reach.nik, deadline)));
      case 'nothing':
        return false;
    }
  };

  const mayReadFamily = async (family: Family, deadline: Deadline): Promise<boolean> => {
    switch (reach.kind) {
      case 'everything':
        return true;
      case 'region':
        return withinRegion(family.address.kelurahan.code, reach.code);
      case 'own-family':
        return family.number === (await ownFamilyNumber(reach.nik, deadline));
      case 'lookup-by-nik':
      case 'nothing':
        return false;
    }
  };

  async function keep<V>(found: Map<string, V>, may: (value: V) => Promise<boolean>): Promise<Map<string, V>> {
    const kept = new Map<string, V>();
    for (const [key, value] of found) {
      if (await may(value)) kept.set(key, value);
      else withheldKeys.add(key);
    }
    return kept;
  }

  return {
    async residentsByNik(niks, deadline) {
      guard();
      return keep(await port.residentsByNik(niks, deadline), (r) => mayReadResident(r, deadline));
    },
    async familiesByNumber(numbers, deadline) {
      guard();
      return keep(await port.familiesByNumber(numbers, deadline), (f) => mayReadFamily(f, deadline));
    },
    async membersByFamily(numbers, deadline) {
      guard();
      const found = await port.membersByFamily(numbers, deadline);
      const kept = new Map<string, Resident[]>();
      for (const [number, members] of found) {
        const visible: Resident[] = [];
        for (const m of members) if (await mayReadResident(m, deadline)) visible.push(m);
        kept.set(number, visible);
      }
      return kept;
    },
    async searchResidents(search, deadline) {
      guard();
      if (reach.kind !== 'everything' && reach.kind !== 'region') throw refused('SEARCH_NOT_ALLOWED', 'You may not search the population register.');
      const scoped: ResidentSearch = { ...search };
      if (reach.kind === 'region') {
        if (!search.regionCode) scoped.regionCode = reach.code;
        else if (!withinRegion(search.regionCode, reach.code)) throw refused('OUTSIDE_YOUR_REGION', `Search within the region you serve (${reach.code}).`);
      }
      const page = await port.searchResidents(scoped, deadline);
      const edges = [];
      for (const edge of page.edges) if (await mayReadResident(edge.resident, deadline)) edges.push(edge);
      return { ...page, edges };
    },
    ping: (deadline) => port.ping(deadline),
    withheld(key) {
      if (!withheldKeys.has(key)) return undefined;
      const [reason, message] = WITHHELD_MESSAGE[reach.kind];
      return refused(reason, message);
    },
  };
}
