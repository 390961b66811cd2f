import { cancellationOf, type Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { faultOf } from '../../base/resilience';
import type { RestLegacyClient } from '../../base/rest/client';
import { slices } from '../../base/rest/slices';
import type { AdmKioskPort, IssuedPin, Kiosk, KioskChanges, KioskCounts, KioskFilter, KioskPrintRequest, KioskWorklistPage, KioskWorklistQuery, PinRequest } from '../port';
import { KIOSK_DOCUMENT_KINDS } from '../port';
import { decodeCursor, decodeReportStatus, encodeCursor, filterQuery, groupByApplicant, pinBody, toChange, toKiosk, toPrintRequest, type KioskRecord, type LogRecord, type PinRecord } from './mapping';

/**
 * The mall kiosk application through its REST API. One call per port method whatever the number
 * of keys (up to 200 a call). The application's own refusals become domain errors without its
 * wording: 71 PIN_INVALID, 72 PIN_EXPIRED, 73 PIN_ALREADY_USED, 74 KIOSK_OUT_OF_SERVICE, 76 (a PIN
 * no longer AKTIF) read back. The PIN the application puts in every record is dropped by the
 * mapping; only issuing a PIN (or asking again with its reference while it is usable) returns it.
 * Writes are safe to ask again: issuing by the caller's reference (looked up first, and again
 * after a POST that got no answer); a kiosk's redemption by the PIN it entered (a print already
 * running at that kiosk for that PIN is the answer).
 */
const MAX_KEYS = 200;
const INVALID_REQUEST = '05';
const ALREADY_EXISTS = '51';
const PIN_UNKNOWN = '71';
const PIN_EXPIRED = '72';
const PIN_USED = '73';
const KIOSK_DOWN = '74';
const NOT_ACTIVE = '76';
const ID = /^\d{1,10}$/;
const NIK = /^\d{16}$/;
const PIN = /^\d{6}$/;
const KIOSK = /^ADM-[A-Z0-9]{1,4}-\d{2}$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;
const DOCUMENT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9/._-]{0,39}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_CHANGES = 500;
/** The largest log id the application's `sejak` takes (ten digits). */
const MAX_LOG_ID = 9_999_999_999;

function unanswered(error: unknown): boolean {
  if (!(error instanceof GerbangError)) return false;
  const fault = faultOf(error);
  return error.code === ErrorCode.LEGACY_TIMEOUT || (error.code === ErrorCode.LEGACY_UNAVAILABLE && fault !== undefined && fault.legacyStatus === undefined && fault.httpStatus === undefined);
}

function rejectedWith(error: unknown, status: string): boolean {
  return faultOf(error)?.kind === 'rejected' && faultOf(error)?.legacyStatus === status;
}

const pinRefused = (reason: string, message: string) => badUserInput('pin', reason, message);
const invalidPin = () => pinRefused('PIN_INVALID', 'This PIN is not valid: check the six digits, or ask for a new PIN.');
const unknownKiosk = () => badUserInput('kioskId', 'UNKNOWN_KIOSK', 'This is not a kiosk of the city\'s malls.');
const notFound = () => new GerbangError(ErrorCode.NOT_FOUND, 'No such print request.', { argument: 'id', reason: 'NOT_FOUND' });
const noLongerUsable = (state: string | null) => new GerbangError(ErrorCode.CONFLICT, 'This PIN can no longer be used; ask for a new one with a new reference.', { argument: 'reference', reason: 'PIN_NO_LONGER_USABLE', pinState: state });

function checkDate(value: string | undefined, argument: string): void {
  if (value !== undefined && (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)) {
    throw badUserInput(argument, 'INVALID_DATE', 'Dates are ISO dates YYYY-MM-DD.');
  }
}

export class AdmKioskRestAdapter implements AdmKioskPort {
  constructor(private readonly rest: RestLegacyClient) {}

  async printRequestsById(ids: readonly string[], deadline: Deadline): Promise<Map<string, KioskPrintRequest>> {
    const result = new Map<string, KioskPrintRequest>();
    for (const slice of slices([...new Set(ids)].filter((i) => ID.test(i)), MAX_KEYS)) {
      const records = await this.rest.get<PinRecord[]>('/api/pin', { id: slice }, deadline);
      for (const request of (records ?? []).map(toPrintRequest)) result.set(request.id, request);
    }
    return result;
  }

  async printRequestsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, KioskPrintRequest[]>> {
    const result = new Map<string, KioskPrintRequest[]>();
    for (const slice of slices([...new Set(niks)].filter((n) => NIK.test(n)), MAX_KEYS)) {
      const records = await this.rest.get<PinRecord[]>('/api/pin', { nik: slice }, deadline);
      for (const [nik, list] of groupByApplicant(records ?? [], slice)) result.set(nik, list);
    }
    return result;
  }

