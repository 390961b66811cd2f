import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader, lookupLoader } from '@core/graphql/request-loader';
import type { AntrianPort, Appointment } from './port';

/**
 * Per-request DataLoaders over the appointment port: every id (or NIK) asked for while one level
 * of a query resolves goes to the application in one call. Created fresh for each request (a
 * shared cache would leak one caller's data to another and hide the counters' check-ins); a
 * batch due after the deadline passed or the caller left is not sent.
 */
export interface AntrianLoaders {
  /** null when the application has no such booking. */
  appointmentById: DataLoader<string, Appointment | null>;
  /** Every booking the resident made, oldest first; [] when none. */
  appointmentsByNik: DataLoader<string, Appointment[]>;
}

export function createAntrianLoaders(port: AntrianPort, deadline: Deadline): AntrianLoaders {
  return {
    appointmentById: lookupLoader(deadline, 'antrian', (ids, d) => port.appointmentsById(ids, d), 200),
    appointmentsByNik: listLoader(deadline, 'antrian', (niks, d) => port.appointmentsOf(niks, d), 200),
  };
}
