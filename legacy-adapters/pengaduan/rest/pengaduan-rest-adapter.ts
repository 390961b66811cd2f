import { cancellationOf, type Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import type { RestLegacyClient } from '../../base/rest/client';
import { slices } from '../../base/rest/slices';
import { faultOf } from '../../base/resilience';
import { legacyDateFromIso } from '../../base/rest/dates';
import {
  COMPLAINT_STATUSES, type Complaint, type ComplaintChanges, type ComplaintResponse, type ComplaintStatus, type ComplaintWorklistPage,
  type ComplaintWorklistQuery, type NewComplaint, type PengaduanPort,
} from '../port';
import {
  HISTORY_FEED, complaintBody, encodeCategory, encodeStatus, encodeUnit, groupBy, normaliseRequestNumber, toChange, toComplaint,
  toSummary, type PengaduanRecord,
} from './mapping';

/**
 * The complaints desk through its REST API. One call per port method whatever the number of keys,
 * up to the desk's limit (200 keys per call; beyond that one call per slice); a lookup that finds
 * nothing is the desk's status 14.
 *
 * Writes are safe to send again: a complaint carries the caller's reference (no_referensi, unique
 * at the desk), an answer or status change its own; the adapter looks the reference up first, the
 * desk refuses a reference it knows (51) and the adapter then answers what is recorded under it;
 * a write that got no answer is looked for once more before the error is passed on.
 */
const MAX_KEYS = 200;
const ALREADY_EXISTS = '51';
const INVALID_REQUEST = '05';
const MOVE_NOT_ALLOWED = '62';
const TICKET = /^ADU-\d{6}-\d{5}$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;

/** No answer came (timed out, connection cut): the write may have landed. */
function unanswered(error: unknown): boolean {
  if (!(error instanceof GerbangError)) return false;
  const fault = faultOf(error);
  return error.code === ErrorCode.LEGACY_TIMEOUT || (error.code === ErrorCode.LEGACY_UNAVAILABLE && fault !== undefined && fault.legacyStatus === undefined && fault.httpStatus === undefined);
}

function refusedBy(error: unknown, status: string): boolean {
  const fault = faultOf(error);
  return fault?.kind === 'rejected' && fault.legacyStatus === status;
}

function checkReference(reference: string): void {
  if (!REFERENCE.test(reference)) throw badUserInput('reference', 'INVALID_REFERENCE', 'A reference is 1 to 40 letters, digits and / _ . - , starting with a letter or digit.');
}

/** What the desk would refuse with 05, caught before sending, with the argument named. */
function checkComplaint(complaint: NewComplaint): void {
  checkReference(complaint.reference);
  if (complaint.complainantNik !== null && !/^\d{16}$/.test(complaint.complainantNik)) throw badUserInput('complainantNik', 'INVALID_NIK', 'A NIK is 16 digits.');
  if (complaint.complainantName.trim() === '' || complaint.complainantName.length > 60) throw badUserInput('complainantName', 'INVALID_NAME', 'The complainant\'s name is 1 to 60 characters.');
  const text = complaint.text.trim();
  if (text.length < 10 || text.length > 2000) throw badUserInput('text', 'INVALID_LENGTH', 'A complaint is 10 to 2000 characters.');
  if ((complaint.subject ?? '').length > 100) throw badUserInput('subject', 'INVALID_LENGTH', 'A subject is at most 100 characters.');
  if ((complaint.serviceRequestNumber ?? '').length > 40) throw badUserInput('serviceRequestNumber', 'INVALID_LENGTH', 'An application number is at most 40 characters.');
}

type Filter = Omit<ComplaintWorklistQuery, 'page' | 'pageSize'>;

function filterQuery(filter: Filter): Record<string, string | undefined> {
  return {
    status: filter.statuses && filter.statuses.length > 0 ? filter.statuses.map(encodeStatus).join(',') : undefined,
    kategori: filter.category && encodeCategory(filter.category),
    unit: filter.concerns && encodeUnit(filter.concerns),
    tgl_dari: filter.submittedFrom && isoDate(filter.submittedFrom, 'submittedFrom'),
    tgl_sampai: filter.submittedTo && isoDate(filter.submittedTo, 'submittedTo'),
  };
}

function isoDate(value: string, argument: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw badUserInput(argument, 'INVALID_DATE', `${argument} must be an ISO date YYYY-MM-DD.`);
  return legacyDateFromIso(value);
}

export class PengaduanRestAdapter implements PengaduanPort {
  constructor(private readonly rest: RestLegacyClient) {}

  async complaintsByTicket(ticketNumbers: readonly string[], deadline: Deadline): Promise<Map<string, Complaint>> {
    const result = new Map<string, Complaint>();
    // A ticket the desk cannot have is simply absent (the desk would refuse the whole call).
    for (const complaint of await this.lookup('no_tiket', [...new Set(ticketNumbers)].filter((t) => TICKET.test(t)), deadline)) result.set(complaint.ticketNumber, complaint);
    return result;
  }

  async complaintsByComplainant(niks: readonly string[], deadline: Deadline): Promise<Map<string, Complaint[]>> {
    const asked = [...new Set(niks)].filter((n) => /^\d{16}$/.test(n));
    return groupBy(await this.lookup('nik', asked, deadline), (c) => c.complainantNik, asked);
  }

  async complaintsAboutRequest(serviceRequestNumbers: readonly string[], deadline: Deadline): Promise<Map<string, Complaint[]>> {
    const asked = [...new Set(serviceRequestNumbers.map(normaliseRequestNumber).filter((n): n is string => n !== null && !n.includes(',') && n.length <= 40))];
    const grouped = groupBy(await this.lookup('no_permohonan', asked, deadline), (c) => c.serviceRequestNumber, asked);
    // Answer under the numbers as asked (the caller's spelling), not the normalised keys.
    const result = new Map<string, Complaint[]>();
    for (const number of serviceRequestNumbers) {
      const found = grouped.get(normaliseRequestNumber(number) ?? '');
      if (found) result.set(number, found);
    }
    return result;
  }

  async worklist(query: ComplaintWorklistQuery, deadline: Deadline): Promise<ComplaintWorklistPage> {
    if (!Number.isInteger(query.page) || query.page < 1) throw badUserInput('page', 'INVALID_PAGE', 'Pages count from 1.');
    if (!Number.isInteger(query.pageSize) || query.pageSize < 1 || query.pageSize > 100) throw badUserInput('pageSize', 'INVALID_PAGE_SIZE', 'A page holds 1 to 100 complaints.');
    const page = await this.rest.getPage<PengaduanRecord>('/api/daftar-pengaduan', filterQuery(query), { halaman: query.page, perHalaman: query.pageSize }, deadline);
    return { complaints: page.items.map(toSummary), total: page.total, hasNextPage: page.hasNextPage };
  }

  async countsByStatus(query: Filter, deadline: Deadline): Promise<Record<ComplaintStatus, number>> {
    const rows = await this.rest.get<Array<{ status: number | string; jumlah: number | string }>>('/api/rekap-status', { ...filterQuery({ ...query, statuses: undefined }) }, deadline);
    const counts = Object.fromEntries(COMPLAINT_STATUSES.map((s) => [s, 0])) as Record<ComplaintStatus, number>;
    for (const row of rows ?? []) {
      const status = toSummary({ no_tiket: '', status: row.status }).status;
      if (status) counts[status] += Number(row.jumlah) || 0;
    }
    return counts;
  }

  async changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<ComplaintChanges> {
    const page = await HISTORY_FEED.page(this.rest, cursor, limit, toChange, deadline);
    return { changes: page.entries, cursor: page.cursor, hasMore: page.hasMore };
  }

  async currentCursor(deadline: Deadline): Promise<string> {
    return await HISTORY_FEED.end(this.rest, deadline);
  }

  async submitComplaint(complaint: NewComplaint, deadline: Deadline): Promise<Complaint> {
    checkComplaint(complaint);
    // Built first: a service point the desk has no code for is refused before anything is sent.
    const body = complaintBody(complaint);
    const known = await this.byReference(complaint, deadline);
    if (known) return known;
    let answer;
    try {
      answer = await this.rest.post<PengaduanRecord>('/api/pengaduan', body, deadline, [ALREADY_EXISTS]);
    } catch (error) {
      if (refusedBy(error, INVALID_REQUEST)) throw badUserInput('complaint', 'REFUSED_BY_APPLICATION', 'The complaints desk refused this complaint: check the NIK, the category and the text.');
      if (!unanswered(error) || cancellationOf(deadline)) throw error;
      const landed = await this.byReference(complaint, deadline).catch(() => undefined);
      if (landed) return landed;
      throw error;
    }
    if (answer.status === ALREADY_EXISTS || !answer.data) {
      const existing = await this.byReference(complaint, deadline);
      if (existing) return existing;
      throw new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'The pengaduan application is not available right now; try again later.', { app: 'pengaduan', retryable: true });
    }
    return toComplaint(answer.data);
  }

  async respond(ticketNumber: string, response: ComplaintResponse, deadline: Deadline): Promise<Complaint> {
    checkReference(response.reference);
    if (!TICKET.test(ticketNumber)) throw new GerbangError(ErrorCode.NOT_FOUND, 'No complaint has this ticket number.', { argument: 'ticketNumber' });
    if (!response.officer.trim() || response.officer.length > 30) throw badUserInput('officer', 'INVALID_OFFICER', 'The officer is 1 to 30 characters (a user name or NIP).');
    if (!response.text && !response.status) throw badUserInput('response', 'EMPTY_RESPONSE', 'Give an answer, a status, or both.');
    if ((response.text ?? '').length > 2000) throw badUserInput('text', 'INVALID_LENGTH', 'An answer is at most 2000 characters.');
    const known = await this.answered(ticketNumber, response.reference, deadline);
    if (known) return known;
    const body = { no_referensi: response.reference, petugas: response.officer.trim(), isi: response.text ?? undefined, status: response.status ? String(encodeStatus(response.status)) : undefined };
    let answer;
    try {
      answer = await this.rest.post<PengaduanRecord>(`/api/pengaduan/${encodeURIComponent(ticketNumber)}/tanggapan`, body, deadline, [ALREADY_EXISTS, MOVE_NOT_ALLOWED]);
    } catch (error) {
      if (refusedBy(error, INVALID_REQUEST)) throw badUserInput('response', 'REFUSED_BY_APPLICATION', 'The complaints desk refused this answer.');
      if (!unanswered(error) || cancellationOf(deadline)) throw error;
      const landed = await this.answered(ticketNumber, response.reference, deadline).catch(() => undefined);
      if (landed) return landed;
      throw error;
    }
    if (answer.status === MOVE_NOT_ALLOWED) {
      throw new GerbangError(ErrorCode.CONFLICT, 'The complaints desk does not allow this status change from the complaint\'s current status.', { argument: 'status', reason: 'STATUS_CHANGE_NOT_ALLOWED' });
    }
    if (answer.status === '14') throw new GerbangError(ErrorCode.NOT_FOUND, 'No complaint has this ticket number.', { argument: 'ticketNumber' });
    if (answer.status === ALREADY_EXISTS || !answer.data) {
      const existing = await this.answered(ticketNumber, response.reference, deadline);
      if (existing) return existing;
      throw new GerbangError(ErrorCode.CONFLICT, 'This reference was already used for an answer to another complaint.', { argument: 'reference', reason: 'REFERENCE_IN_USE' });
    }
    return toComplaint(answer.data);
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.rest.ping(deadline);
  }

  private async lookup(key: 'no_tiket' | 'nik' | 'no_permohonan', values: readonly string[], deadline: Deadline): Promise<Complaint[]> {
    const out: Complaint[] = [];
    for (const slice of slices(values, MAX_KEYS)) {
      const records = await this.rest.get<PengaduanRecord[]>('/api/pengaduan', { [key]: slice }, deadline);
      out.push(...(records ?? []).map(toComplaint));
    }
    return out;
  }

  /** The complaint filed under this reference; CONFLICT when it is another complainant's. */
  private async byReference(complaint: NewComplaint, deadline: Deadline): Promise<Complaint | undefined> {
    const records = await this.rest.get<PengaduanRecord[]>('/api/pengaduan', { no_referensi: complaint.reference }, deadline);
    const found = records?.map(toComplaint)[0];
    if (found && found.complainantNik !== complaint.complainantNik) {
      throw new GerbangError(ErrorCode.CONFLICT, 'This reference was already used for another complainant\'s complaint.', { argument: 'reference', reason: 'REFERENCE_IN_USE' });
    }
    return found;
  }

  /** The complaint, when a step with this reference is in its history; NOT_FOUND for an unknown ticket. */
  private async answered(ticketNumber: string, reference: string, deadline: Deadline): Promise<Complaint | undefined> {
    const [complaint] = await this.lookup('no_tiket', [ticketNumber], deadline);
    if (!complaint) throw new GerbangError(ErrorCode.NOT_FOUND, 'No complaint has this ticket number.', { argument: 'ticketNumber' });
    return complaint.history.some((step) => step.reference === reference) ? complaint : undefined;
  }
}
