import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
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
    digitalIdByNik: requestLoader<string, DigitalId | null>(deadline, 
      async (niks) => {
        throwIfCancelled(deadline, 'ikd');
        const found = await port.digitalIdsOf(niks, deadline);
        return niks.map((nik) => found.get(nik) ?? null);
      },
      { maxBatchSize: MAX_BATCH },
    ),
  };
}
