import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader, lookupLoader } from '@core/graphql/request-loader';
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
    kiaByNik: lookupLoader(deadline, 'kia', (niks, d) => port.kiaOf(niks, d), MAX_NIKS),
    kiaByFamily: listLoader(deadline, 'kia', (kks, d) => port.kiaByFamily(kks, d), MAX_KKS),
  };
}
