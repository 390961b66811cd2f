import type { Principal, RequestContext } from '@core/context/request-context';
import { PURPOSE_ROLES } from '@core/context/roles';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError } from '@core/errors';
import type { Tenant } from '@core/tenants';
import type { SiakPort } from '@adapters/siak';
import type { ServiceRequestRecord } from './sources/source';
import { withinRegion } from '@core/domain/regions';

/**
 * Which service requests one caller may see, decided here from the signed principal (the gateway
 * judges fields, not rows), with the reach of the other subgraphs:
 * - a resident (`self:read`) sees the requests naming someone of their own family card, or that
 *   card (the family is read from SIAK once per request);
 * - staff with `population:read` or `services:work` see the requests of the region their token
 *   names (a kelurahan operator: their kelurahan); without a region (administrators) the tenant's;
 * - anyone else sees nothing.
 * A request's region is its service point's (kecamatan, kelurahan, the outreach visit's kelurahan);
 * for the portal, the Dinas and the kiosks, where the applicant lives (SIAK, one statement per
 * batch). A request outside the caller's reach is withheld before the audit trail and the
 * resolvers see it. Staff state a purpose (`x-purpose`) before anything is read.
 */
type Reach = { kind: 'everything' } | { kind: 'region'; code: string } | { kind: 'own-family'; nik: string } | { kind: 'nothing' };

function reachOf(principal: Principal): Reach {
  if (principal.kind === 'anonymous') return { kind: 'nothing' };
  const scopes = new Set(principal.scopes ?? []);
  const region = principal.kind === 'user' ? principal.region : undefined;
  if (scopes.has('population:read') || scopes.has('admin') || scopes.has('services:work')) {
    if (region) return { kind: 'region', code: region };
    return scopes.has('admin') || scopes.has('population:read') ? { kind: 'everything' } : { kind: 'nothing' };
  }
  if (scopes.has('self:read') && principal.kind === 'user' && principal.nik) return { kind: 'own-family', nik: principal.nik };
  return { kind: 'nothing' };
}

const refused = (reason: string, message: string) => new GerbangError(ErrorCode.FORBIDDEN, message, { reason });

const WITHHELD: Record<Reach['kind'], [string, string]> = {
  everything: ['FORBIDDEN', 'You may not see this request.'],
  region: ['OUTSIDE_YOUR_REGION', 'This request is outside the region you serve.'],
  'own-family': ['NOT_YOUR_FAMILY', 'You may see only the requests of your own family.'],
  nothing: ['NO_ACCESS', 'You may not read service requests.'],
};

const REGION_POINTS = new Set(['KECAMATAN', 'KELURAHAN', 'OUTREACH']);

/** What the row rules look at: a request, or another record placed like one (a complaint, src/complaints/access.ts). */
export type RowSubject = Pick<ServiceRequestRecord, 'servicePoint' | 'applicantNik' | 'otherNiks' | 'familyNumber'>;

export interface RequestRows {
  /** Refuses callers who may read nothing here, or staff without a stated purpose. */
  guard(): void;
  /** Which of these records the caller may see (same order). */
  visible(records: readonly RowSubject[], deadline: Deadline): Promise<boolean[]>;
  /** Writes: the caller serves this place (the tenant for administrators). */
  mayWriteAt(regionCode: string | null): boolean;
  /**
   * A resident applying from home: undefined when the caller is not a resident (staff rules apply);
   * otherwise whether `nik` is on their own family card (a parent applies for a child).
   */
  residentMayApplyFor(nik: string, deadline: Deadline): Promise<boolean> | undefined;
  /** The region staff are limited to (undefined: the whole tenant, or not staff). */
  region(): string | undefined;
  withhold(key: string): void;
  withheld(key: string): GerbangError | undefined;
  outside(): GerbangError;
}

export function requestRows(siak: SiakPort, request: RequestContext, tenant: Tenant): RequestRows {
  const reach = reachOf(request.principal);
  const withheldKeys = new Set<string>();
  const mustStatePurpose = request.principal.kind !== 'anonymous' && request.principal.roles.some((r) => PURPOSE_ROLES.has(r)) && !request.purpose;
  let family: Promise<{ niks: Set<string>; card: string | null }> | undefined;
  const ownFamily = (nik: string, deadline: Deadline) =>
    (family ??= (async () => {
      const self = (await siak.residentsByNik([nik], deadline)).get(nik);
      if (!self?.familyNumber) return { niks: new Set([nik]), card: null };
      const members = (await siak.membersByFamily([self.familyNumber], deadline)).get(self.familyNumber) ?? [];
      return { niks: new Set([nik, ...members.map((m) => m.nik)]), card: self.familyNumber };
    })());

  /** Each record's region: its service point's, or its applicant's kelurahan (one SIAK statement for all). */
  async function regionsOf(records: readonly RowSubject[], deadline: Deadline): Promise<Array<string | null>> {
    const needed = [...new Set(records.filter((r) => !(REGION_POINTS.has(r.servicePoint.kind) && r.servicePoint.id)).flatMap((r) => (r.applicantNik ? [r.applicantNik] : [])))];
    const residents = needed.length > 0 ? await siak.residentsByNik(needed, deadline) : new Map();
    return records.map((r) => (REGION_POINTS.has(r.servicePoint.kind) && r.servicePoint.id ? r.servicePoint.id : (r.applicantNik ? residents.get(r.applicantNik)?.kelurahanCode ?? null : null)));
  }

  return {
    guard() {
      if (mustStatePurpose) throw refused('PURPOSE_REQUIRED', 'State why you read this personal data (the x-purpose header).');
      if (reach.kind === 'nothing') throw refused(...WITHHELD.nothing);
    },
    async visible(records, deadline) {
      switch (reach.kind) {
        case 'everything':
          return records.map(() => true);
        case 'nothing':
          return records.map(() => false);
        case 'region': {
          const regions = await regionsOf(records, deadline);
          return regions.map((code) => !!code && withinRegion(code, reach.code));
        }
        case 'own-family': {
          if (records.length === 0) return [];
          const own = await ownFamily(reach.nik, deadline);
          return records.map((r) => [r.applicantNik, ...r.otherNiks].some((n) => !!n && own.niks.has(n)) || (!!r.familyNumber && r.familyNumber === own.card));
        }
      }
    },
    mayWriteAt(code) {
      if (reach.kind === 'everything') return code === null || withinRegion(code, tenant.regencyCode);
      return reach.kind === 'region' && !!code && withinRegion(code, reach.code);
    },
    residentMayApplyFor(nik, deadline) {
      if (reach.kind !== 'own-family') return undefined;
      return ownFamily(reach.nik, deadline).then((own) => own.niks.has(nik));
    },
    region: () => (reach.kind === 'region' ? reach.code : undefined),
    withhold: (key) => void withheldKeys.add(key),
    withheld: (key) => (withheldKeys.has(key) ? refused(...WITHHELD[reach.kind]) : undefined),
    outside: () => refused('OUTSIDE_YOUR_REGION', 'This request concerns a place outside the region you serve.'),
  };
}
