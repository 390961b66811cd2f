import DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
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

/**
 * A request's loader over a batch-shaped port method that answers one value per key: one legacy
 * call per batch (of at most `maxBatchSize` keys). A batch due after the request was cancelled
 * (its deadline passed or its caller left) is not sent: its loads fail with DEADLINE_EXCEEDED
 * naming `app`. A key the application does not know gets null.
 */
export function lookupLoader<V>(deadline: Deadline, app: string, lookup: (keys: readonly string[], deadline: Deadline) => Promise<ReadonlyMap<string, V>>, maxBatchSize: number): DataLoader<string, V | null> {
  return requestLoader<string, V | null>(deadline, async (keys) => {
    throwIfCancelled(deadline, app);
    const found = await lookup(keys, deadline);
    return keys.map((key) => found.get(key) ?? null);
  }, { maxBatchSize });
}

/**
 * As lookupLoader, for a port method that answers a list per key; a key the application does not
 * know gets an empty list of its own (never one array shared between keys).
 */
export function listLoader<V>(deadline: Deadline, app: string, lookup: (keys: readonly string[], deadline: Deadline) => Promise<ReadonlyMap<string, V[]>>, maxBatchSize: number): DataLoader<string, V[]> {
  return requestLoader<string, V[]>(deadline, async (keys) => {
    throwIfCancelled(deadline, app);
    const found = await lookup(keys, deadline);
    return keys.map((key) => found.get(key) ?? []);
  }, { maxBatchSize });
}
