import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader } from '@core/graphql/request-loader';
import type { Arrival, PindahDatangPort } from './port';

/**
 * Per-request DataLoaders over the move-in port: every NIK asked for while one level of a query
 * resolves goes to the application in one call. Created fresh for each request; a batch due after
 * the deadline passed or the caller left is not sent.
 */
export interface PindahDatangLoaders {
  /** Every arrival of the resident; [] when none. */
  arrivalsByNik: DataLoader<string, Arrival[]>;
}

export function createPindahDatangLoaders(port: PindahDatangPort, deadline: Deadline): PindahDatangLoaders {
  return {
    arrivalsByNik: listLoader(deadline, 'pindah-datang', (niks, d) => port.arrivalsOf(niks, d), 500),
  };
}
