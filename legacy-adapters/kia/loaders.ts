import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import type { ChildIdCard, KiaPort } from './port';

/**
 * Per-request DataLoaders over the KIA port: every NIK (or KK) asked for while one level of a
 * query resolves goes to the application in one call. Created fresh for each request (a shared
 * cache would leak one caller's data to another and hide the counter's changes); a batch due
 * after the deadline passed or the caller left is not sent.
 */
export interface KiaLoaders {
  /** The child's card in force, or null. */
  kiaByNik: DataLoader<string, ChildIdCard | null>;
  /** The cards in force of the children on a family card ([] when none). */
  kiaByFamily: DataLoader<string, ChildIdCard[]>;
}

/** The application's limits per call. */
const MAX_NIKS = 500;
const MAX_KKS = 200;

export function createKiaLoaders(port: KiaPort, deadline: Deadline): KiaLoaders {
  return {
    kiaByNik: requestLoader<string, ChildIdCard | null>(deadline, 
      async (niks) => {
        throwIfCancelled(deadline, 'kia');
        const found = await port.kiaOf(niks, deadline);
        return niks.map((nik) => found.get(nik) ?? null);
      },
      { maxBatchSize: MAX_NIKS },
    ),
    kiaByFamily: requestLoader<string, ChildIdCard[]>(deadline, 
      async (kks) => {
        throwIfCancelled(deadline, 'kia');
        const found = await port.kiaByFamily(kks, deadline);
        return kks.map((kk) => found.get(kk) ?? []);
      },
      { maxBatchSize: MAX_KKS },
    ),
  };
}
