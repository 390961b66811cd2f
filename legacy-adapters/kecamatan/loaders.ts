import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
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
    requestByNumber: requestLoader<string, CounterRequest | null>(deadline, 
      async (numbers) => {
        throwIfCancelled(deadline, 'kecamatan');
        const found = await port.requestsByNumber(numbers, deadline);
        return numbers.map((n) => found.get(n) ?? null);
      },
      { maxBatchSize: MAX_BATCH },
    ),
    requestsByApplicant: requestLoader<string, CounterRequest[]>(deadline, 
      async (niks) => {
        throwIfCancelled(deadline, 'kecamatan');
        const found = await port.requestsByApplicant(niks, deadline);
        return niks.map((n) => found.get(n) ?? []);
      },
      { maxBatchSize: MAX_BATCH },
    ),
  };
}
