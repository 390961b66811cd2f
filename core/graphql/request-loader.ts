import DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { afterWaitingFields } from './turns';

/**
 * The one way to make a DataLoader for a request: created per request on its deadline (never
 * shared, so one caller's rows never reach another), and scheduled by afterWaitingFields (./turns),
 * so that a batch stays one legacy call when a busy moment sends part of a list's fields to a
 * later turn. ESLint refuses `new DataLoader` anywhere else.
 */
export function requestLoader<K, V, C = K>(deadline: Deadline, batch: DataLoader.BatchLoadFn<K, V>, options: Omit<DataLoader.Options<K, V, C>, 'batchScheduleFn'>): DataLoader<K, V, C> {
  return new DataLoader<K, V, C>(batch, { ...options, batchScheduleFn: afterWaitingFields(deadline) });
}
