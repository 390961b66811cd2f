import type { Principal, RequestContext } from '@core/context/request-context';
import { PURPOSE_ROLES, REGIONAL_ROLES, type Role } from '@core/context/roles';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import type { SiakPort } from '@adapters/siak';
import { withinRegion } from '@core/domain/regions';

/**
 * Whose archived documents one caller may see or act on, decided here from the signed principal
 * (the gateway judges fields, not rows), the reach of the population and civil-registry subgraphs:
 * - a resident (`self:read`) sees the documents of their own family card's members (their own
 *   included); the family is read from SIAK once per request;
 * - staff with `population:read` see the documents of residents registered (in SIAK) in the region
 *   their token names; an owner SIAK does not know is shown only to staff serving the whole
 *   regency (region `36.74`) or without a region (administrators);
 * - anyone else sees none.
 * A document outside the caller's reach is withheld before the audit trail and the resolvers see
 * it: a lookup by id answers FORBIDDEN, a resident's list leaves it out. Staff state a purpose.
 *
 * Uploading (uploadRule): a resident for their own family card, officers and kelurahan operators
 * for residents of their region, administrators (no region) for any resident of the tenant; no
 * channel machine, courier, partner or auditor. The gateway's upload rule (docs/uploads.md) admits
 * the same scopes before the body is streamed.
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

/** A regency code has two parts ('36.74'): its staff serve every kelurahan. */
const regencyWide = (region: string) => region.split('.').length <= 2;

function refused(reason: string, message: string): GerbangError {
  return new GerbangError(ErrorCode.FORBIDDEN, message, { reason });
}

const WITHHELD: Record<Reach['kind'], [string, string]> = {
  everything: ['FORBIDDEN', 'You may not see this document.'],
  region: ['OUTSIDE_YOUR_REGION', 'This document belongs to a resident registered outside the region you serve.'],
  'own-family': ['NOT_YOUR_FAMILY', 'You may see only the documents of your own family.'],
  nothing: ['NO_ACCESS', 'You may not read the archive.'],
};

export interface DocumentRows {
  /** Refuses callers who may read no document, or staff without a stated purpose. */
  guard(): void;
  /** The owners among `niks` whose documents the caller may see (at most one SIAK statement per call). */
  visibleOwners(niks: readonly string[], deadline: Deadline): Promise<Set<string>>;
  /** Records that a key of this request was withheld. */
  withhold(key: string): void;
  /** The FORBIDDEN error for a key this request withheld; undefined if it was not withheld. */
  withheld(key: string): GerbangError | undefined;
  /** The FORBIDDEN error for an owner outside the caller's reach. */
  refusal(): GerbangError;
}

export function documentRows(siak: SiakPort, request: RequestContext): DocumentRows {
  const reach = reachOf(request.principal);
  const withheldKeys = new Set<string>();
  const mustStatePurpose = request.principal.kind !== 'anonymous' && request.principal.roles.some((r) => PURPOSE_ROLES.has(r)) && !request.purpose;
  let family: Promise<Set<string>> | undefined;

  return {
    guard() {
      if (mustStatePurpose) throw refused('PURPOSE_REQUIRED', 'State why you read this personal data (the x-purpose header).');
      if (reach.kind === 'nothing') throw refused(...WITHHELD.nothing);
    },
    async visibleOwners(niks, deadline) {
      const unique = [...new Set(niks)];
      switch (reach.kind) {
        case 'everything':
          return new Set(unique);
        case 'nothing':
          return new Set();
        case 'own-family': {
          const members = await (family ??= familyOf(siak, reach.nik, deadline));
          return new Set(unique.filter((n) => members.has(n)));
        }
        case 'region': {
          if (unique.length === 0) return new Set();
          const residents = await siak.residentsByNik(unique, deadline);
          return new Set(unique.filter((nik) => {
            const resident = residents.get(nik);
            return resident ? withinRegion(resident.kelurahanCode, reach.code) : regencyWide(reach.code);
          }));
        }
      }
    },
    withhold: (key) => void withheldKeys.add(key),
    withheld(key) {
      if (!withheldKeys.has(key)) return undefined;
      return refused(...WITHHELD[reach.kind]);
    },
    refusal: () => refused(...WITHHELD[reach.kind]),
  };
}

/** The resident's own family card's members (two SIAK statements). */
async function familyOf(siak: SiakPort, nik: string, deadline: Deadline): Promise<Set<string>> {
  const self = (await siak.residentsByNik([nik], deadline)).get(nik);
  if (!self?.familyNumber) return new Set([nik]);
  const members = (await siak.membersByFamily([self.familyNumber], deadline)).get(self.familyNumber) ?? [];
  return new Set([nik, ...members.map((m) => m.nik)]);
}

const UPLOADING_ROLES = new Set(['RESIDENT', 'OFFICER', 'KELURAHAN_OPERATOR', 'ADMINISTRATOR']);

/**
 * May this caller file a document for `ownerNik`? Resolves (nothing to say) or throws FORBIDDEN
 * with a reason, or BAD_USER_INPUT UNKNOWN_NIK for staff naming a resident SIAK does not know.
 */
export async function uploadRule(siak: SiakPort, request: RequestContext, ownerNik: string, deadline: Deadline): Promise<void> {
  const principal = request.principal;
  if (principal.kind !== 'user' || !principal.roles.some((r) => UPLOADING_ROLES.has(r))) {
    throw refused('NO_ACCESS', 'You may not file documents in the archive.');
  }
  if (principal.roles.some((r) => PURPOSE_ROLES.has(r)) && !request.purpose) {
    throw refused('PURPOSE_REQUIRED', 'State why you file this personal data (the x-purpose header).');
  }
  if (principal.roles.includes('RESIDENT')) {
    if (!principal.nik) throw refused('NO_ACCESS', 'You may not file documents in the archive.');
    if (principal.nik === ownerNik) return;
    const members = await familyOf(siak, principal.nik, deadline);
    if (!members.has(ownerNik)) throw refused('NOT_YOUR_FAMILY', 'You may file documents only for yourself and your own family card.');
    return;
  }
  // Officers and kelurahan operators: their token names the region they serve (the gateway
  // requires it); administrators serve the whole tenant. Either way the owner must be in SIAK.
  const regional = principal.roles.some((r) => REGIONAL_ROLES.has(r as Role));
  if (regional && !principal.region) throw refused('NO_ACCESS', 'Your token names no region you serve.');
  const owner = (await siak.residentsByNik([ownerNik], deadline)).get(ownerNik);
  if (!owner) throw badUserInput('ownerNik', 'UNKNOWN_NIK', 'No resident with this NIK is registered.');
  if (principal.region && !withinRegion(owner.kelurahanCode, principal.region)) throw refused('OUTSIDE_YOUR_REGION', 'This resident is registered outside the region you serve.');
}
