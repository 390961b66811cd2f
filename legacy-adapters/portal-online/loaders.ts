import DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import type { Attachment, OnlineApplication, PortalOnlinePort } from './port';
import { afterWaitingFields } from '@core/graphql/turns';

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
    applicationByNumber: new DataLoader<string, OnlineApplication | null>(
      async (numbers) => {
        throwIfCancelled(deadline, 'portal-online');
        const found = await port.applicationsByNumber(numbers, deadline);
        return numbers.map((n) => found.get(n) ?? null);
      },
      { maxBatchSize: MAX_BATCH, batchScheduleFn: afterWaitingFields(deadline) },
    ),
    applicationsByApplicant: new DataLoader<string, OnlineApplication[]>(
      async (niks) => {
        throwIfCancelled(deadline, 'portal-online');
        const found = await port.applicationsByApplicant(niks, deadline);
        return niks.map((n) => found.get(n) ?? []);
      },
      { maxBatchSize: MAX_BATCH, batchScheduleFn: afterWaitingFields(deadline) },
    ),
    attachmentsOf: new DataLoader<string, Attachment[]>(
      async (numbers) => {
        throwIfCancelled(deadline, 'portal-online');
        const found = await port.attachmentsOf(numbers, deadline);
        return numbers.map((n) => found.get(n) ?? []);
      },
      { maxBatchSize: MAX_BATCH, batchScheduleFn: afterWaitingFields(deadline) },
    ),
  };
}
