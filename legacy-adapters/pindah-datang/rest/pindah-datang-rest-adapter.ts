import { cancellationOf, type Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import type { RestLegacyClient } from '../../base/rest/client';
import { slices } from '../../base/rest/slices';
import { faultOf } from '../../base/resilience';
import type { Arrival, ArrivalRequest, PindahDatangPort } from '../port';
import { groupByArrivingNik, requestBody, toArrival, type DatangRecord } from './mapping';

/**
 * The move-in (SKDWNI) application through its REST API. One call per port method whatever the
 * number of keys up to the application's limit (500 NIKs; beyond, one call per slice); a batch
 * with no arrivals is status 14.
 *
 * The application holds an arrival to its move-out letter and answers a mismatch with statuses of
 * its own (62 people, 63 unknown letter, 64 destination, 65 typed letter differs): each becomes a
 * BAD_USER_INPUT naming the field, without the application's wording. Writes are made safe to ask
 * again with the requester's reference, as in the other REST adapters: looked up first, 51 means
 * it landed already, a POST without an answer is looked for once more.
 */
const MAX_NIKS = 500;
const ALREADY_EXISTS = '51';
const INVALID_REQUEST = '05';
const MISMATCHES: Record<string, () => GerbangError> = {
  '62': () => badUserInput('arrivingNiks', 'NOT_ON_MOVE_OUT_LETTER', 'Everyone arriving must be named on the move-out letter; at least one person is not.'),
  '63': () => badUserInput('moveOutLetterNumber', 'UNKNOWN_MOVE_OUT_LETTER', 'This move-out letter has not reached the office; give the letter\'s content with the request.'),
  '64': () => badUserInput('destination.regionCode', 'DESTINATION_NOT_ON_LETTER', 'The arrival\'s kelurahan must be the destination on the move-out letter.'),
  '65': () => badUserInput('letter', 'LETTER_DIFFERS', 'The letter\'s content given differs from the move-out letter the office received.'),
};

function unanswered(error: unknown): boolean {
  if (!(error instanceof GerbangError)) return false;
  const fault = faultOf(error);
  return error.code === ErrorCode.LEGACY_TIMEOUT || (error.code === ErrorCode.LEGACY_UNAVAILABLE && fault !== undefined && fault.legacyStatus === undefined && fault.httpStatus === undefined);
}

function checkRequest(request: ArrivalRequest): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(request.arrivalDate)) throw badUserInput('arrivalDate', 'INVALID_DATE', 'The arrival date must be an ISO date YYYY-MM-DD.');
  if (request.arrivingNiks.length === 0) throw badUserInput('arrivingNiks', 'NO_ARRIVALS', 'An arrival names at least one person.');
}

export class PindahDatangRestAdapter implements PindahDatangPort {
  constructor(private readonly rest: RestLegacyClient) {}

  async arrivalsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, Arrival[]>> {
    const result = new Map<string, Arrival[]>();
    for (const slice of slices([...new Set(niks)], MAX_NIKS)) {
      const records = await this.rest.get<DatangRecord[]>('/api/datang', { nik: slice }, deadline);
      for (const [nik, arrivals] of groupByArrivingNik(records ?? [], slice)) result.set(nik, arrivals);
    }
    return result;
  }

  async registerArrival(request: ArrivalRequest, deadline: Deadline): Promise<Arrival> {
    checkRequest(request);
    const known = await this.byReference(request, deadline);
    if (known) return known;
    let answer;
    try {
      answer = await this.rest.post<DatangRecord>('/api/datang', requestBody(request), deadline, [ALREADY_EXISTS, ...Object.keys(MISMATCHES)]);
    } catch (error) {
      if (faultOf(error)?.kind === 'rejected' && faultOf(error)?.legacyStatus === INVALID_REQUEST) {
        throw badUserInput('request', 'REFUSED_BY_APPLICATION', 'The move-in application refused this request: check the NIKs, the kelurahan (one of this city) and the dates.');
      }
      if (!unanswered(error) || cancellationOf(deadline)) throw error;
      const landed = await this.byReference(request, deadline).catch(() => undefined);
      if (landed) return landed;
      throw error;
    }
    const mismatch = MISMATCHES[answer.status];
    if (mismatch) throw mismatch();
    if (answer.status === ALREADY_EXISTS || !answer.data) {
      const existing = await this.byReference(request, deadline);
      if (existing) return existing;
      throw new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'The pindah-datang application is not available right now; try again later.', { app: 'pindah-datang', retryable: true });
    }
    return toArrival(answer.data);
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.rest.ping(deadline);
  }

  /** The arrival already registered under this reference; CONFLICT when it is another letter's. */
  private async byReference(request: ArrivalRequest, deadline: Deadline): Promise<Arrival | undefined> {
    const records = await this.rest.get<DatangRecord[]>('/api/datang', { no_referensi: request.reference }, deadline);
    const arrival = records?.map(toArrival)[0];
    if (arrival && arrival.moveOutLetterNumber !== request.moveOutLetterNumber) {
      throw new GerbangError(ErrorCode.CONFLICT, 'This reference was already used for an arrival on another move-out letter.', { argument: 'reference', reason: 'REFERENCE_IN_USE' });
    }
    return arrival;
  }
}
