import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import type { LegalisationRequest, LegalisirPort } from './port';

/**
 * Per-request DataLoaders over the legalisation port: every request number (or applicant) asked
 * for while one level of a query resolves goes to the app in one statement. Fresh per request; a
 * batch due after the deadline passed or the caller left is not sent.
 */
export interface LegalisirLoaders {
  requestByNumber: DataLoader<string, LegalisationRequest | null>;
  /** Newest first; empty when the applicant has none. */
  requestsByApplicant: DataLoader<string, LegalisationRequest[]>;
}

const MAX_BATCH = 500;

export function createLegalisirLoaders(port: LegalisirPort, deadline: Deadline): LegalisirLoaders {
  return {
    requestByNumber: requestLoader<string, LegalisationRequest | null>(deadline, 
      async (numbers) => {
        throwIfCancelled(deadline, 'legalisir');
        const found = await port.requestsByNumber(numbers, deadline);
        return numbers.map((n) => found.get(n) ?? null);
      },
      { maxBatchSize: MAX_BATCH },
    ),
    requestsByApplicant: requestLoader<string, LegalisationRequest[]>(deadline, 
      async (niks) => {
        throwIfCancelled(deadline, 'legalisir');
        const found = await port.requestsByApplicant(niks, deadline);
        return niks.map((n) => found.get(n) ?? []);
      },
      { maxBatchSize: MAX_BATCH },
    ),
  };
}
