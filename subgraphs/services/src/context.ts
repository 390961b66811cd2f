import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import type { Tenant } from '@core/tenants';
import type { Appointments } from './appointments';
import type { ComplaintDesk } from './complaints';
import type { CounterWork } from './counter-work';
import type { FulfilmentReader } from './fulfilment/view';
import type { KioskWork } from './kiosk';
import type { ServicesLoaders, Sources } from './loaders';
import type { RequestRows } from './row-access';
import type { ServiceRouting } from './routing/routing';
import type { ServicesWrites } from './submissions';

/** A resident as other subgraphs refer to one: by NIK only. */
export interface ResidentRef {
  nik: string;
}

export type DeliveryStateView = 'PENDING' | 'DELIVERED' | 'FAILED';

/** submitServiceRequest's answer; `request` is read from the application once it holds it. */
export interface SubmissionView {
  idempotencyKey: string;
  replayed: boolean;
  application: string;
  state: DeliveryStateView;
  attempts: number;
  errorCode: string | null;
  /** The application's id of the request, once delivered. */
  localId: string | null;
}

export interface SirenaItemView {
  itemNumber: number;
  requestId: string;
  accepted: boolean;
  reason: string | null;
  message: string | null;
}

export interface SirenaBatchView {
  idempotencyKey: string;
  replayed: boolean;
  state: DeliveryStateView;
  attempts: number;
  errorCode: string | null;
  batchNumber: string | null;
  items: SirenaItemView[];
}

/** What every services resolver receives: who asks, until when, the tenant's routing, loaders and writes. */
export interface ServicesContext {
  request: RequestContext;
  tenant: Tenant;
  routing: ServiceRouting;
  deadline: Deadline;
  sources: Sources;
  loaders: ServicesLoaders;
  rows: Pick<RequestRows, 'withheld' | 'guard' | 'region'>;
  writes: ServicesWrites;
  /** Officers moving counter requests on in their application. */
  counter: CounterWork;
  /** Mall kiosk PINs and prints (adm-kiosk). */
  kiosk: KioskWork;
  /** Appointments in antrian: free days, booking, check-in. */
  appointments: Appointments;
  /** Where finished requests' writes into their registers stand. */
  fulfilment: FulfilmentReader;
  /** Complaints at the desk (pengaduan): reads, the worklist, filing and answers. */
  complaints: ComplaintDesk;
}
