import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader, lookupLoader } from '@core/graphql/request-loader';
import type { KelurahanRequest, SirenaPort } from './port';

/**
 * Per-request DataLoaders over the Sirena port: every key asked for while one level of a query
 * resolves goes to Sirena in one statement. Fresh per request; a batch due after the deadline
 * passed or the caller left is not sent.
 */
export interface SirenaLoaders {
  requestById: DataLoader<string, KelurahanRequest | null>;
  /** Newest first; an empty list for an applicant with none. */
  requestsByApplicant: DataLoader<string, KelurahanRequest[]>;
}

const MAX_BATCH = 500;

export function createSirenaLoaders(port: SirenaPort, deadline: Deadline): SirenaLoaders {
  return {
    requestById: lookupLoader(deadline, 'sirena', (ids, d) => port.requestsById(ids, d), MAX_BATCH),
    requestsByApplicant: listLoader(deadline, 'sirena', (niks, d) => port.requestsByApplicant(niks, d), MAX_BATCH),
  };
}
