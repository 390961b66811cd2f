import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
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
    marriageDeedsByNik: requestLoader<string, MarriageDeed[]>(deadline, async (niks) => {
      throwIfCancelled(deadline, 'akta-kawin');
      const found = await port.marriageDeedsOf(niks, deadline);
      return niks.map((n) => found.get(n) ?? []);
    }, { maxBatchSize: MAX_BATCH }),
    marriageDeedByNumber: requestLoader<string, MarriageDeed | null>(deadline, async (numbers) => {
      throwIfCancelled(deadline, 'akta-kawin');
      const found = await port.marriageDeedsByNumber(numbers, deadline);
      return numbers.map((n) => found.get(n) ?? null);
    }, { maxBatchSize: MAX_BATCH }),
  };
}
