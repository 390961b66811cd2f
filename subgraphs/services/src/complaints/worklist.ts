import { createHash } from 'node:crypto';
import type { ComplaintCategory, ComplaintStatus, ComplaintSummary, ComplaintWorklistQuery, PengaduanPort } from '@adapters/pengaduan';
import type { Deadline } from '@core/deadline';
import type { ServicePoint } from '@core/domain/services';
import { badUserInput } from '@core/errors';
import { windowFor } from '../worklist';

/**
 * The complaints desk's worklist, a page at a time: newest first, as the desk orders it. The desk
 * pages by number; the cursor carries how many of its rows earlier pages took, and each page asks
 * the desk for the one window (the requests' worklist's `windowFor`) that starts at or before that
 * position: one call per page, whatever `first`. When the window runs out first, the page is
 * short and `hasNextPage` stays true. Rows outside an officer's region are taken out afterwards
 * (the desk filters by one office only), which can shorten a page too.
 */
export interface ComplaintFilter {
  statuses?: ComplaintStatus[];
  category?: ComplaintCategory;
  concerns?: ServicePoint;
  submittedFrom?: string;
  submittedTo?: string;
}

export interface ComplaintPage {
  edges: Array<{ cursor: string; node: ComplaintSummary }>;
  hasNextPage: boolean;
  endCursor: string | null;
}

export const MAX_FIRST = 100;

interface Cursor {
  /** The filter's fingerprint: a cursor is for the filter it was made with. */
  f: string;
  /** Rows of the desk's order taken so far. */
  o: number;
}

const fingerprint = (filter: ComplaintFilter) => createHash('sha256').update(JSON.stringify(filter)).digest('base64url').slice(0, 12);
const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decode(text: string, f: string): Cursor {
  let parsed: Partial<Cursor> | undefined;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed.f !== 'string' || !Number.isInteger(parsed.o) || (parsed.o as number) < 0) {
    throw badUserInput('after', 'INVALID_CURSOR', 'The cursor is not one this API returned; start again without "after".');
  }
  if (parsed.f !== f) throw badUserInput('after', 'CURSOR_FILTER_CHANGED', 'This cursor was made for another filter; start again without "after".');
  return parsed as Cursor;
}

const deskQuery = (filter: ComplaintFilter): Omit<ComplaintWorklistQuery, 'page' | 'pageSize'> => ({
  statuses: filter.statuses, category: filter.category, concerns: filter.concerns, submittedFrom: filter.submittedFrom, submittedTo: filter.submittedTo,
});

export async function complaintPage(port: PengaduanPort, filter: ComplaintFilter, first: number, after: string | undefined, deadline: Deadline): Promise<ComplaintPage> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) throw badUserInput('first', 'OUT_OF_RANGE', `Ask for 1 to ${MAX_FIRST} at a time.`);
  const f = fingerprint(filter);
  const position = after ? decode(after, f).o : 0;
  const window = windowFor(position, first);
  const page = await port.worklist({ ...deskQuery(filter), page: window.page, pageSize: window.perPage }, deadline);
  const taken = page.complaints.slice(window.skip, window.skip + first);
  const edges = taken.map((node, i) => ({ cursor: encode({ f, o: position + i + 1 }), node }));
  const end = position + taken.length;
  // The desk's total when it gives one; otherwise whether rows follow this window.
  const hasNextPage = page.total !== undefined ? end < page.total : window.skip + taken.length < page.complaints.length || page.hasNextPage;
  return { edges, hasNextPage, endCursor: hasNextPage || edges.length > 0 ? encode({ f, o: end }) : null };
}

/** Complaints per status for the filter (its statuses ignored: every status is counted), one call. */
export async function complaintCounts(port: PengaduanPort, filter: ComplaintFilter, deadline: Deadline): Promise<Array<{ status: ComplaintStatus; count: number }>> {
  const counts = await port.countsByStatus(deskQuery({ ...filter, statuses: undefined }), deadline);
  const wanted = filter.statuses?.length ? new Set(filter.statuses) : undefined;
  return (Object.entries(counts) as Array<[ComplaintStatus, number]>).filter(([status]) => !wanted || wanted.has(status)).map(([status, count]) => ({ status, count }));
}
