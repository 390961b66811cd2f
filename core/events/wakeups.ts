import type { AppDatabaseLocation } from '@core/sql/app-database';

/**
 * In-process wake-ups: a publish wakes every consumer of the same event database in this process
 * at once, instead of at its next poll. Consumers in other processes find the events by polling.
 */
const waiting = new Map<string, Set<() => void>>();

export function locationKey(location: AppDatabaseLocation): string {
  return location.client === 'sqlite' ? `sqlite:${location.file}` : `mysql:${location.serverUrl}/${location.database}`;
}

export function wakeAll(key: string): void {
  for (const wake of waiting.get(key) ?? []) wake();
}

/** Registers `wake` for publishes to `key`; returns how to unregister it. */
export function onPublish(key: string, wake: () => void): () => void {
  let set = waiting.get(key);
  if (!set) waiting.set(key, (set = new Set()));
  set.add(wake);
  return () => {
    set.delete(wake);
    if (set.size === 0) waiting.delete(key);
  };
}
