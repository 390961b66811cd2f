import type { Principal, RequestContext } from '@core/context/request-context';
import { PURPOSE_ROLES } from '@core/context/roles';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError } from '@core/errors';
import type { SiakPort } from '@adapters/siak';
import { withinRegion } from '@core/domain/regions';

/**
 * Which deeds one caller may see, decided here from the signed principal (the gateway judges
 * fields, not rows), the same reach as the population subgraph's (subgraphs/population/src/row-access.ts):
 * - a resident (`self:read`) sees the deeds naming someone of their own family card (their own,
 *   their children's birth deeds, their parents' marriage…); the family is read from SIAK once per request;
 * - staff with `population:read` see deeds registered in the region their token names, by the
 *   deed's registration kelurahan. A deed that records none (older marriage deeds, annotations)
 *   is shown only to staff serving the whole regency (region `36.74`) or without a region
 *   (administrators): a narrower officer cannot be shown to be entitled to it, so it is withheld;
 * - anyone else sees no deed.
 * A deed outside the caller's reach is withheld before the audit trail and the resolvers see it:
 * a lookup by number answers FORBIDDEN, a resident's nested deeds leave it out. Staff state a
 * purpose (`x-purpose`) before any deed is read.
 */
type Reach = { kind: 'everything' } | { kind: 'region'; code: string } | { kind: 'own-family'; nik: string } | { kind: 'nothing' };

function reachOf(principal: Principal): Reach {
  if (principal.kind === 'anonymous') return { kind: 'nothing' };
  const scopes = new Set(principal.scopes ?? []);
  if (scopes.has('population:read')) {
    const region = principal.kind === 'user' ? principal.region : undefined;
    return region ? { kind: 'region', code: region } : { kind: 'everything' };
  }
  if (scopes.has('self:read') && principal.kind === 'user' && principal.nik) return { kind: 'own-family', nik: principal.nik };
  return { kind: 'nothing' };
}

/** A regency code has two parts ('36.74'): its staff serve every kelurahan of the registry. */
const regencyWide = (region: string) => region.split('.').length <= 2;

function refused(reason: string, message: string): GerbangError {
  return new GerbangError(ErrorCode.FORBIDDEN, message, { reason });
}

const WITHHELD: Record<Reach['kind'], [string, string]> = {
  everything: ['FORBIDDEN', 'You may not see this deed.'],
  region: ['OUTSIDE_YOUR_REGION', 'This deed is registered outside the region you serve.'],
  'own-family': ['NOT_YOUR_FAMILY', 'You may see only the deeds of your own family.'],
  nothing: ['NO_ACCESS', 'You may not read the civil registry.'],
};

/** Who a deed names and where it was registered: what its visibility is decided from. */
export interface DeedSubject {
  niks: ReadonlyArray<string | null>;
  /** Registration kelurahan (dotted code), null when the registry records none. */
  kelurahanCode: string | null;
}

export interface DeedRows {
  /** Refuses callers who may read no deed, or staff without a stated purpose. */
  guard(): void;
  mayRead(subject: DeedSubject, deadline: Deadline): Promise<boolean>;
  /** Records that a key of this request was withheld. */
  withhold(key: string): void;
  /** The FORBIDDEN error for a key this request withheld; undefined if it was not withheld. */
  withheld(key: string): GerbangError | undefined;
}

export function deedRows(siak: SiakPort, request: RequestContext): DeedRows {
  const reach = reachOf(request.principal);
  const withheldKeys = new Set<string>();
  const mustStatePurpose = request.principal.kind !== 'anonymous' && request.principal.roles.some((r) => PURPOSE_ROLES.has(r)) && !request.purpose;

  let family: Promise<Set<string>> | undefined;
  /** The resident's own family card's members (two SIAK statements, once per request). */
  const ownFamily = (nik: string, deadline: Deadline): Promise<Set<string>> =>
    (family ??= (async () => {
      const self = (await siak.residentsByNik([nik], deadline)).get(nik);
      if (!self?.familyNumber) return new Set([nik]);
      const members = (await siak.membersByFamily([self.familyNumber], deadline)).get(self.familyNumber) ?? [];
      return new Set([nik, ...members.map((m) => m.nik)]);
    })());

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
          return subject.kelurahanCode ? withinRegion(subject.kelurahanCode, reach.code) : regencyWide(reach.code);
        case 'own-family': {
          const members = await ownFamily(reach.nik, deadline);
          return subject.niks.some((n) => !!n && members.has(n));
        }
        case 'nothing':
          return false;
      }
    },
    withhold: (key) => void withheldKeys.add(key),
    withheld(key) {
      if (!withheldKeys.has(key)) return undefined;
      return refused(...WITHHELD[reach.kind]);
    },
  };
}
