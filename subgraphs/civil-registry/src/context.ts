import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import type { Tenant } from '@core/tenants';
import type { DeedLoaders } from './loaders';
import type { BirthWrites } from './birth-registration';
import type { CourtOrderedChangeWrites } from './court-ordered-change';
import type { DeathWrites } from './death-registration';
import type { MarriageWrites } from './marriage-registration';
import type { DeedRows } from './row-access';

/** A resident as other subgraphs refer to one: by NIK only. */
export interface ResidentRef {
  nik: string;
}

/** A death registration as the API shows it (mutation answer and follow-up query). */
export interface DeathRegistrationView {
  idempotencyKey: string;
  reference: string;
  replayed: boolean;
  state: 'PENDING' | 'DELIVERED' | 'FAILED';
  deliveries: Array<{ app: string; state: 'PENDING' | 'DELIVERED' | 'FAILED'; attempts: number; errorCode: string | null }>;
  /** From akta-mati's delivery result, once it accepted the deed. */
  deedNumber: string | null;
}

/** A birth or marriage registration as the API shows it: the same shape, the deed from its registry. */
export type RegistrationView = DeathRegistrationView;

/** What every civil-registry resolver receives: who asks, until when, this request's loaders. */
export interface CivilRegistryContext {
  request: RequestContext;
  /** The caller's regency: dates are checked on its calendar. */
  tenant: Tenant;
  deadline: Deadline;
  /** Row-checked, audited, batched reads of the four registries. */
  deeds: DeedLoaders;
  /** Why a deed asked for by number was withheld (FORBIDDEN), if it was. */
  rows: Pick<DeedRows, 'withheld'>;
  deaths: DeathWrites;
  births: BirthWrites;
  marriages: MarriageWrites;
  courtOrderedChanges: CourtOrderedChangeWrites;
}
