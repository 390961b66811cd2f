import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader, lookupLoader } from '@core/graphql/request-loader';
import type { Complaint, PengaduanPort } from './port';

/**
 * Per-request DataLoaders over the complaints port: every ticket, NIK or application number asked
 * for while one level of a query resolves goes to the desk in one call. Created fresh for each
 * request (a shared cache would leak one caller's complaints to another and hide officers'
 * answers); a batch due after the deadline passed or the caller left is not sent.
 */
export interface PengaduanLoaders {
  /** null when the desk has no such ticket. */
  complaintByTicket: DataLoader<string, Complaint | null>;
  /** A resident's complaints, oldest first; [] when none. */
  complaintsByComplainant: DataLoader<string, Complaint[]>;
  /** Complaints naming a service request number; [] when none. */
  complaintsAboutRequest: DataLoader<string, Complaint[]>;
}

const MAX_BATCH = 200;

export function createPengaduanLoaders(port: PengaduanPort, deadline: Deadline): PengaduanLoaders {
  return {
    complaintByTicket: lookupLoader(deadline, 'pengaduan', (tickets, d) => port.complaintsByTicket(tickets, d), MAX_BATCH),
    complaintsByComplainant: listLoader(deadline, 'pengaduan', (niks, d) => port.complaintsByComplainant(niks, d), MAX_BATCH),
    complaintsAboutRequest: listLoader(deadline, 'pengaduan', (numbers, d) => port.complaintsAboutRequest(numbers, d), MAX_BATCH),
  };
}
