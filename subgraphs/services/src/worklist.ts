import { createHash } from 'node:crypto';
import { FINAL_STATUSES, REQUEST_STATUSES, type Channel, type RequestStatus, type ServiceKind, type ServicePoint } from '@core/domain/services';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { badUserInput } from '@core/errors';
import type { Sources } from './loaders';
import type { ServiceRouting } from './routing/routing';
import { isOverdue, overdueThresholds } from './standards';
import { MAX_SOURCE_PAGE, type RequestSource, type ServiceRequestRecord, type SourceCount, type SourceFilter } from './sources/source';

/**
 * The officers' worklist over several applications at once, and the counts beside it.
 *
 * A page costs one call per application whatever its size: each application's position (how many
 * of its rows, in its own stable order, earlier pages took) rides in the cursor; each application
 * is asked for one page window that starts at or before its position; the windows are merged
 * oldest submission first. When an application's window runs out before the page is full while it
 * has more rows, the page stops there (it may hold fewer than `first`; `hasNextPage` stays true):
 * taking a row of another application could otherwise skip one of its. What an application cannot
 * filter (overdue against the tenant's standard, several outreach services) is refined here, so a
 * page may also hold fewer rows than it took.
 */
export interface WorklistFilter {
  servicePoint?: ServicePoint;
  statuses?: RequestStatus[];
  services?: ServiceKind[];
  channel?: Channel;
  overdue?: boolean;
}

export interface WorklistPage {
  edges: Array<{ cursor: string; node: ServiceRequestRecord }>;
  hasNextPage: boolean;
  endCursor: string | null;
}

export const MAX_FIRST = MAX_SOURCE_PAGE;
/** An application whose rows were all taken. */
const DONE = -1;

/**
 * Each application's position: for one paged by number, how many of its rows were taken (DONE:
 * all); for one paged by its own cursor, the cursor its current window starts after (`a`) and how
 * many rows of that window were taken (`s`, always fewer than a window: 100).
 */
type Position = number | { a: string | null; s: number };

interface Cursor {
  /** The filter's fingerprint: a cursor is for the filter it was made with. */
  f: string;
  p: Record<string, Position>;
}

const fingerprint = (filter: WorklistFilter, area: string | undefined) => createHash('sha256').update(JSON.stringify([filter, area ?? null])).digest('base64url').slice(0, 12);
const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

const validPosition = (n: unknown): boolean => {
  if (typeof n === 'number') return Number.isInteger(n) && n >= DONE;
  const k = n as { a?: unknown; s?: unknown } | null;
  return !!k && typeof k === 'object' && (k.a === null || (typeof k.a === 'string' && k.a.length <= 500)) && Number.isInteger(k.s) && (k.s as number) >= 0 && (k.s as number) < MAX_SOURCE_PAGE;
};

function decode(text: string, f: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const c = parsed as Partial<Cursor> | undefined;
  const valid = !!c && typeof c.f === 'string' && !!c.p && typeof c.p === 'object' && Object.values(c.p).every(validPosition);
  if (!valid) throw badUserInput('after', 'INVALID_CURSOR', 'The cursor is not one this API returned; start again without "after".');
  if (c.f !== f) throw badUserInput('after', 'CURSOR_FILTER_CHANGED', 'This cursor was made for another filter; start again without "after".');
  return c as Cursor;
}

/** What each application is asked to filter: what it can; the rest is refined in memory. */
export function sourceFilter(filter: WorklistFilter, routing: ServiceRouting, today: string, area: string | undefined): SourceFilter | null {
  let statuses = filter.statuses;
  let submittedTo: string | undefined;
  if (filter.overdue === true) {
    statuses = (statuses ?? [...REQUEST_STATUSES]).filter((s) => !FINAL_STATUSES.has(s) && s !== 'DRAFT');
    const thresholds = [...overdueThresholds(routing, filter.services, today).keys()].sort();
    if (statuses.length === 0 || thresholds.length === 0) return null;
    // The loosest threshold: the exact, per-service one is checked in memory.
    submittedTo = thresholds.at(-1);
  }
  return { servicePoint: filter.servicePoint, statuses, services: filter.services, channel: filter.channel, submittedTo, area };
}

