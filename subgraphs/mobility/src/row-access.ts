import type { Principal, RequestContext } from '@core/context/request-context';
import { PURPOSE_ROLES } from '@core/context/roles';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError } from '@core/errors';
import type { SiakPort } from '@adapters/siak';
import type { Tenant } from '@core/tenants';
import { withinRegion } from '@core/domain/regions';

/**
 * Which moves and foreign residents one caller may see, decided here from the signed principal
 * (the gateway judges fields, not rows), with the same reach as the other subgraphs:
 * - a resident (`self:read`) sees the moves naming someone of their own family card, or that card
 *   (the family is read from SIAK once per request); never a foreign resident;
 * - staff with `population:read` see moves whose origin or destination lies in the region their
 *   token names, and foreign residents living there; without a region (administrators), the
 *   whole tenant;
 * - anyone else sees nothing.
 * A record outside the caller's reach is withheld before the audit trail and the resolvers see it:
 * a lookup by number answers FORBIDDEN, a resident's nested moves leave it out. Staff state a
 * purpose (`x-purpose`) before anything is read.
 */
type Reach = { kind: 'everything' } | { kind: 'region'; code: string } | { kind: 'own-family'; nik: string } | { kind: 'nothing' };

function reachOf(principal: Principal): Reach {
  if (principal.kind === 'anonymous') return { kind: 'nothing' };
  const scopes = new Set(principal.scopes ?? []);
  if (scopes.has('population:read') || scopes.has('admin')) {
    const region = principal.kind === 'user' ? principal.region : undefined;
    return region ? { kind: 'region', code: region } : { kind: 'everything' };
  }
  if (scopes.has('self:read') && principal.kind === 'user' && principal.nik) return { kind: 'own-family', nik: principal.nik };
  // Officers writing (services:work) without population:read still serve a region.
  if (scopes.has('services:work') && principal.kind === 'user' && principal.region) return { kind: 'region', code: principal.region };
  return { kind: 'nothing' };
}

function refused(reason: string, message: string): GerbangError {
  return new GerbangError(ErrorCode.FORBIDDEN, message, { reason });
}

const WITHHELD: Record<Reach['kind'], [string, string]> = {
  everything: ['FORBIDDEN', 'You may not see this record.'],
  region: ['OUTSIDE_YOUR_REGION', 'This record is outside the region you serve.'],
  'own-family': ['NOT_YOUR_FAMILY', 'You may see only the moves of your own family.'],
  nothing: ['NO_ACCESS', 'You may not read moves or foreign residents.'],
};

/** Who a move names and where it goes: what its visibility is decided from. */
export interface MoveSubject {
  niks: ReadonlyArray<string | null>;
  familyCardNumber: string | null;
  /** Origin and destination (dotted codes; null when unknown). */
  regionCodes: ReadonlyArray<string | null>;
}

export interface MoveRows {
  /** Refuses callers who may read nothing here, or staff without a stated purpose. */
  guard(): void;
  mayRead(subject: MoveSubject, deadline: Deadline): Promise<boolean>;
  mayReadForeigner(kelurahanCode: string): boolean;
  /**
   * The region a foreigner search runs in: the one asked for when it lies in the caller's, the
   * caller's own otherwise; FORBIDDEN when the one asked for is outside it.
   */
  foreignerSearchRegion(requested: string | undefined): string;
  /** Writes: the caller serves at least one of these places (the whole tenant for administrators). */
  mayWrite(regionCodes: ReadonlyArray<string | null>): boolean;
  withhold(key: string): void;
  /** The FORBIDDEN error for a key this request withheld; undefined if it was not withheld. */
  withheld(key: string): GerbangError | undefined;
  /** The FORBIDDEN error for a write outside the caller's region. */
  outside(): GerbangError;
}

export function moveRows(siak: SiakPort, request: RequestContext, tenant: Tenant): MoveRows {
  const reach = reachOf(request.principal);
  const withheldKeys = new Set<string>();
  const mustStatePurpose = request.principal.kind !== 'anonymous' && request.principal.roles.some((r) => PURPOSE_ROLES.has(r)) && !request.purpose;

  let family: Promise<{ niks: Set<string>; card: string | null }> | undefined;
  /** The resident's own family card and its members (two SIAK statements, once per request). */
  const ownFamily = (nik: string, deadline: Deadline) =>
    (family ??= (async () => {
      const self = (await siak.residentsByNik([nik], deadline)).get(nik);
      if (!self?.familyNumber) return { niks: new Set([nik]), card: null };
      const members = (await siak.membersByFamily([self.familyNumber], deadline)).get(self.familyNumber) ?? [];
      return { niks: new Set([nik, ...members.map((m) => m.nik)]), card: self.familyNumber };
    })());

  const served = (code: string | null): boolean => {
    if (!code) return false;
    if (reach.kind === 'everything') return withinRegion(code, tenant.regencyCode);
    return reach.kind === 'region' && withinRegion(code, reach.code);
  };

  return {
    guard() {
      if (mustStatePurpose) throw refused('PURPOSE_REQUIRED', 'State why you read this personal data (the x-purpose header).');
      if (reach.kind === 'nothing') throw refused(...WITHHELD.nothing);
    },
    async mayRead(subject, deadline) {
      switch (reach.kind) {
        case 'everything':
          return true;
        case 'region':
          return subject.regionCodes.some(served);
        case 'own-family': {
          const own = await ownFamily(reach.nik, deadline);
          return subject.niks.some((n) => !!n && own.niks.has(n)) || (!!subject.familyCardNumber && subject.familyCardNumber === own.card);
        }
        case 'nothing':
          return false;
      }
    },
    mayReadForeigner: (kelurahanCode) => (reach.kind === 'everything' ? true : reach.kind === 'region' && withinRegion(kelurahanCode, reach.code)),
    foreignerSearchRegion(requested) {
      const own = reach.kind === 'region' ? reach.code : tenant.regencyCode;
      if (reach.kind !== 'region' && reach.kind !== 'everything') throw refused(...WITHHELD[reach.kind]);
      if (!requested) return own;
      if (withinRegion(requested, own)) return requested;
      if (withinRegion(own, requested)) return own;
      throw refused(...WITHHELD.region);
    },
    mayWrite: (regionCodes) => regionCodes.some(served),
    withhold: (key) => void withheldKeys.add(key),
    withheld(key) {
      if (!withheldKeys.has(key)) return undefined;
      return refused(...WITHHELD[reach.kind]);
    },
    outside: () => refused('OUTSIDE_YOUR_REGION', 'This request concerns places outside the region you serve.'),
  };
}
