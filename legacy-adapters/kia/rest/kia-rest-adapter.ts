import { cancellationOf, type Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import type { RestLegacyClient } from '../../base/rest/client';
import { slices } from '../../base/rest/slices';
import { faultOf } from '../../base/resilience';
import type { ChildIdCard, KiaPort, KiaRequest } from '../port';
import { cardsInForceByFamily, cardsInForceByNik, requestBody, toChildIdCard, type KiaFamilyGroup, type KiaRecord } from './mapping';

/**
 * The KIA application through its REST API. One call per port method whatever the number of keys
 * up to the application's limits (500 NIKs, 200 family cards per call; beyond that one call per
 * slice); the application answers a batch with no cards as status 14.
 *
 * Writes are made safe to ask again with the requester's reference (no_permohonan), which the
 * application keeps unique: the adapter looks it up before asking for a card; the application
 * refuses a reference it knows (status 51, the same status it gives when the child already has a
 * card in force), and then the adapter answers the card already issued for it. A POST that timed
 * out may have landed all the same: the adapter looks once more, if time is left.
 */
const MAX_NIKS = 500;
const MAX_KKS = 200;
const ALREADY_EXISTS = '51';
const INVALID_REQUEST = '05';

function conflict(reason: 'REFERENCE_IN_USE' | 'KIA_ALREADY_ISSUED'): GerbangError {
  const message = reason === 'REFERENCE_IN_USE'
    ? 'This reference was already used for a KIA request for another child.'
    : 'This child already has a KIA in force; ask for a replacement (LOST or DAMAGED) instead.';
  return new GerbangError(ErrorCode.CONFLICT, message, { argument: reason === 'REFERENCE_IN_USE' ? 'reference' : 'childNik', reason });
}

/** No answer came (timed out, connection cut): the request may have landed. */
function unanswered(error: unknown): boolean {
  if (!(error instanceof GerbangError)) return false;
  const fault = faultOf(error);
  return error.code === ErrorCode.LEGACY_TIMEOUT || (error.code === ErrorCode.LEGACY_UNAVAILABLE && fault !== undefined && fault.legacyStatus === undefined && fault.httpStatus === undefined);
}

export class KiaRestAdapter implements KiaPort {
  constructor(private readonly rest: RestLegacyClient) {}

  async kiaOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, ChildIdCard>> {
    const result = new Map<string, ChildIdCard>();
    for (const slice of slices([...new Set(niks)], MAX_NIKS)) {
      const records = await this.rest.get<KiaRecord[]>('/api/kia', { nik: slice }, deadline);
      for (const [nik, card] of cardsInForceByNik(records ?? [])) result.set(nik, card);
    }
    return result;
  }

  async kiaByFamily(kkNumbers: readonly string[], deadline: Deadline): Promise<Map<string, ChildIdCard[]>> {
    const result = new Map<string, ChildIdCard[]>();
    for (const slice of slices([...new Set(kkNumbers)], MAX_KKS)) {
      const groups = await this.rest.get<KiaFamilyGroup[]>('/api/kia/keluarga', { no_kk: slice }, deadline);
      for (const [kk, cards] of cardsInForceByFamily(groups ?? [])) result.set(kk, cards);
    }
    return result;
  }

  async requestKia(request: KiaRequest, deadline: Deadline): Promise<ChildIdCard> {
    const known = await this.byReference(request, deadline);
    if (known) return known;
    let answer;
    try {
      answer = await this.rest.post<KiaRecord>('/api/kia', requestBody(request), deadline, [ALREADY_EXISTS]);
    } catch (error) {
      // Refused as invalid: what we send is validated, so it is the child's age or birth date.
      if (faultOf(error)?.kind === 'rejected' && faultOf(error)?.legacyStatus === INVALID_REQUEST) {
        throw badUserInput('birthDate', 'NOT_A_CHILD', 'The KIA application refused this request: a KIA is for children under 17, with a valid birth date.');
      }
      if (!unanswered(error) || cancellationOf(deadline)) throw error;
      const landed = await this.byReference(request, deadline).catch(() => undefined);
      if (landed) return landed;
      throw error;
    }
    if (answer.status === ALREADY_EXISTS || !answer.data) {
      // Either issued meanwhile by another try with this reference, or the child has a card in force.
      const existing = await this.byReference(request, deadline);
      if (existing) return existing;
      throw conflict('KIA_ALREADY_ISSUED');
    }
    return toChildIdCard(answer.data);
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.rest.ping(deadline);
  }

  /** The card already issued under this reference; CONFLICT when it is another child's. */
  private async byReference(request: KiaRequest, deadline: Deadline): Promise<ChildIdCard | undefined> {
    const records = await this.rest.get<KiaRecord[]>('/api/kia', { no_permohonan: request.reference }, deadline);
    const card = records?.map(toChildIdCard)[0];
    if (card && card.childNik !== request.childNik) throw conflict('REFERENCE_IN_USE');
    return card;
  }
}
