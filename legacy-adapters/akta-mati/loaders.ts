import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { lookupLoader } from '@core/graphql/request-loader';
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
  return {
    deathDeedByNik: lookupLoader(deadline, 'akta-mati', (niks, d) => port.deathDeedsOf(niks, d), MAX_BATCH),
    deathDeedByNumber: lookupLoader(deadline, 'akta-mati', (numbers, d) => port.deathDeedByNumber(numbers, d), MAX_BATCH),
  };
}
