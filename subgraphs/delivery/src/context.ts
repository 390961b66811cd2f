import { localDateTimeIn } from '@core/tenants';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import type { NoticeReads } from './notices';
import type { OrderReads, OrderWrites } from './orders';

/** A service request as other subgraphs refer to one: by id only. */
export interface ServiceRequestRef {
  id: string;
}

/** What every delivery resolver receives: who asks, until when, this request's reads and writes. */
export interface DeliveryContext {
  request: RequestContext;
  deadline: Deadline;
  /** The tenant's offices' zone: the API's DateTime is office wall-clock time; the partner's moments are instants. */
  timeZone: string;
  orders: OrderReads;
  writes: OrderWrites;
  /** What residents were told about their requests (ServiceRequest.notifications). */
  notices: NoticeReads;
}

/** The partner's proof of a handover, with the order it belongs to (for the receiver check). */
export type ProofView = import('@adapters/ojol').ProofOfDelivery & { order: import('./store').StoredOrder };

/** An instant ('2026-12-07T03:00:00Z') as the API's DateTime, the office's wall-clock time; null stays null. */
export function officeTime(iso: string | null | undefined, timeZone: string): string | null {
  return iso ? localDateTimeIn(timeZone, new Date(iso)).replace(' ', 'T') : null;
}
