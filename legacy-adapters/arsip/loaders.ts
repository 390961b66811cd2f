import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader } from '@core/graphql/request-loader';
import type { ArchivedDocument, ArsipPort } from './port';

/**
 * Per-request DataLoaders over the archive port: every owner asked for while one level of a query
 * resolves goes to the archive in one statement. Fresh per request (no cross-caller cache); a
 * batch due after the deadline passed or the caller left is not sent.
 */
export interface ArsipLoaders {
  documentsByOwner: DataLoader<string, ArchivedDocument[]>;
}

const MAX_BATCH = 500;

export function createArsipLoaders(port: ArsipPort, deadline: Deadline): ArsipLoaders {
  return {
    documentsByOwner: listLoader(deadline, 'arsip', (niks, d) => port.documentsOfOwners(niks, d), MAX_BATCH),
  };
}
