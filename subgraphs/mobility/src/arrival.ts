import type { AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { checkIdempotencyKey, type MutationStatus, type OutboxDispatcher, type OutboxMutations } from '@core/outbox';
import { todayIn, type Tenant } from '@core/tenants';
import { requireKk } from '@core/validation';
import type { ArrivalRequest, MoveOutLetterCopy, PindahDatangPort } from '@adapters/pindah-datang';
import type { PindahKeluarPort } from '@adapters/pindah-keluar';
import type { ArrivalRegistrationView } from './context';
import { auditWrite, clientReference, deliveredResult, ownStatus, principalIdOf, viewBase } from './registrations';
import type { MoveRows } from './row-access';
import { letterAddress, requireCityKelurahan, requireDateAround, requireNiks, requirePlace, requireVillage, type PlaceInput } from './validation';

/**
 * registerArrival: residents arriving in the city against a move-out letter, one write to
 * pindah-datang through the outbox (idempotent by reference). The arrival must match its letter
 * (same people, same destination), and that is checked before anything is recorded:
 * - a letter this city issued (its number carries the city's regency code) is read from
 *   pindah-keluar and compared; its content goes with the arrival (pindah-datang does not receive
 *   the city's own letters through the national exchange);
 * - another regency's letter: the caller gives its content, compared the same way; pindah-datang
 *   compares it again with the letter it received through the exchange, if it did.
 * A mismatch is BAD_USER_INPUT, reason MOVE_IN_DOES_NOT_MATCH_LETTER, `differs` naming what.
 */
export const REGISTER_ARRIVAL = 'registerArrival';
const LETTER_NUMBER = /^[0-9.]{1,10}\/\d{1,6}\/SKPWNI\/(\d{4})\/[IVXLC]{1,6}\/\d{4}$/;

export interface RegisterArrivalInput {
  moveOutLetterNumber: string;
  arrivingNiks: readonly string[];
  destination: PlaceInput;
  arrivalDate: string;
  newFamilyCard: boolean;
  newIdCards: boolean;
  letter?: { familyCardNumber: string; originRegionCode: string; destinationRegionCode: string; movers: readonly string[] } | null;
}

export interface ArrivalWrites {
  register(input: RegisterArrivalInput, idempotencyKey: string): Promise<ArrivalRegistrationView>;
  status(idempotencyKey: string): Promise<ArrivalRegistrationView | null>;
}

export function registerArrivalHandlers(dispatcher: OutboxDispatcher, pindahDatang: PindahDatangPort): OutboxDispatcher {
  return dispatcher.register('pindah-datang', REGISTER_ARRIVAL, async (message, deadline) => {
    const arrival = await pindahDatang.registerArrival(message.payload as ArrivalRequest, deadline);
    return { arrivalNumber: arrival.arrivalNumber };
  });
}

export function arrivalView(status: MutationStatus, replayed: boolean): ArrivalRegistrationView {
  return { ...viewBase(status, replayed), arrivalNumber: deliveredResult<{ arrivalNumber: string }>(status, 'pindah-datang')?.arrivalNumber ?? null };
}

/** What differs between an arrival and its letter: 'people', 'destination'. */
export function differences(letter: MoveOutLetterCopy, arriving: readonly string[], destinationCode: string): string[] {
  const onLetter = new Set(letter.movers);
  const differs: string[] = [];
  if (arriving.length !== onLetter.size || arriving.some((n) => !onLetter.has(n))) differs.push('people');
  if (letter.destinationRegionCode !== destinationCode) differs.push('destination');
  return differs;
}

function mismatch(differs: string[]): GerbangError {
  const what = differs.map((d) => (d === 'people' ? 'the people arriving are not the people on the letter' : 'the destination is not the letter\'s')).join('; ');
  return new GerbangError(ErrorCode.BAD_USER_INPUT, `The move-in does not match its move-out letter: ${what}.`, { argument: 'input', reason: 'MOVE_IN_DOES_NOT_MATCH_LETTER', differs });
}

export interface ArrivalDeps {
  pindahKeluar: PindahKeluarPort;
  mutations: OutboxMutations;
  audit: AuditWriter;
}

export function arrivalWrites(deps: ArrivalDeps, request: RequestContext, tenant: Tenant, rows: MoveRows, deadline: Deadline): ArrivalWrites {
  return {
    async register(input, idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const outcome = await deps.mutations.run(
        { tenant: tenant.id, principalId: principalIdOf(request), key: idempotencyKey, operation: REGISTER_ARRIVAL, input },
        async () => {
          // Check and read; nothing is written here.
          const today = todayIn(tenant.timeZone);
          const number = input.moveOutLetterNumber.trim().toUpperCase();
          const parts = LETTER_NUMBER.exec(number);
          if (!parts) throw badUserInput('input.moveOutLetterNumber', 'BAD_LETTER_NUMBER', 'A move-out letter number looks like 474.2/00017/SKPWNI/3674/XI/2026.');
          const arriving = requireNiks(input.arrivingNiks, 'input.arrivingNiks');
          const destination = requirePlace(input.destination, 'input.destination', (code, argument) => requireCityKelurahan(code, argument, tenant));
          const arrivalDate = requireDateAround(input.arrivalDate, 'input.arrivalDate', today, 365, 0);
          rows.guard();
          if (!rows.mayWrite([destination.region.code])) throw rows.outside();
          let letter: MoveOutLetterCopy | undefined;
          if (parts[1] === tenant.regencyCode.replace('.', '')) {
            // This city's letter: read it, never take the caller's word for it.
            const issued = (await deps.pindahKeluar.moveOutLetterByNumber([number], deadline)).get(number);
            if (!issued) throw badUserInput('input.moveOutLetterNumber', 'UNKNOWN_MOVE_OUT_LETTER', 'This city issued no move-out letter with this number.');
            if (issued.status === 'CANCELLED') throw badUserInput('input.moveOutLetterNumber', 'LETTER_CANCELLED', 'This move-out letter was cancelled.');
            letter = { familyCardNumber: issued.familyCardNumber, originRegionCode: issued.origin.regionCode, destinationRegionCode: issued.destination.regionCode, movers: issued.movers };
          } else if (input.letter) {
            letter = {
              familyCardNumber: requireKk(input.letter.familyCardNumber, 'input.letter.familyCardNumber'),
              originRegionCode: requireVillage(input.letter.originRegionCode, 'input.letter.originRegionCode').code,
              destinationRegionCode: requireVillage(input.letter.destinationRegionCode, 'input.letter.destinationRegionCode').code,
              movers: requireNiks(input.letter.movers, 'input.letter.movers'),
            };
          }
          if (letter) {
            const differs = differences(letter, arriving, destination.region.code);
            if (differs.length > 0) throw mismatch(differs);
          }
          await auditWrite(deps.audit, request, REGISTER_ARRIVAL, arriving, 'arrival');
          const reference = clientReference('DT', tenant.id, idempotencyKey);
          const arrival: ArrivalRequest = {
            reference,
            moveOutLetterNumber: number,
            ...(letter ? { letter } : {}),
            arrivingNiks: arriving,
            destination: { regionCode: destination.region.code, address: letterAddress(destination) },
            newFamilyCard: input.newFamilyCard,
            newIdCards: input.newIdCards,
            arrivalDate,
          };
          return { result: { reference }, messages: [{ target: 'pindah-datang', operation: REGISTER_ARRIVAL, payload: arrival }] };
        },
        deadline,
      );
      return arrivalView(outcome.status, outcome.replayed);
    },

    async status(idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const status = ownStatus(await deps.mutations.status(tenant.id, idempotencyKey), REGISTER_ARRIVAL, request);
      return status ? arrivalView(status, true) : null;
    },
  };
}
