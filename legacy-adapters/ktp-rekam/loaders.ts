import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import type { Enrolment, KtpRekamPort } from './port';

/**
 * Per-request DataLoaders over the enrolment port: every NIK asked for while one level of a query
 * resolves goes to the application in one call. Created for each request on its deadline, never
 * shared; a batch due after the deadline passed or the caller left is not sent.
 */
export interface KtpRekamLoaders {
  /** Enrolments of a NIK, newest first; [] when never enrolled. */
  enrolmentsByNik: DataLoader<string, Enrolment[]>;
}

/** Large enough for any page, small enough for the SQL IN list limits of the legacy databases. */
const MAX_BATCH = 1000;

export function createKtpRekamLoaders(port: KtpRekamPort, deadline: Deadline): KtpRekamLoaders {
  return {
    enrolmentsByNik: requestLoader<string, Enrolment[]>(deadline, 
      async (niks) => {
        throwIfCancelled(deadline, 'ktp-rekam');
        const found = await port.enrolmentsOf(niks, deadline);
        return niks.map((nik) => found.get(nik) ?? []);
      },
      { maxBatchSize: MAX_BATCH },
    ),
  };
}
