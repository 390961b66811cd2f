import type DataLoader from 'dataloader';
import { recordAccess, type AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import type { RequestRef } from './ids';
import type { RequestRows } from './row-access';
import type { RequestSource, ServiceRequestRecord } from './sources/source';

/** The request sources this process reaches, by catalogue id. */
export type Sources = ReadonlyMap<string, RequestSource>;

/**
 * Per-request loaders: one call per application per query level (the sources are batch-shaped),
 * rows outside the caller's reach withheld, and everything given out written to the audit trail
 * first — fail closed (AUDIT_UNAVAILABLE) when the trail cannot take it.
 */
export interface ServicesLoaders {
  /** Keyed by the API id; null when the application has no such request or it was withheld. */
  requestByRef: DataLoader<RequestRef, ServiceRequestRecord | null, string>;
  /** Every application's requests of each applicant, newest first. */
  requestsByApplicant: DataLoader<string, ServiceRequestRecord[]>;
  /** Row-checks and audits records read another way (a worklist page); answers the visible ones. */
  release(operation: string, records: readonly ServiceRequestRecord[]): Promise<ServiceRequestRecord[]>;
}

const MAX_BATCH = 500;
export const niksOf = (r: ServiceRequestRecord): string[] => [r.applicantNik, ...r.otherNiks].filter((n): n is string => !!n && /^\d{16}$/.test(n));
const newestFirst = (a: ServiceRequestRecord, b: ServiceRequestRecord) => (b.submittedAt ?? '').localeCompare(a.submittedAt ?? '');

export function createServicesLoaders(sources: Sources, rows: RequestRows, audit: AuditWriter, request: RequestContext, deadline: Deadline): ServicesLoaders {
  async function record(operation: string, records: readonly ServiceRequestRecord[]): Promise<void> {
    await recordAccess(audit, request, { operation, niks: records.flatMap(niksOf) });
  }

  async function release(operation: string, records: readonly ServiceRequestRecord[]): Promise<ServiceRequestRecord[]> {
    const visible = await rows.visible(records, deadline);
    const shown = records.filter((_, i) => visible[i]);
    await record(operation, shown);
    return shown;
  }

  return {
    requestByRef: requestLoader<RequestRef, ServiceRequestRecord | null, string>(deadline, async (refs) => {
      rows.guard();
      const byApp = new Map<string, string[]>();
      for (const ref of refs) byApp.set(ref.app, [...(byApp.get(ref.app) ?? []), ref.localId]);
      const found = new Map<string, ServiceRequestRecord>();
      await Promise.all([...byApp].map(async ([app, ids]) => {
        const source = sources.get(app);
        if (!source) return; // an application this process does not reach holds none of ours
        throwIfCancelled(deadline, app);
        for (const [id, r] of await source.byIds(ids, deadline)) found.set(`${app}:${id}`, r);
      }));
      const candidates = refs.map((ref) => found.get(`${ref.app}:${ref.localId}`) ?? null);
      const present = candidates.filter((r): r is ServiceRequestRecord => !!r);
      const visible = await rows.visible(present, deadline);
      const allowed = new Set(present.filter((_, i) => visible[i]));
      const out = candidates.map((r, i) => {
        if (!r) return null;
        if (allowed.has(r)) return r;
        rows.withhold(`${refs[i]!.app}:${refs[i]!.localId}`);
        return null;
      });
      await record('services.serviceRequest', [...allowed]);
      return out;
    }, { maxBatchSize: MAX_BATCH, cacheKeyFn: (ref) => `${ref.app}:${ref.localId}` }),

    requestsByApplicant: requestLoader<string, ServiceRequestRecord[]>(deadline, async (niks) => {
      rows.guard();
      const perSource = await Promise.all([...sources.values()].map(async (source) => {
        throwIfCancelled(deadline, source.app);
        return await source.byApplicants(niks, deadline);
      }));
      const lists = niks.map((nik) => perSource.flatMap((found) => found.get(nik) ?? []).sort(newestFirst));
      const all = lists.flat();
      const visible = await rows.visible(all, deadline);
      const allowed = new Set(all.filter((_, i) => visible[i]));
      await record('services.serviceRequestsOf', [...allowed]);
      return lists.map((list) => list.filter((r) => allowed.has(r)));
    }, { maxBatchSize: MAX_BATCH }),

    release: async (operation, records) => {
      rows.guard();
      return await release(operation, records);
    },
  };
}
