import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader, lookupLoader } from '@core/graphql/request-loader';
import type { AdmKioskPort, KioskPrintRequest } from './port';

/**
 * Per-request DataLoaders over the mall kiosk port: every id (or NIK) asked for while one level of
 * a query resolves goes to the application in one call. Created fresh for each request (a print
 * moves on within minutes: a shared cache would show it stale); a batch due after the deadline
 * passed or the caller left is not sent.
 */
export interface AdmKioskLoaders {
  printRequestById: DataLoader<string, KioskPrintRequest | null>;
  /** Every PIN the resident asked for, oldest first; [] when none. */
  printRequestsByNik: DataLoader<string, KioskPrintRequest[]>;
}

export function createAdmKioskLoaders(port: AdmKioskPort, deadline: Deadline): AdmKioskLoaders {
  return {
    printRequestById: lookupLoader(deadline, 'adm-kiosk', (ids, d) => port.printRequestsById(ids, d), 200),
    printRequestsByNik: listLoader(deadline, 'adm-kiosk', (niks, d) => port.printRequestsOf(niks, d), 200),
  };
}
