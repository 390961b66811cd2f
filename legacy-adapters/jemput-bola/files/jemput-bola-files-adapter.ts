import type { Deadline } from '@core/deadline';
import { badUserInput } from '@core/errors';
import type { RequestStatus } from '@core/domain/services';
import type { FileDropClient } from '../../base/files/file-drop-client';
import type { JemputBolaPort, OutreachChanges, OutreachVisit, OutreachWorklistPage, OutreachWorklistQuery, VisitRequest, VisitSubmission } from '../port';
import { EXPORT_FILE, REQUEST_FIELDS, cursorFor, exportProblem, requestIdFor, scheduleFileName, sequenceOf, toScheduleLine, toStatusChange, toVisit } from './mapping';

/**
 * jemput-bola over its file protocol:
 * - reads (visits by number or NIK, worklist pages, counts, the change feed): one read of the
 *   register export the app publishes after each batch run (REKAP_KUNJUNGAN.TXT), whatever the
 *   number of keys or the page size. As fresh as the app's last run.
 * - submissions: one schedule file (JADWAL_<first line id>.CSV) for the requests not seen before,
 *   after looking: first the inbox (schedules not processed yet: one listing, then a read of each
 *   waiting schedule), then the export. In that order, a schedule processed between the two looks
 *   is found in the export. The app also answers a line id it registered already with the same
 *   visit, so even a lost race never plans a visit twice.
 */
interface Register {
  /** Events by visit number, oldest first. */
  visits: Map<string, Array<Record<string, string>>>;
  events: Array<Record<string, string>>;
}

export class JemputBolaFilesAdapter implements JemputBolaPort {
  constructor(private readonly client: FileDropClient) {}

  async visitsByNumber(visitNumbers: readonly string[], deadline: Deadline): Promise<Map<string, OutreachVisit>> {
    const found = new Map<string, OutreachVisit>();
    if (visitNumbers.length === 0) return found;
    const { visits } = await this.register(deadline);
    for (const number of new Set(visitNumbers)) {
      const events = visits.get(number);
      if (events) found.set(number, toVisit(events));
    }
    return found;
  }

  async visitsByApplicant(niks: readonly string[], deadline: Deadline): Promise<Map<string, OutreachVisit[]>> {
    const wanted = new Set(niks);
    const found = new Map<string, OutreachVisit[]>();
    if (wanted.size === 0) return found;
    for (const events of (await this.register(deadline)).visits.values()) {
      const nik = events[0]!.NIK ?? '';
      if (!wanted.has(nik)) continue;
      const list = found.get(nik) ?? [];
      list.push(toVisit(events));
      found.set(nik, list);
    }
    return found;
  }

  async submissions(references: readonly string[], deadline: Deadline): Promise<Map<string, VisitSubmission>> {
    const out = new Map<string, VisitSubmission>();
    if (references.length === 0) return out;
    const waiting = await this.waitingLineIds(deadline);
    const byLineId = this.byLineId(await this.register(deadline));
    for (const reference of new Set(references)) {
      const id = requestIdFor(reference);
      const events = byLineId.get(id);
      if (events) out.set(reference, { reference, state: 'REGISTERED', visit: toVisit(events) });
      else if (waiting.has(id)) out.set(reference, { reference, state: 'PENDING' });
    }
    return out;
  }

  async submitVisits(requests: readonly VisitRequest[], deadline: Deadline): Promise<Map<string, VisitSubmission>> {
    if (requests.length === 0) return new Map();
    if (requests.length > 500) throw badUserInput('requests', 'TOO_MANY', 'A schedule holds at most 500 visits.');
    // Built first: input the format cannot carry is refused before anything touches the app.
    const lines = new Map(requests.map((r) => [r.reference, toScheduleLine(r)] as const));
    const known = await this.submissions([...lines.keys()], deadline);
    const fresh = [...lines.entries()].filter(([reference]) => !known.has(reference));
    if (fresh.length > 0) await this.client.drop(scheduleFileName(fresh[0]![1][0]!), [[...REQUEST_FIELDS], ...fresh.map(([, line]) => line)], deadline);
    const out = new Map<string, VisitSubmission>();
    for (const reference of lines.keys()) out.set(reference, known.get(reference) ?? { reference, state: 'PENDING' });
    return out;
  }

