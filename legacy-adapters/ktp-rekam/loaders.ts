import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader } from '@core/graphql/request-loader';
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
    enrolmentsByNik: listLoader(deadline, 'ktp-rekam', (niks, d) => port.enrolmentsOf(niks, d), MAX_BATCH),
  };
}
