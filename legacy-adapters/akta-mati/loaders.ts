import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import type { AktaMatiPort, DeathDeed } from './port';

/**
 * Per-request DataLoaders over the death registry port: one call per batch, created for each
 * request on its deadline, never shared; a batch due after the caller left is not sent.
 */
export interface AktaMatiLoaders {
  deathDeedByNik: DataLoader<string, DeathDeed | null>;
  deathDeedByNumber: DataLoader<string, DeathDeed | null>;
}

const MAX_BATCH = 1000;

export function createAktaMatiLoaders(port: AktaMatiPort, deadline: Deadline): AktaMatiLoaders {
  const batch = (fetch: (keys: readonly string[], deadline: Deadline) => Promise<Map<string, DeathDeed>>) =>
    requestLoader<string, DeathDeed | null>(deadline, 
      async (keys) => {
        throwIfCancelled(deadline, 'akta-mati');
        const found = await fetch(keys, deadline);
        return keys.map((k) => found.get(k) ?? null);
      },
      { maxBatchSize: MAX_BATCH },
    );
  return {
    deathDeedByNik: batch((niks, d) => port.deathDeedsOf(niks, d)),
    deathDeedByNumber: batch((numbers, d) => port.deathDeedByNumber(numbers, d)),
  };
}
