import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import type { AktaCeraiPort, DivorceDeed } from './port';

/**
 * Per-request DataLoaders over the divorce registry port: one call per batch, created for each
 * request on its deadline, never shared; a batch due after the caller left is not sent.
 */
export interface AktaCeraiLoaders {
  /** Every divorce deed of a NIK (as former husband or wife); [] when none. */
  divorceDeedsByNik: DataLoader<string, DivorceDeed[]>;
  divorceDeedByNumber: DataLoader<string, DivorceDeed | null>;
  /** The divorce that ended a marriage deed; null while the marriage stands (as far as this registry knows). */
  divorceDeedByMarriageDeed: DataLoader<string, DivorceDeed | null>;
}

/** The registry answers at most 1000 keys per call. */
const MAX_BATCH = 1000;

export function createAktaCeraiLoaders(port: AktaCeraiPort, deadline: Deadline): AktaCeraiLoaders {
  return {
    divorceDeedsByNik: requestLoader<string, DivorceDeed[]>(deadline, async (niks) => {
      throwIfCancelled(deadline, 'akta-cerai');
      const found = await port.divorceDeedsOf(niks, deadline);
      return niks.map((n) => found.get(n) ?? []);
    }, { maxBatchSize: MAX_BATCH }),
    divorceDeedByNumber: requestLoader<string, DivorceDeed | null>(deadline, async (numbers) => {
      throwIfCancelled(deadline, 'akta-cerai');
      const found = await port.divorceDeedsByNumber(numbers, deadline);
      return numbers.map((n) => found.get(n) ?? null);
    }, { maxBatchSize: MAX_BATCH }),
    divorceDeedByMarriageDeed: requestLoader<string, DivorceDeed | null>(deadline, async (numbers) => {
      throwIfCancelled(deadline, 'akta-cerai');
      const found = await port.divorceDeedsByMarriageDeed(numbers, deadline);
      return numbers.map((n) => found.get(n) ?? null);
    }, { maxBatchSize: MAX_BATCH }),
  };
}
