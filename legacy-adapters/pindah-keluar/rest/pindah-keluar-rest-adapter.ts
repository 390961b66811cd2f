import { cancellationOf, type Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import type { RestLegacyClient } from '../../base/rest/client';
import { slices } from '../../base/rest/slices';
import { faultOf } from '../../base/resilience';
import type { MoveOutLetter, MoveOutRegisterPage, MoveOutRegisterQuery, MoveOutRequest, PindahKeluarPort } from '../port';
import { legacyDateFromIso } from '../../base/rest/dates';
import { groupByMover, requestBody, toMoveOutLetter, type SkpwniRecord } from './mapping';

/**
 * The move-out (SKPWNI) application through its REST API. One call per port method whatever the
 * number of keys, up to the application's limits (500 NIKs, 100 letter numbers per call; beyond
 * that one call per slice); the application answers a batch with no letters as status 14.
 *
 * Writes are made safe to ask again with the requester's reference (no_referensi), which the
 * application keeps unique: the adapter looks it up before issuing; the application refuses a
 * reference it knows (status 51), and then the adapter answers the letter already issued for it.
 * A POST that timed out may have landed all the same: the adapter looks once more, if time is left.
 * The application's own status 61 (destination not in the region list) is the caller's mistake.
 */
const MAX_NIKS = 500;
const MAX_NUMBERS = 100;
const ALREADY_EXISTS = '51';
const INVALID_REQUEST = '05';
const UNKNOWN_DESTINATION = '61';
const VILLAGE_CODE = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;

function unknownDestination(): GerbangError {
  return badUserInput('destination.regionCode', 'UNKNOWN_REGION', 'The destination must be the code of a desa or kelurahan in the Kemendagri region list, e.g. 33.25.01.2001.');
}

/** No answer came (timed out, connection cut): the request may have landed. */
function unanswered(error: unknown): boolean {
  if (!(error instanceof GerbangError)) return false;
  const fault = faultOf(error);
  return error.code === ErrorCode.LEGACY_TIMEOUT || (error.code === ErrorCode.LEGACY_UNAVAILABLE && fault !== undefined && fault.legacyStatus === undefined && fault.httpStatus === undefined);
}

/** What the application would refuse with 05, caught before sending, with the field named. */
function checkRequest(request: MoveOutRequest): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(request.moveDate)) throw badUserInput('moveDate', 'INVALID_DATE', 'The move date must be an ISO date YYYY-MM-DD.');
  if (!VILLAGE_CODE.test(request.destination.regionCode)) throw unknownDestination();
  if (!VILLAGE_CODE.test(request.origin.regionCode)) throw badUserInput('origin.regionCode', 'UNKNOWN_REGION', 'The origin must be the code of a kelurahan of this city, e.g. 36.74.01.1001.');
  if (request.movers.length === 0) throw badUserInput('movers', 'NO_MOVERS', 'A move-out letter names at least one person moving.');
}

export class PindahKeluarRestAdapter implements PindahKeluarPort {
  constructor(private readonly rest: RestLegacyClient) {}

  async moveOutLettersOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, MoveOutLetter[]>> {
    const result = new Map<string, MoveOutLetter[]>();
    for (const slice of slices([...new Set(niks)], MAX_NIKS)) {
      const records = await this.rest.get<SkpwniRecord[]>('/api/skpwni', { nik: slice }, deadline);
      for (const [nik, letters] of groupByMover(records ?? [], slice)) result.set(nik, letters);
    }
    return result;
  }

  async moveOutLetterByNumber(letterNumbers: readonly string[], deadline: Deadline): Promise<Map<string, MoveOutLetter>> {
    const result = new Map<string, MoveOutLetter>();
    for (const slice of slices([...new Set(letterNumbers)], MAX_NUMBERS)) {
      const records = await this.rest.get<SkpwniRecord[]>('/api/skpwni', { no_skpwni: slice }, deadline);
      for (const letter of (records ?? []).map(toMoveOutLetter)) result.set(letter.letterNumber, letter);
    }
    return result;
  }

  async issueMoveOutLetter(request: MoveOutRequest, deadline: Deadline): Promise<MoveOutLetter> {
    checkRequest(request);
    const known = await this.byReference(request, deadline);
    if (known) return known;
    let answer;
    try {
      answer = await this.rest.post<SkpwniRecord>('/api/skpwni', requestBody(request), deadline, [ALREADY_EXISTS, UNKNOWN_DESTINATION]);
    } catch (error) {
      if (faultOf(error)?.kind === 'rejected' && faultOf(error)?.legacyStatus === INVALID_REQUEST) {
        throw badUserInput('request', 'REFUSED_BY_APPLICATION', 'The move-out application refused this request: check the NIKs, the family card number, the origin kelurahan and the reason.');
      }
      if (!unanswered(error) || cancellationOf(deadline)) throw error;
      const landed = await this.byReference(request, deadline).catch(() => undefined);
      if (landed) return landed;
      throw error;
    }
    if (answer.status === UNKNOWN_DESTINATION) throw unknownDestination();
    if (answer.status === ALREADY_EXISTS || !answer.data) {
      // Issued meanwhile by another try with the same reference.
      const existing = await this.byReference(request, deadline);
      if (existing) return existing;
      throw new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'The pindah-keluar application is not available right now; try again later.', { app: 'pindah-keluar', retryable: true });
    }
    return toMoveOutLetter(answer.data);
  }

  async moveOutRegister(query: MoveOutRegisterQuery, deadline: Deadline): Promise<MoveOutRegisterPage> {
    const filter = { tgl_dari: query.issuedFrom && legacyDateFromIso(query.issuedFrom), tgl_sampai: query.issuedTo && legacyDateFromIso(query.issuedTo) };
    const page = await this.rest.getPage<SkpwniRecord>('/api/daftar-skpwni', filter, { halaman: query.page, perHalaman: query.perPage }, deadline);
    return { letters: page.items.map(toMoveOutLetter), total: page.total, hasNextPage: page.hasNextPage };
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.rest.ping(deadline);
  }

  /** The letter already issued under this reference; CONFLICT when it is another family card's. */
  private async byReference(request: MoveOutRequest, deadline: Deadline): Promise<MoveOutLetter | undefined> {
    const records = await this.rest.get<SkpwniRecord[]>('/api/skpwni', { no_referensi: request.reference }, deadline);
    const letter = records?.map(toMoveOutLetter)[0];
    if (letter && letter.familyCardNumber !== request.familyCardNumber) {
      throw new GerbangError(ErrorCode.CONFLICT, 'This reference was already used for a move-out letter of another family card.', { argument: 'reference', reason: 'REFERENCE_IN_USE' });
    }
    return letter;
  }
}
