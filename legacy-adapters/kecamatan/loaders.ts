import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader, lookupLoader } from '@core/graphql/request-loader';
import type { CounterRequest, KecamatanPort } from './port';

/**
 * Per-request DataLoaders over the kecamatan counter port: every request number (or applicant)
 * asked for while one level of a query resolves goes to the app in one statement. Fresh per
 * request; a batch due after the deadline passed or the caller left is not sent.
 */
export interface KecamatanLoaders {
  requestByNumber: DataLoader<string, CounterRequest | null>;
  /** Newest first; empty when the applicant has none. */
  requestsByApplicant: DataLoader<string, CounterRequest[]>;
}

const MAX_BATCH = 500;

export function createKecamatanLoaders(port: KecamatanPort, deadline: Deadline): KecamatanLoaders {
  return {
    requestByNumber: lookupLoader(deadline, 'kecamatan', (numbers, d) => port.requestsByNumber(numbers, d), MAX_BATCH),
    requestsByApplicant: listLoader(deadline, 'kecamatan', (niks, d) => port.requestsByApplicant(niks, d), MAX_BATCH),
  };
}