  async worklist(query: OutreachWorklistQuery, deadline: Deadline): Promise<OutreachWorklistPage> {
    if (!Number.isInteger(query.page) || query.page < 1) throw badUserInput('page', 'INVALID_PAGE', 'Pages count from 1.');
    if (!Number.isInteger(query.pageSize) || query.pageSize < 1 || query.pageSize > 100) throw badUserInput('pageSize', 'INVALID_PAGE_SIZE', 'A page holds 1 to 100 visits.');
    const visits = this.filtered(await this.register(deadline), query);
    const wanted = query.statuses && query.statuses.length > 0 ? new Set<RequestStatus>(query.statuses) : undefined;
    const matching = wanted ? visits.filter((v) => v.status !== null && wanted.has(v.status)) : visits;
    matching.sort((a, b) => (a.plannedDate ?? '').localeCompare(b.plannedDate ?? '') || a.visitNumber.localeCompare(b.visitNumber));
    const start = (query.page - 1) * query.pageSize;
    return { visits: matching.slice(start, start + query.pageSize), total: matching.length, hasNextPage: start + query.pageSize < matching.length };
  }

  async countsByStatus(query: Omit<OutreachWorklistQuery, 'statuses' | 'page' | 'pageSize'>, deadline: Deadline): Promise<Partial<Record<RequestStatus, number>>> {
    const counts: Partial<Record<RequestStatus, number>> = {};
    for (const visit of this.filtered(await this.register(deadline), query)) if (visit.status) counts[visit.status] = (counts[visit.status] ?? 0) + 1;
    return counts;
  }

  async changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<OutreachChanges> {
    const since = sequenceOf(cursor);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badUserInput('limit', 'INVALID_LIMIT', 'Ask for 1 to 1000 changes at a time.');
    const after = (await this.register(deadline)).events.filter((e) => Number(e.NO_URUT) > since).sort((a, b) => Number(a.NO_URUT) - Number(b.NO_URUT));
    const changes = after.slice(0, limit).flatMap((e) => {
      const change = toStatusChange(e);
      return change ? [{ ...change, visitNumber: e.NO_KUNJUNGAN ?? '', cursor: cursorFor(Number(e.NO_URUT)) }] : [];
    });
    const last = after.slice(0, limit).at(-1);
    return { changes, cursor: last ? cursorFor(Number(last.NO_URUT)) : cursorFor(since), hasMore: after.length > limit };
  }

  async currentCursor(deadline: Deadline): Promise<string> {
    const { events } = await this.register(deadline);
    return cursorFor(events.reduce((max, e) => Math.max(max, Number(e.NO_URUT) || 0), 0));
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.client.ping(deadline);
  }

  private filtered(register: Register, query: Omit<OutreachWorklistQuery, 'statuses' | 'page' | 'pageSize'>): OutreachVisit[] {
    const area = query.area;
    if (area !== undefined && !/^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$/.test(area)) throw badUserInput('area', 'INVALID_REGION', 'The area is a kecamatan (36.74.01) or kelurahan (36.74.01.1001) code.');
    const out: OutreachVisit[] = [];
    for (const events of register.visits.values()) {
      const visit = toVisit(events);
      const registeredOn = visit.submittedAt?.slice(0, 10) ?? '';
      if (area && !(visit.servicePoint.id === area || visit.servicePoint.id?.startsWith(`${area}.`))) continue;
      if (query.serviceKind && !visit.services.includes(query.serviceKind)) continue;
      if (query.submittedFrom && registeredOn < query.submittedFrom) continue;
      if (query.submittedTo && registeredOn > query.submittedTo) continue;
      out.push(visit);
    }
    return out;
  }

  private byLineId(register: Register): Map<string, Array<Record<string, string>>> {
    const out = new Map<string, Array<Record<string, string>>>();
    for (const events of register.visits.values()) out.set(events[0]!.ID_KUNJUNGAN ?? '', events);
    return out;
  }

  /** Line ids of schedules dropped and not processed yet: one listing, one read per waiting file. */
  private async waitingLineIds(deadline: Deadline): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const name of (await this.client.list('inbox', deadline)).filter((n) => /^JADWAL_.*\.CSV$/i.test(n))) {
      const parsed = await this.client.read('inbox', name, deadline);
      for (const record of parsed?.records ?? []) ids.add(record.ID_KUNJUNGAN ?? '');
    }
    return ids;
  }

  private async register(deadline: Deadline): Promise<Register> {
    const parsed = await this.client.read('outbox', EXPORT_FILE, deadline);
    // No export means the app has never run its batch: nothing we could answer from.
    if (!parsed) throw this.client.unreadable('register export missing');
    const problem = exportProblem(parsed);
    if (problem) throw this.client.unreadable(problem);
    const visits = new Map<string, Array<Record<string, string>>>();
    const events = [...parsed.records].sort((a, b) => Number(a.NO_URUT) - Number(b.NO_URUT));
    for (const event of events) {
      const list = visits.get(event.NO_KUNJUNGAN ?? '');
      if (list) list.push(event);
      else visits.set(event.NO_KUNJUNGAN ?? '', [event]);
    }
    return { visits, events };
  }
}
