import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import type { Attachment, OnlineApplication, PortalOnlinePort } from './port';

/**
 * Per-request DataLoaders over the portal port: every key asked for while one level of a query
 * resolves goes to the portal in one statement. Fresh per request; a batch due after the deadline
 * passed or the caller left is not sent.
 */
export interface PortalOnlineLoaders {
  applicationByNumber: DataLoader<string, OnlineApplication | null>;
  /** Newest first; an empty list for an applicant with none. */
  applicationsByApplicant: DataLoader<string, OnlineApplication[]>;
  attachmentsOf: DataLoader<string, Attachment[]>;
}

const MAX_BATCH = 500;

export function createPortalOnlineLoaders(port: PortalOnlinePort, deadline: Deadline): PortalOnlineLoaders {
  return {
    applicationByNumber: requestLoader<string, OnlineApplication | null>(deadline, 
      async (numbers) => {
        throwIfCancelled(deadline, 'portal-online');
        const found = await port.applicationsByNumber(numbers, deadline);
        return numbers.map((n) => found.get(n) ?? null);
      },
      { maxBatchSize: MAX_BATCH },
    ),
    applicationsByApplicant: requestLoader<string, OnlineApplication[]>(deadline, 
      async (niks) => {
        throwIfCancelled(deadline, 'portal-online');
        const found = await port.applicationsByApplicant(niks, deadline);
        return niks.map((n) => found.get(n) ?? []);
      },
      { maxBatchSize: MAX_BATCH },
    ),
    attachmentsOf: requestLoader<string, Attachment[]>(deadline, 
      async (numbers) => {
        throwIfCancelled(deadline, 'portal-online');
        const found = await port.attachmentsOf(numbers, deadline);
        return numbers.map((n) => found.get(n) ?? []);
      },
      { maxBatchSize: MAX_BATCH },
    ),
  };
}
