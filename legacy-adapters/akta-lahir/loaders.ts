import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import type { AktaLahirPort, BirthDeed } from './port';

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
    requestLoader<string, BirthDeed | null>(deadline, 
      async (keys) => {
        throwIfCancelled(deadline, 'akta-lahir');
        const found = await fetch(keys, deadline);
        return keys.map((k) => found.get(k) ?? null);
      },
      { maxBatchSize: MAX_BATCH },
    );
  return {
    birthDeedByNik: batch((niks, d) => port.birthDeedsOf(niks, d)),
    birthDeedByNumber: batch((numbers, d) => port.birthDeedByNumber(numbers, d)),
  };
}
