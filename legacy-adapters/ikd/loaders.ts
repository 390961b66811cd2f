import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { lookupLoader } from '@core/graphql/request-loader';
import type { DigitalId, IkdPort } from './port';

/**
 * Per-request DataLoaders over the IKD port: every NIK asked for while one level of a query
 * resolves goes to the application in one call (which also spares its rate limit). Created fresh
 * for each request; a batch due after the deadline passed or the caller left is not sent.
 */
export interface IkdLoaders {
  /** The resident's digital ID activation, or null when the register does not know the NIK. */
  digitalIdByNik: DataLoader<string, DigitalId | null>;
}

/** The application takes at most 500 NIKs per call. */
const MAX_BATCH = 500;

export function createIkdLoaders(port: IkdPort, deadline: Deadline): IkdLoaders {
  return {
    digitalIdByNik: lookupLoader(deadline, 'ikd', (niks, d) => port.digitalIdsOf(niks, d), MAX_BATCH),
  };
}
