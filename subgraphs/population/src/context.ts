import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import type { Tenant } from '@core/tenants';
import type { SiakLoaders, SiakPort } from '@adapters/siak';
import type { IdentityCardAccess } from './identity-cards/loaders';
import type { PersonalDataTrail } from './personal-data-trail';
import type { RowScopedSiak } from './row-access';

/** What every population resolver receives: who asks, until when, and this request's fresh loaders. */
export interface PopulationContext {
  request: RequestContext;
  /** The caller's regency: its calendar is the one ages and dates are computed on. */
  tenant: Tenant;
  deadline: Deadline;
  siak: SiakLoaders;
  /** For calls that are not keyed lookups (search); lookups go through the loaders. */
  siakPort: SiakPort;
  /** Which rows this caller may see; tells a lookup of a withheld row from one of a missing row. */
  rows: Pick<RowScopedSiak, 'withheld'>;
  /** The audit trail of one resident's personal data, as this caller may read it. */
  trail: PersonalDataTrail;
  /** The card applications (KTP-el enrolment and print, KIA, IKD), audited; absent when this process has none. */
  cards?: IdentityCardAccess;
}
