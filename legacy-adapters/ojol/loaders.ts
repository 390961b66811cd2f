import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { lookupLoader } from '@core/graphql/request-loader';
import type { CourierOrder, OjolPort } from './port';

/**
 * Per-request DataLoaders over the courier port: every order id or reference asked for while one
 * level of a query resolves goes to the partner in one call. Created fresh for each request (a
 * shared cache would leak one caller's orders to another and hide the couriers' progress); a
 * batch due after the deadline passed or the caller left is not sent.
 */
export interface OjolLoaders {
  /** null when the partner has no such order. */
  orderById: DataLoader<string, CourierOrder | null>;
  /** null when no order was placed with the reference. */
  orderByReference: DataLoader<string, CourierOrder | null>;
}

const MAX_BATCH = 100;

export function createOjolLoaders(port: OjolPort, deadline: Deadline): OjolLoaders {
  return {
    orderById: lookupLoader(deadline, 'ojol', (ids, d) => port.ordersById(ids, d), MAX_BATCH),
    orderByReference: lookupLoader(deadline, 'ojol', (references, d) => port.ordersByReference(references, d), MAX_BATCH),
  };
}
