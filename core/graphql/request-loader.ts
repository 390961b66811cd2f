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

/**
 * What a subgraph's row rules (its row-access.ts) do with the rows a loader fetched: refuse a
 * caller who may read none, check each row, and write what is given out to the audit trail
 * before it is answered (fail closed: a trail that cannot take it fails the batch).
 */
export interface RowCheck<V> {
  /** Throws when the caller may read none of these rows (or must first state a purpose). */
  guard(): void;
  mayRead(value: V): Promise<boolean>;
  /** Notes a key whose row was withheld, so its field can answer FORBIDDEN rather than null. */
  withhold?(key: string): void;
  /** Records the rows given out, in the order asked for. */
  audit(shown: readonly V[]): Promise<void>;
}

/** lookupLoader whose rows pass a subgraph's row rules and audit trail (RowCheck) before they are given out. */
export function checkedLookupLoader<V>(deadline: Deadline, app: string, lookup: (keys: readonly string[], deadline: Deadline) => Promise<ReadonlyMap<string, V>>, maxBatchSize: number, check: RowCheck<V>): DataLoader<string, V | null> {
  return lookupLoader(deadline, app, async (keys, d) => {
    check.guard();
    const found = await lookup(keys, d);
    const shown = new Map<string, V>();
    for (const key of keys) {
      const value = found.get(key);
      if (value === undefined) continue;
      if (await check.mayRead(value)) shown.set(key, value);
      else check.withhold?.(key);
    }
    await check.audit([...shown.values()]);
    return shown;
  }, maxBatchSize);
}

/** listLoader whose rows pass a subgraph's row rules and audit trail (RowCheck); rows the caller may not read are left out. */
export function checkedListLoader<V>(deadline: Deadline, app: string, lookup: (keys: readonly string[], deadline: Deadline) => Promise<ReadonlyMap<string, V[]>>, maxBatchSize: number, check: RowCheck<V>): DataLoader<string, V[]> {
  return listLoader(deadline, app, async (keys, d) => {
    check.guard();
    const found = await lookup(keys, d);
    const shown = new Map<string, V[]>();
    for (const key of keys) {
      const visible: V[] = [];
      for (const value of found.get(key) ?? []) if (await check.mayRead(value)) visible.push(value);
      shown.set(key, visible);
    }
    await check.audit([...shown.values()].flat());
    return shown;
  }, maxBatchSize);
}

/** Row rules that judge a row by its subject: the people (NIKs) and the place it names (each subgraph's row-access.ts). */
export interface SubjectRows<S> {
  guard(): void;
  mayRead(subject: S, deadline: Deadline): Promise<boolean>;
  withhold(key: string): void;
}

/** The RowCheck of such rules: `subject` says what a row names; the NIKs of the rows given out go to `audit`. */
export function subjectCheck<V, S extends { niks: ReadonlyArray<string | null> }>(rows: SubjectRows<S>, deadline: Deadline, subject: (value: V) => S, audit: (niks: Array<string | null>) => Promise<void>): RowCheck<V> {
  return {
    guard: () => rows.guard(),
    mayRead: (value) => rows.mayRead(subject(value), deadline),
    withhold: (key) => rows.withhold(key),
    audit: (shown) => audit(shown.flatMap((value) => subject(value).niks)),
  };
}
