import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader, lookupLoader } from '@core/graphql/request-loader';
import type { Family, Resident, SiakPort } from './port';

/**
 * Per-request DataLoaders over the SIAK port: every NIK or KK asked for while one level of a query
 * resolves goes to SIAK in one call. Created fresh for each request (never shared: a cache shared
 * across requests would leak one caller's data to another and hide officers' edits).
 * They carry the request's deadline to SIAK; a batch due after it has passed, or after the caller
 * hung up, is not sent at all (its loads fail with DEADLINE_EXCEEDED).
 */
export interface SiakLoaders {
  residentByNik: DataLoader<string, Resident | null>;
  familyByNumber: DataLoader<string, Family | null>;
  membersByFamily: DataLoader<string, Resident[]>;
}

/** Large enough for any page, small enough for the SQL IN list limits of the legacy databases. */
const MAX_BATCH = 1000;

export function createSiakLoaders(port: SiakPort, deadline: Deadline): SiakLoaders {
  const residentByNik = lookupLoader(deadline, 'siak', (niks, d) => port.residentsByNik(niks, d), MAX_BATCH);
  const familyByNumber = lookupLoader(deadline, 'siak', (numbers, d) => port.familiesByNumber(numbers, d), MAX_BATCH);
  const membersByFamily = listLoader(deadline, 'siak', async (numbers, d) => {
    const found = await port.membersByFamily(numbers, d);
    // Members are full residents: later lookups of the same NIKs in this request cost nothing.
    for (const members of found.values()) for (const m of members) residentByNik.prime(m.nik, m);
    return found;
  }, MAX_BATCH);
  return { residentByNik, familyByNumber, membersByFamily };
}
