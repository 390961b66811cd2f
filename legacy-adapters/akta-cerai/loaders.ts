import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader, lookupLoader } from '@core/graphql/request-loader';
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
    divorceDeedsByNik: listLoader(deadline, 'akta-cerai', (niks, d) => port.divorceDeedsOf(niks, d), MAX_BATCH),
    divorceDeedByNumber: lookupLoader(deadline, 'akta-cerai', (numbers, d) => port.divorceDeedsByNumber(numbers, d), MAX_BATCH),
    divorceDeedByMarriageDeed: lookupLoader(deadline, 'akta-cerai', (numbers, d) => port.divorceDeedsByMarriageDeed(numbers, d), MAX_BATCH),
  };
}
