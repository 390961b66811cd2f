import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader, lookupLoader } from '@core/graphql/request-loader';
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
    requestByNumber: lookupLoader(deadline, 'legalisir', (numbers, d) => port.requestsByNumber(numbers, d), MAX_BATCH),
    requestsByApplicant: listLoader(deadline, 'legalisir', (niks, d) => port.requestsByApplicant(niks, d), MAX_BATCH),
  };
}
