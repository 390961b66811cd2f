import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { lookupLoader } from '@core/graphql/request-loader';
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
  return {
    birthDeedByNik: lookupLoader(deadline, 'akta-lahir', (niks, d) => port.birthDeedsOf(niks, d), MAX_BATCH),
    birthDeedByNumber: lookupLoader(deadline, 'akta-lahir', (numbers, d) => port.birthDeedByNumber(numbers, d), MAX_BATCH),
  };
}
