import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import type { Tenant } from '@core/tenants';
import type { ArrivalWrites } from './arrival';
import type { ForeignerWrites } from './foreigner';
import type { MobilityLoaders } from './loaders';
import type { MoveOutWrites } from './move-out';
import type { MoveWithinCityWrites } from './move-within-city';
import type { MoveRows } from './row-access';
import type { DeliveryView } from './registrations';

/** A resident as other subgraphs refer to one: by NIK only. */
export interface ResidentRef {
  nik: string;
}

/** What every registration view shares: the request, its key and where its writes stand. */
export interface RegistrationViewBase {
  idempotencyKey: string;
  reference: string;
  replayed: boolean;
  state: DeliveryView['state'];
  deliveries: DeliveryView[];
}

/** requestMoveOut's answer: the letter's number once pindah-keluar issued it (the letter is read back). */
export interface MoveOutRequestView extends RegistrationViewBase {
  letterNumber: string | null;
}

/** moveWithinCity's answer: what each of the three applications answered, once it did. */
export interface MoveRegistrationView extends RegistrationViewBase {
  letterNumber: string | null;
  arrivalNumber: string | null;
  familyCardNumber: string | null;
  newFamilyCard: boolean | null;
}

export interface ArrivalRegistrationView extends RegistrationViewBase {
  arrivalNumber: string | null;
}

export interface ForeignerRegistrationView extends RegistrationViewBase {
  registrationNumber: string | null;
}

/** What every mobility resolver receives: who asks, until when, this request's loaders and writes. */
export interface MobilityContext {
  request: RequestContext;
  /** The caller's regency: its kelurahan are "the city", its calendar dates the moves. */
  tenant: Tenant;
  deadline: Deadline;
  /** Row-checked, audited, batched reads of pindah-keluar, pindah-datang and orang-asing. */
  loaders: MobilityLoaders;
  /** Why a record asked for by key was withheld (FORBIDDEN), if it was. */
  rows: Pick<MoveRows, 'withheld' | 'guard' | 'foreignerSearchRegion'>;
  moveOut: MoveOutWrites;
  moves: MoveWithinCityWrites;
  arrivals: ArrivalWrites;
  foreigners: ForeignerWrites;
}