export function matches(r: ServiceRequestRecord, filter: WorklistFilter, routing: ServiceRouting, today: string): boolean {
  if (filter.statuses && (r.status === null || !filter.statuses.includes(r.status))) return false;
  if (filter.services && (r.service === null || !filter.services.includes(r.service))) return false;
  if (filter.channel && r.channel !== filter.channel) return false;
  if (filter.servicePoint && (r.servicePoint.kind !== filter.servicePoint.kind || (filter.servicePoint.id && r.servicePoint.id !== filter.servicePoint.id))) return false;
  if (filter.overdue !== undefined && isOverdue(routing, r, today) !== filter.overdue) return false;
  return true;
}

/** The window of `perPage` rows (at least `need`, at most 100) that leaves the most rows after `position`. */
export function windowFor(position: number, need: number): { page: number; perPage: number; skip: number } {
  let best = { page: 1, perPage: need, skip: 0, left: -1 };
  for (let size = need; size <= MAX_SOURCE_PAGE; size++) {
    const skip = position % size;
    if (size - skip > best.left) best = { page: Math.floor(position / size) + 1, perPage: size, skip, left: size - skip };
  }
  return best;
}

/** One application's rows for this page, and where it stands once some were taken. */
interface Lane {
  app: string;
  buffer: ServiceRequestRecord[];
  /** Rows after the window. */
  more: boolean;
  take(): ServiceRequestRecord;
  position(): Position;
  hasMore(): boolean;
}

const earlier = (a: ServiceRequestRecord, b: ServiceRequestRecord) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? '') || a.app.localeCompare(b.app) || a.localId.localeCompare(b.localId);

/** An application paged by number: the window of rows that leaves the most after its position. */
async function pagedLane(source: RequestSource, asked: SourceFilter, position: number, first: number, deadline: Deadline): Promise<Lane> {
  const w = windowFor(position, first);
  const page = await source.worklistPage!(asked, w.page, w.perPage, deadline);
  let at = position;
  const lane: Lane = {
    app: source.app,
    buffer: page.records.slice(w.skip),
    more: w.page * w.perPage < page.total,
    take: () => {
      at++;
      return lane.buffer.shift()!;
    },
    position: () => (at >= page.total ? DONE : at),
    hasMore: () => at < page.total,
  };
  return lane;
}

/**
 * An application paged by its own cursor: its window is read again from where it starts, the
 * rows earlier pages took skipped; once a window is used up, the next starts after it.
 */
async function keysetLane(source: RequestSource, asked: SourceFilter, position: { a: string | null; s: number }, first: number, deadline: Deadline): Promise<Lane> {
  const size = Math.min(MAX_SOURCE_PAGE, position.s + first);
  const page = await source.worklistAfter!(asked, position.a, size, deadline);
  let skipped = position.s;
  const lane: Lane = {
    app: source.app,
    buffer: page.records.slice(position.s),
    more: page.hasNextPage,
    take: () => {
      skipped++;
      return lane.buffer.shift()!;
    },
    position: () => {
      if (skipped < page.records.length) return { a: position.a, s: skipped };
      return page.hasNextPage && page.endCursor ? { a: page.endCursor, s: 0 } : DONE;
    },
    hasMore: () => skipped < page.records.length || page.hasNextPage,
  };
  return lane;
}