  async issuePin(request: PinRequest, deadline: Deadline): Promise<IssuedPin> {
    if (!REFERENCE.test(request.reference)) throw badUserInput('reference', 'INVALID_REFERENCE', 'A reference is 1 to 40 letters, digits and / _ . - (starting with a letter or digit).');
    if (!NIK.test(request.applicantNik)) throw badUserInput('applicantNik', 'INVALID_NIK', 'A NIK is 16 digits.');
    if (!(KIOSK_DOCUMENT_KINDS as readonly string[]).includes(request.document.kind)) throw badUserInput('document.kind', 'NOT_PRINTABLE', 'Kiosks print family cards, deeds and KIA only.');
    if (!DOCUMENT_NUMBER.test(request.document.number)) throw badUserInput('document.number', 'INVALID_DOCUMENT_NUMBER', 'Not a document number.');
    const known = await this.byReference(request, deadline);
    if (known) return known;
    let answer;
    try {
      answer = await this.rest.post<PinRecord>('/api/pin', pinBody(request), deadline, [ALREADY_EXISTS]);
    } catch (error) {
      if (rejectedWith(error, INVALID_REQUEST)) throw badUserInput('request', 'REFUSED_BY_APPLICATION', 'The kiosk application refused this request: check the NIK and the document number.');
      if (!unanswered(error) || cancellationOf(deadline)) throw error;
      const landed = await this.byReference(request, deadline).catch(() => undefined);
      if (landed) return landed;
      throw error;
    }
    if (answer.status === '00' && answer.data) return issued(answer.data);
    // Issued meanwhile by another try with the same reference.
    const existing = await this.byReference(request, deadline);
    if (existing) return existing;
    throw new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'The adm-kiosk application is not available right now; try again later.', { app: 'adm-kiosk', retryable: true });
  }

  async redeemPin(kioskId: string, pin: string, deadline: Deadline): Promise<KioskPrintRequest> {
    if (!KIOSK.test(kioskId)) throw unknownKiosk();
    if (!PIN.test(pin)) throw invalidPin();
    let answer;
    try {
      answer = await this.rest.post<PinRecord>('/api/cetak', { id_kiosk: kioskId, pin }, deadline, [PIN_UNKNOWN, PIN_EXPIRED, PIN_USED, KIOSK_DOWN]);
    } catch (error) {
      if (rejectedWith(error, INVALID_REQUEST)) throw unknownKiosk();
      if (!unanswered(error) || cancellationOf(deadline)) throw error;
      const mine = await this.printingAt(kioskId, pin, deadline).catch(() => undefined);
      if (mine) return mine;
      throw error;
    }
    switch (answer.status) {
      case PIN_UNKNOWN:
        throw invalidPin();
      case PIN_EXPIRED:
        throw pinRefused('PIN_EXPIRED', 'This PIN has expired (a PIN is valid for 15 minutes); ask for a new one.');
      case PIN_USED: {
        // This kiosk's own print, asked again after an answer that did not arrive.
        const mine = await this.printingAt(kioskId, pin, deadline);
        if (mine) return mine;
        throw pinRefused('PIN_ALREADY_USED', 'This PIN has already been used; each PIN prints one document once.');
      }
      case KIOSK_DOWN:
        throw new GerbangError(ErrorCode.CONFLICT, 'This kiosk is out of service; use another kiosk.', { argument: 'kioskId', reason: 'KIOSK_OUT_OF_SERVICE' });
      default:
        if (answer.data) return toPrintRequest(answer.data);
    }
    throw new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'The adm-kiosk application is not available right now; try again later.', { app: 'adm-kiosk', retryable: true });
  }

  async withdrawPin(id: string, deadline: Deadline): Promise<KioskPrintRequest> {
    if (!ID.test(id)) throw badUserInput('id', 'INVALID_ID', 'Not a print request id of this application.');
    const answer = await this.rest.post<PinRecord>(`/api/pin/${id}/batal`, {}, deadline, [NOT_ACTIVE]);
    if (answer.status === '00' && answer.data) return toPrintRequest(answer.data);
    if (answer.status !== NOT_ACTIVE) throw notFound();
    const current = (await this.printRequestsById([id], deadline)).get(id);
    if (!current) throw notFound();
    if (current.pinState === 'WITHDRAWN') return current;
    throw noLongerUsable(current.pinState);
  }

  async kiosks(deadline: Deadline): Promise<Kiosk[]> {
    return ((await this.rest.get<KioskRecord[]>('/api/kiosk', {}, deadline)) ?? []).map(toKiosk);
  }

  async worklist(query: KioskWorklistQuery, deadline: Deadline): Promise<KioskWorklistPage> {
    if (!Number.isInteger(query.page) || query.page < 1) throw badUserInput('page', 'OUT_OF_RANGE', 'Pages count from 1.');
    if (!Number.isInteger(query.perPage) || query.perPage < 1 || query.perPage > 100) throw badUserInput('perPage', 'OUT_OF_RANGE', 'A page holds 1 to 100 items.');
    const filter = this.filter(query);
    if (!filter) return { requests: [], total: 0, hasNextPage: false };
    const page = await this.rest.getPage<PinRecord>('/api/daftar-pin', filter, { halaman: query.page, perHalaman: query.perPage }, deadline);
    return { requests: page.items.map(toPrintRequest), total: page.total, hasNextPage: page.hasNextPage };
  }

  async counts(filter: KioskFilter, deadline: Deadline): Promise<KioskCounts> {
    const counts: KioskCounts = { byStatus: {}, total: 0 };
    const query = this.filter(filter);
    if (!query) return counts;
    for (const row of (await this.rest.get<Array<{ status: string; jumlah: number | string }>>('/api/rekap', query, deadline)) ?? []) {
      const n = Number(row.jumlah);
      if (!Number.isFinite(n)) continue;
      counts.total += n;
      const status = decodeReportStatus(row.status);
      if (status) counts.byStatus[status] = (counts.byStatus[status] ?? 0) + n;
    }
    return counts;
  }

  async changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<KioskChanges> {
    const after = cursor === null ? 0 : decodeCursor(cursor);
    if (after === undefined) throw badUserInput('cursor', 'INVALID_CURSOR', 'This cursor was not given by the adm-kiosk change feed.');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CHANGES) throw badUserInput('limit', 'OUT_OF_RANGE', `Ask for 1 to ${MAX_CHANGES} changes.`);
    const records = (await this.rest.get<LogRecord[]>('/api/log', { sejak: after, jumlah: limit }, deadline)) ?? [];
    const last = records.at(-1);
    return { changes: records.flatMap((r) => toChange(r, encodeCursor(r.id_log)) ?? []), cursor: last ? encodeCursor(last.id_log) : encodeCursor(after) };
  }

  async latestCursor(deadline: Deadline): Promise<string> {
    // The first log id after `after`, if any: one row read. Ids only grow, so "is there a step
    // after N" flips once; the newest id is found by doubling, then halving, on that question.
    const next = async (after: number): Promise<number | undefined> => {
      const [first] = (await this.rest.get<LogRecord[]>('/api/log', { sejak: after, jumlah: 1 }, deadline)) ?? [];
      const id = first ? Number(first.id_log) : NaN;
      return Number.isSafeInteger(id) && id > after ? id : undefined;
    };
    let lo = (await next(0)) ?? 0;
    if (lo === 0) return encodeCursor(0);
    let hi = Math.max(lo * 2, 1_024);
    for (let found = await next(hi); found !== undefined && hi < MAX_LOG_ID; found = await next(hi)) {
      lo = found;
      hi = Math.min(Math.max(found, hi) * 4, MAX_LOG_ID);
    }
    // Now a step `lo` exists and none after `hi`: the newest lies in [lo, hi].
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const found = await next(mid);
      if (found === undefined) hi = mid;
      else lo = found;
    }
    return encodeCursor(lo);
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.rest.ping(deadline);
  }

  private filter(filter: KioskFilter): Record<string, string | string[] | undefined> | undefined {
    checkDate(filter.submittedFrom, 'submittedFrom');
    checkDate(filter.submittedTo, 'submittedTo');
    if (filter.servicePoint?.id && !KIOSK.test(filter.servicePoint.id)) return undefined;
    if (filter.mall !== undefined && !/^[A-Z0-9]{1,4}$/.test(filter.mall)) return undefined;
    return filterQuery(filter);
  }

  /** The print this kiosk is running for this PIN, if that is where the PIN went. */
  private async printingAt(kioskId: string, pin: string, deadline: Deadline): Promise<KioskPrintRequest | undefined> {
    const [record] = (await this.rest.get<PinRecord[]>('/api/pin', { pin }, deadline)) ?? [];
    const request = record && toPrintRequest(record);
    return request && request.servicePoint.id === kioskId && request.printState === 'PRINTING' ? request : undefined;
  }

  /** The PIN already issued under this reference (with its digits while usable). */
  private async byReference(request: PinRequest, deadline: Deadline): Promise<IssuedPin | undefined> {
    const [record] = (await this.rest.get<PinRecord[]>('/api/pin', { kd_referensi: request.reference }, deadline)) ?? [];
    if (!record) return undefined;
    const existing = toPrintRequest(record);
    if (existing.applicantNik !== request.applicantNik || existing.document.kind !== request.document.kind || existing.document.number !== request.document.number.toUpperCase()) {
      throw new GerbangError(ErrorCode.CONFLICT, 'This reference was already used for another PIN.', { argument: 'reference', reason: 'REFERENCE_IN_USE' });
    }
    if (existing.pinState !== 'ACTIVE') throw noLongerUsable(existing.pinState);
    return issued(record);
  }
}

/** The one place the PIN's digits leave the application's record. */
function issued(record: PinRecord): IssuedPin {
  const request = toPrintRequest(record);
  const pin = typeof record.pin === 'string' ? record.pin.trim() : '';
  if (!PIN.test(pin) || !request.pinValidUntil) throw new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'The adm-kiosk application is not available right now; try again later.', { app: 'adm-kiosk', retryable: true });
  return { request, pin, validUntil: request.pinValidUntil };
}
