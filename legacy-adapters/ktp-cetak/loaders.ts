import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader } from '@core/graphql/request-loader';
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
    printJobsByNik: listLoader(deadline, 'ktp-cetak', (niks, d) => port.printJobsOf(niks, d), MAX_BATCH),
  };
}
