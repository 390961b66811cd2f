import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
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
    printRequestById: requestLoader<string, KioskPrintRequest | null>(deadline, 
      async (ids) => {
        throwIfCancelled(deadline, 'adm-kiosk');
        const found = await port.printRequestsById(ids, deadline);
        return ids.map((id) => found.get(id) ?? null);
      },
      { maxBatchSize: 200 },
    ),
    printRequestsByNik: requestLoader<string, KioskPrintRequest[]>(deadline, 
      async (niks) => {
        throwIfCancelled(deadline, 'adm-kiosk');
        const found = await port.printRequestsOf(niks, deadline);
        return niks.map((nik) => found.get(nik) ?? []);
      },
      { maxBatchSize: 200 },
    ),
  };
}
