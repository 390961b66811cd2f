import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader, lookupLoader } from '@core/graphql/request-loader';
import type { AktaKawinPort, MarriageDeed } from './port';

/**
 * Per-request DataLoaders over the marriage registry port: one call per batch, created for each
 * request on its deadline, never shared; a batch due after the caller left is not sent.
 */
export interface AktaKawinLoaders {
  /** Every marriage deed of a NIK (as husband or wife); [] when none. */
  marriageDeedsByNik: DataLoader<string, MarriageDeed[]>;
  marriageDeedByNumber: DataLoader<string, MarriageDeed | null>;
}

/** The registry answers at most 1000 keys per call. */
const MAX_BATCH = 1000;

export function createAktaKawinLoaders(port: AktaKawinPort, deadline: Deadline): AktaKawinLoaders {
  return {
    marriageDeedsByNik: listLoader(deadline, 'akta-kawin', (niks, d) => port.marriageDeedsOf(niks, d), MAX_BATCH),
    marriageDeedByNumber: lookupLoader(deadline, 'akta-kawin', (numbers, d) => port.marriageDeedsByNumber(numbers, d), MAX_BATCH),
  };
}