export async function worklistPage(
  sources: Sources, routing: ServiceRouting, filter: WorklistFilter, first: number, after: string | undefined, today: string, area: string | undefined, deadline: Deadline,
): Promise<WorklistPage> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) throw badUserInput('first', 'OUT_OF_RANGE', `Ask for 1 to ${MAX_FIRST} at a time.`);
  const f = fingerprint(filter, area);
  const cursor = after ? decode(after, f) : { f, p: {} };
  const asked = sourceFilter(filter, routing, today, area);
  const active = asked ? [...sources.values()].filter((s) => s.couldMatch(asked) && cursor.p[s.app] !== DONE) : [];
  const lanes: Lane[] = await Promise.all(active.map(async (source) => {
    const position = cursor.p[source.app];
    throwIfCancelled(deadline, source.app);
    if (source.worklistAfter) return await keysetLane(source, asked!, typeof position === 'object' ? position : { a: null, s: 0 }, first, deadline);
    return await pagedLane(source, asked!, typeof position === 'number' ? position : 0, first, deadline);
  }));
  const positions: Record<string, Position> = { ...cursor.p };
  const snapshot = () => {
    for (const lane of lanes) positions[lane.app] = lane.position();
    return encode({ f, p: { ...positions } });
  };
  const edges: WorklistPage['edges'] = [];
  for (let taken = 0; taken < first; taken++) {
    if (lanes.some((l) => l.buffer.length === 0 && l.more)) break;
    const next = lanes.filter((l) => l.buffer.length > 0).sort((a, b) => earlier(a.buffer[0]!, b.buffer[0]!))[0];
    if (!next) break;
    const record = next.take();
    if (matches(record, filter, routing, today)) edges.push({ cursor: snapshot(), node: record });
  }
  const endCursor = snapshot();
  const hasNextPage = lanes.some((l) => l.hasMore());
  return { edges, hasNextPage, endCursor: hasNextPage || edges.length > 0 ? endCursor : null };
}

/**
 * Requests per channel and status over every application: one call per application; with
 * `overdue`, one per application and distinct standard (the thresholds differ per service).
 */
export async function countRequests(sources: Sources, routing: ServiceRouting, filter: WorklistFilter, today: string, area: string | undefined, deadline: Deadline): Promise<SourceCount[]> {
  const base = { ...filter, overdue: undefined };
  const all = await countOnce(sources, sourceFilter(base, routing, today, area), deadline);
  if (filter.overdue === undefined) return all;
  const overdue: SourceCount[] = [];
  const statuses = (filter.statuses ?? [...REQUEST_STATUSES]).filter((s) => !FINAL_STATUSES.has(s) && s !== 'DRAFT');
  if (statuses.length > 0) {
    for (const [submittedTo, services] of overdueThresholds(routing, filter.services, today)) {
      overdue.push(...(await countOnce(sources, { ...sourceFilter(base, routing, today, area)!, statuses, services, submittedTo }, deadline)));
    }
  }
  const merged = sum(overdue);
  if (filter.overdue) return merged;
  // Not overdue: every request less the overdue ones.
  const minus = new Map(merged.map((c) => [`${c.channel}|${c.status}`, c.count]));
  return all.map((c) => ({ ...c, count: c.count - (minus.get(`${c.channel}|${c.status}`) ?? 0) })).filter((c) => c.count > 0);
}

async function countOnce(sources: Sources, asked: SourceFilter | null, deadline: Deadline): Promise<SourceCount[]> {
  if (!asked) return [];
  const active = [...sources.values()].filter((s) => s.couldMatch(asked));
  const counted = await Promise.all(active.map(async (s) => {
    throwIfCancelled(deadline, s.app);
    return await s.counts(asked, deadline);
  }));
  return sum(counted.flat());
}

function sum(counts: readonly SourceCount[]): SourceCount[] {
  const totals = new Map<string, SourceCount>();
  for (const c of counts) {
    const key = `${c.channel}|${c.status}`;
    const t = totals.get(key);
    totals.set(key, t ? { ...t, count: t.count + c.count } : { ...c });
  }
  return [...totals.values()].filter((c) => c.count > 0).sort((a, b) => a.channel.localeCompare(b.channel) || String(a.status).localeCompare(String(b.status)));
}
