import DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import type { AktaLahirPort, BirthDeed } from './port';
import { afterWaitingFields } from '@core/graphql/turns';

/**
 * Per-request DataLoaders over the birth registry port: one call per batch, created for each
 * request on its deadline, never shared; a batch due after the caller left is not sent.
 */
export interface AktaLahirLoaders {
  birthDeedByNik: DataLoader<string, BirthDeed | null>;
  birthDeedByNumber: DataLoader<string, BirthDeed | null>;
}

const MAX_BATCH = 1000;

export function createAktaLahirLoaders(port: AktaLahirPort, deadline: Deadline): AktaLahirLoaders {
  const batch = (fetch: (keys: readonly string[], deadline: Deadline) => Promise<Map<string, BirthDeed>>) =>
    new DataLoader<string, BirthDeed | null>(
      async (keys) => {
        throwIfCancelled(deadline, 'akta-lahir');
        const found = await fetch(keys, deadline);
        return keys.map((k) => found.get(k) ?? null);
      },
      { maxBatchSize: MAX_BATCH, batchScheduleFn: afterWaitingFields(deadline) },
    );
  return {
    birthDeedByNik: batch((niks, d) => port.birthDeedsOf(niks, d)),
    birthDeedByNumber: batch((numbers, d) => port.birthDeedByNumber(numbers, d)),
  };
}
