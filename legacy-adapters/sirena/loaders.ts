import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
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
    requestById: requestLoader<string, KelurahanRequest | null>(deadline, async (ids) => {
      throwIfCancelled(deadline, 'sirena');
      const found = await port.requestsById(ids, deadline);
      return ids.map((id) => found.get(id) ?? null);
    }, { maxBatchSize: MAX_BATCH }),
    requestsByApplicant: requestLoader<string, KelurahanRequest[]>(deadline, async (niks) => {
      throwIfCancelled(deadline, 'sirena');
      const found = await port.requestsByApplicant(niks, deadline);
      return niks.map((n) => found.get(n) ?? []);
    }, { maxBatchSize: MAX_BATCH }),
  };
}
