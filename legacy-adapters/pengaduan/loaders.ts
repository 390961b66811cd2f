import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
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
    complaintByTicket: requestLoader<string, Complaint | null>(deadline, 
      async (tickets) => {
        throwIfCancelled(deadline, 'pengaduan');
        const found = await port.complaintsByTicket(tickets, deadline);
        return tickets.map((t) => found.get(t) ?? null);
      },
      { maxBatchSize: MAX_BATCH },
    ),
    complaintsByComplainant: requestLoader<string, Complaint[]>(deadline, 
      async (niks) => {
        throwIfCancelled(deadline, 'pengaduan');
        const found = await port.complaintsByComplainant(niks, deadline);
        return niks.map((nik) => found.get(nik) ?? []);
      },
      { maxBatchSize: MAX_BATCH },
    ),
    complaintsAboutRequest: requestLoader<string, Complaint[]>(deadline, 
      async (numbers) => {
        throwIfCancelled(deadline, 'pengaduan');
        const found = await port.complaintsAboutRequest(numbers, deadline);
        return numbers.map((n) => found.get(n) ?? []);
      },
      { maxBatchSize: MAX_BATCH },
    ),
  };
}
