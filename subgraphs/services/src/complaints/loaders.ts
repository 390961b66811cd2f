import type DataLoader from 'dataloader';
import { createPengaduanLoaders, type Complaint, type ComplaintSummary, type PengaduanPort } from '@adapters/pengaduan';
import { recordAccess, type AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import type { RequestRows } from '../row-access';
import { visibleComplaints } from './access';

/**
 * Per-request complaint loaders over the adapter's batching loaders (one call to the desk per
 * batch): complaints outside the caller's reach are taken out first, and what is given out is
 * written to the audit trail before it goes (fail closed, as the requests' loaders do). Fresh per
 * request: a shared cache would leak one caller's complaints to another and hide officers' answers.
 */
export interface ComplaintLoaders {
  /** null when the desk has no such ticket or it was withheld (see `wasWithheld`). */
  byTicket: DataLoader<string, Complaint | null>;
  /** A resident's complaints, oldest first. */
  ofComplainant: DataLoader<string, Complaint[]>;
  /** The complaints naming a service request's registration number, oldest first. */
  aboutRequest: DataLoader<string, Complaint[]>;
  /** Row-checks and audits complaints read another way (a worklist page); answers the visible ones. */
  release<T extends ComplaintSummary>(operation: string, complaints: readonly T[]): Promise<T[]>;
  /** True when this ticket exists but the caller may not see it. */
  wasWithheld(ticketNumber: string): boolean;
}

const MAX_BATCH = 200;

/** The DataLoader answers of a batch, or the first error among them (the batch failed as a whole). */
function settled<T>(answers: ReadonlyArray<T | Error>): T[] {
  const failed = answers.find((a): a is Error => a instanceof Error);
  if (failed) throw failed;
  return answers as T[];
}

export function createComplaintLoaders(port: PengaduanPort, rows: RequestRows, audit: AuditWriter, request: RequestContext, regencyCode: string, deadline: Deadline): ComplaintLoaders {
  const desk = createPengaduanLoaders(port, deadline);
  const withheld = new Set<string>();

  async function release<T extends ComplaintSummary>(operation: string, complaints: readonly T[]): Promise<T[]> {
    rows.guard();
    const shown = await visibleComplaints(rows, complaints, regencyCode, deadline);
    await recordAccess(audit, request, { operation, niks: shown.map((c) => c.complainantNik) });
    return shown;
  }

  /** Lists per key, each filtered to what the caller may see; one audit record for the batch. */
  async function releaseLists(operation: string, lists: Complaint[][]): Promise<Complaint[][]> {
    const allowed = new Set(await release(operation, [...new Set(lists.flat())]));
    return lists.map((list) => list.filter((c) => allowed.has(c)));
  }

  return {
    byTicket: requestLoader<string, Complaint | null>(deadline, async (tickets) => {
      rows.guard();
      const found = settled(await desk.complaintByTicket.loadMany(tickets));
      const allowed = new Set(await release('services.complaint', found.filter((c): c is Complaint => !!c)));
      return found.map((c) => {
        if (!c || allowed.has(c)) return c;
        withheld.add(c.ticketNumber);
        return null;
      });
    }, { maxBatchSize: MAX_BATCH }),

    ofComplainant: requestLoader<string, Complaint[]>(deadline, async (niks) => {
      rows.guard();
      return await releaseLists('services.complaintsOf', settled(await desk.complaintsByComplainant.loadMany(niks)));
    }, { maxBatchSize: MAX_BATCH }),

    aboutRequest: requestLoader<string, Complaint[]>(deadline, async (numbers) => {
      rows.guard();
      return await releaseLists('services.complaintsAbout', settled(await desk.complaintsAboutRequest.loadMany(numbers)));
    }, { maxBatchSize: MAX_BATCH }),

    release,
    wasWithheld: (ticket) => withheld.has(ticket),
  };
}
