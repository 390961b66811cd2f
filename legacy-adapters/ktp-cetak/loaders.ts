import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import type { CardPrintJob, KtpCetakPort } from './port';

/**
 * Per-request DataLoaders over the print queue port: every NIK asked for while one level of a
 * query resolves goes to the application in one call. Created fresh for each request (a shared
 * cache would leak one caller's data to another and hide the print room's changes); a batch due
 * after the deadline passed or the caller left is not sent.
 */
export interface KtpCetakLoaders {
  printJobsByNik: DataLoader<string, CardPrintJob[]>;
}

/** The application takes at most 500 NIKs per call. */
const MAX_BATCH = 500;

export function createKtpCetakLoaders(port: KtpCetakPort, deadline: Deadline): KtpCetakLoaders {
  return {
    printJobsByNik: requestLoader<string, CardPrintJob[]>(deadline, 
      async (niks) => {
        throwIfCancelled(deadline, 'ktp-cetak');
        const found = await port.printJobsOf(niks, deadline);
        return niks.map((nik) => found.get(nik) ?? []);
      },
      { maxBatchSize: MAX_BATCH },
    ),
  };
}
