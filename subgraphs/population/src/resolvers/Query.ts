import { auditCursorOf } from '@core/audit';
import { badUserInput } from '@core/errors';
import { requireKk, requireNik, requireRegionCode } from '@core/validation';
import type { QueryResolvers } from '../generated/resolvers-types';

const MAX_PAGE = 100;
const MIN_NAME = 2;

export const Query: QueryResolvers = {
  resident: async (_root, { nik }, { siak, rows }) => {
    const valid = requireNik(nik);
    const resident = await siak.residentByNik.load(valid);
    if (resident) return resident;
    // Null means "no such resident"; a record outside the caller's reach is FORBIDDEN instead.
    const withheld = rows.withheld(valid);
    if (withheld) throw withheld;
    return null;
  },

  family: async (_root, { number }, { siak, rows }) => {
    const valid = requireKk(number);
    const family = await siak.familyByNumber.load(valid);
    if (family) return family;
    const withheld = rows.withheld(valid);
    if (withheld) throw withheld;
    return null;
  },

  residents: async (_root, { filter, first, after }, { siak, siakPort, deadline }) => {
    if (first < 1 || first > MAX_PAGE) throw badUserInput('first', 'OUT_OF_RANGE', `"first" must be between 1 and ${MAX_PAGE}.`);
    const name = filter.name?.replace(/\s+/g, ' ').trim() || undefined;
    const region = filter.regionCode?.trim() ? requireRegionCode(filter.regionCode, 'filter.regionCode') : undefined;
    const regionCode = region?.code;
    if (!name && !regionCode) throw badUserInput('filter', 'EMPTY_FILTER', 'Give a name or a regionCode to search residents.');
    if (name && name.length < MIN_NAME) throw badUserInput('filter.name', 'TOO_SHORT', `A name to search needs at least ${MIN_NAME} characters.`);
    // Listing a whole regency by name order is a bulk export, not a search (and seconds of work
    // for the register at the city's size): without a name, ask for a kecamatan or kelurahan.
    if (!name && region?.level === 'regency') {
      throw badUserInput('filter.regionCode', 'REGION_TOO_BROAD', 'Without a name, search within a kecamatan (36.74.01) or kelurahan (36.74.01.1001).');
    }
    const page = await siakPort.searchResidents({ name, regionCode, first, after: after ?? undefined }, deadline);
    for (const edge of page.edges) siak.residentByNik.prime(edge.resident.nik, edge.resident);
    return {
      edges: page.edges.map((e) => ({ cursor: e.cursor, node: e.resident })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.edges.at(-1)?.cursor ?? null },
    };
  },

  personalDataAccesses: async (_root, { nik, first, after }, { trail }) => {
    const valid = requireNik(nik);
    if (first < 1 || first > MAX_PAGE) throw badUserInput('first', 'OUT_OF_RANGE', `"first" must be between 1 and ${MAX_PAGE}.`);
    const page = await trail.accessesTo(valid, { first, after: after ?? undefined });
    const edges = page.records.map((record) => ({ cursor: auditCursorOf(record.id), node: record }));
    return { edges, pageInfo: { hasNextPage: page.nextCursor !== undefined, endCursor: page.nextCursor ?? edges.at(-1)?.cursor ?? null } };
  },
};
