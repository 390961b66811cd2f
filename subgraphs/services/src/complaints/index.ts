import type { Complaint, ComplaintStatus, ComplaintSummary, PengaduanPort } from '@adapters/pengaduan';
import type { SiakPort } from '@adapters/siak';
import type { AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import { legacyUnavailable } from '@core/errors';
import type { OutboxMutations } from '@core/outbox';
import type { Tenant } from '@core/tenants';
import type { ServicesLoaders } from '../loaders';
import type { RequestRows } from '../row-access';
import type { ServiceRouting } from '../routing/routing';
import { PENGADUAN } from './delivery';
import { complaintFilter, type ComplaintFilterInput } from './filter';
import { createComplaintLoaders, type ComplaintLoaders } from './loaders';
import { complaintCounts, complaintPage, type ComplaintPage } from './worklist';
import { complaintWrites, type ComplaintWrites } from './writes';

/**
 * Complaints (the pengaduan desk, catalogue #20) for one request: its row-checked, audited loaders,
 * the officers' worklist and counts, and the writes. A complaint is not a service request: its own
 * types and port, the requests' row rules (./access.ts).
 */
export interface ComplaintDesk {
  loaders: ComplaintLoaders;
  writes: ComplaintWrites;
  /** One page of the desk's worklist (one call), rows outside the caller's reach left out, audited. */
  page(filter: ComplaintFilterInput | null | undefined, first: number, after: string | undefined): Promise<{ edges: ComplaintPage['edges']; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>;
  /** Complaints per status (one call). Counts name nobody: not row-filtered. */
  counts(filter: ComplaintFilterInput | null | undefined): Promise<Array<{ status: ComplaintStatus; count: number }>>;
}

export interface ComplaintDeskDeps {
  /** Absent when this process does not reach the desk: every complaint call is LEGACY_UNAVAILABLE. */
  port: PengaduanPort | undefined;
  mutations: OutboxMutations;
  audit: AuditWriter;
  siak: SiakPort;
}

const unreachable = (): never => {
  throw legacyUnavailable(PENGADUAN);
};

/** A desk this process is not connected to. */
const NO_DESK: PengaduanPort = {
  complaintsByTicket: unreachable, complaintsByComplainant: unreachable, complaintsAboutRequest: unreachable, worklist: unreachable, countsByStatus: unreachable,
  changesSince: unreachable, currentCursor: unreachable, submitComplaint: unreachable, respond: unreachable, ping: unreachable,
};

export function complaintDesk(deps: ComplaintDeskDeps, requests: ServicesLoaders, rows: RequestRows, request: RequestContext, tenant: Tenant, routing: ServiceRouting, deadline: Deadline): ComplaintDesk {
  const port = deps.port ?? NO_DESK;
  const loaders = createComplaintLoaders(port, rows, deps.audit, request, tenant.regencyCode, deadline);
  return {
    loaders,
    writes: complaintWrites({ ...deps, port }, loaders, requests, rows, request, tenant, routing, deadline),
    async page(input, first, after) {
      const filter = complaintFilter(input, tenant, routing);
      rows.guard();
      const page = await complaintPage(port, filter, first, after, deadline);
      const shown = new Set(await loaders.release('services.complaints', page.edges.map((e) => e.node)));
      return { edges: page.edges.filter((e) => shown.has(e.node)), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
    async counts(input) {
      const filter = complaintFilter(input, tenant, routing);
      rows.guard();
      return await complaintCounts(port, filter, deadline);
    },
  };
}

/**
 * What `Complaint` resolves from: the desk's summary (a worklist row) or the whole complaint; the
 * text, phone and history of a summary are read when asked (one call per batch of tickets).
 */
export type ComplaintView = ComplaintSummary & Partial<Pick<Complaint, 'text' | 'phone' | 'history'>>;
