import { badUserInput } from '@core/errors';
import type { MobilityContext } from '../context';
import type { ResolversTypes } from '../generated/resolvers-types';

/**
 * A page of foreign residents, soonest-ending permit first, within the caller's region. The
 * register pages by number; the cursor carries the offset after an edge, so a next page asked with
 * the same `first` is the register's next page.
 */
const MAX_FIRST = 100;

function encode(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decode(cursor: string): number {
  try {
    const { o } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through to the error below
  }
  throw badUserInput('after', 'INVALID_CURSOR', 'The cursor is not one this API returned; start again without "after".');
}

export interface ForeignerPageRequest {
  region: string | undefined;
  name: string | undefined;
  expiringBefore: string | undefined;
  first: number;
  after: string | undefined;
}

export async function foreignResidentPage({ rows, loaders, deadline }: MobilityContext, request: ForeignerPageRequest): Promise<ResolversTypes['ForeignResidentConnection']> {
  if (!Number.isInteger(request.first) || request.first < 1 || request.first > MAX_FIRST) throw badUserInput('first', 'OUT_OF_RANGE', `Ask for 1 to ${MAX_FIRST} at a time.`);
  rows.guard();
  const regionCode = rows.foreignerSearchRegion(request.region);
  const offset = request.after ? decode(request.after) : 0;
  if (offset % request.first !== 0) throw badUserInput('after', 'PAGE_SIZE_CHANGED', 'Ask for every page with the same "first".');
  const page = await loaders.searchForeigners({ regionCode, name: request.name, expiringBefore: request.expiringBefore, page: offset / request.first + 1, perPage: request.first }, deadline);
  await loaders.auditForeigners('orang-asing.searchForeigners', page.foreigners);
  const edges = page.foreigners.map((node, i) => ({ cursor: encode(offset + i + 1), node }));
  return { edges, totalCount: page.total, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
