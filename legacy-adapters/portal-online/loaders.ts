import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader, lookupLoader } from '@core/graphql/request-loader';
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
    applicationByNumber: lookupLoader(deadline, 'portal-online', (numbers, d) => port.applicationsByNumber(numbers, d), MAX_BATCH),
    applicationsByApplicant: listLoader(deadline, 'portal-online', (niks, d) => port.applicationsByApplicant(niks, d), MAX_BATCH),
    attachmentsOf: listLoader(deadline, 'portal-online', (numbers, d) => port.attachmentsOf(numbers, d), MAX_BATCH),
  };
}
