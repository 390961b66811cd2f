import type { AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { checkIdempotencyKey, type MutationStatus, type OutboxDispatcher, type OutboxMutations } from '@core/outbox';
import { todayIn, type Tenant } from '@core/tenants';
import type { ArrivalRequest, PindahDatangPort } from '@adapters/pindah-datang';
import type { MoveOutRequest, MoveReason, PindahKeluarPort } from '@adapters/pindah-keluar';
import type { RecordedMove, SiakMove, SiakMoveRecorder, SiakPort } from '@adapters/siak';
import { requireNik } from '@core/validation';
import type { MoveRegistrationView } from './context';
import { movingFamily } from './family-check';
import { ISSUE_LETTER, letterResult } from './move-out';
import { auditWrite, clientReference, deliveredResult, ownStatus, principalIdOf, viewBase } from './registrations';
import type { MoveRows } from './row-access';
import { letterAddress, requireCityKelurahan, requireDateAround, requirePlace, type PlaceInput } from './validation';

/**
 * moveWithinCity through the durable outbox (docs/outbox.md): one move, three writes recorded with
 * the idempotency key in one transaction, under one reference:
 * 1. pindah-keluar issues the move-out letter (idempotent by reference);
 * 2. pindah-datang registers the arrival: its handler first asks pindah-keluar for the letter again
 *    with the same request (idempotent: it answers the letter already issued) to learn its number
 *    and content, then registers the arrival with that copy (pindah-datang has not received a
 *    letter of its own city through the national exchange);
 * 3. SIAK records the move (the card's address, or a new card): its handler first checks that
 *    pindah-datang holds the arrival under the reference and is retried until it does, so SIAK
 *    changes only once both letters exist.
 * Each write is check-before-write, so with any application down the answer is PENDING and
 * everything lands exactly once when it returns; nothing is left half-done for the client.
 */
export const MOVE_WITHIN_CITY = 'moveWithinCity';
export const ARRIVAL_FROM_CITY_LETTER = 'registerArrivalFromCityLetter';
export const RECORD_MOVE = 'recordMove';

export interface MoveWithinCityInput {
  familyCardNumber: string;
  applicantNik: string;
  movers: readonly string[];
  destination: PlaceInput;
  reason: MoveReason;
  moveDate: string;
  remainingHeadNik?: string | null;
}

/** pindah-datang's message: the letter request (to learn the letter) and the arrival. */
export interface ArrivalFromCityLetter {
  moveOut: MoveOutRequest;
  arrival: Omit<ArrivalRequest, 'moveOutLetterNumber' | 'letter'>;
}

/** SIAK's message: the move, and the arrival it waits for. */
export interface SiakMoveMessage {
  move: SiakMove;
  arrivalReference: string;
}

export interface MoveWithinCityWrites {
  move(input: MoveWithinCityInput, idempotencyKey: string): Promise<MoveRegistrationView>;
  status(idempotencyKey: string): Promise<MoveRegistrationView | null>;
}

/** SIAK's write waits for pindah-datang's: retried (not permanent) until the arrival is there. */
export function arrivalNotYetRegistered(): GerbangError {
  return new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'SIAK waits until pindah-datang has registered the arrival.', { app: 'pindah-datang', reason: 'ARRIVAL_NOT_YET_REGISTERED', retryable: true });
}

export interface MoveHandlerApps {
  pindahKeluar: PindahKeluarPort;
  pindahDatang: PindahDatangPort;
  siak: SiakMoveRecorder;
}

/** The handlers every replica registers: what a stored message of a move turns into. */
export function registerMoveHandlers(dispatcher: OutboxDispatcher, apps: MoveHandlerApps): OutboxDispatcher {
  return dispatcher
    .register('pindah-keluar', ISSUE_LETTER, async (message, deadline) => letterResult(await apps.pindahKeluar.issueMoveOutLetter(message.payload as MoveOutRequest, deadline)))
    .register('pindah-datang', ARRIVAL_FROM_CITY_LETTER, async (message, deadline) => {
      const { moveOut, arrival } = message.payload as ArrivalFromCityLetter;
      const letter = await apps.pindahKeluar.issueMoveOutLetter(moveOut, deadline);
      const registered = await apps.pindahDatang.registerArrival({
        ...arrival,
        moveOutLetterNumber: letter.letterNumber,
        letter: { familyCardNumber: letter.familyCardNumber, originRegionCode: letter.origin.regionCode, destinationRegionCode: letter.destination.regionCode, movers: letter.movers },
      }, deadline);
      return { arrivalNumber: registered.arrivalNumber, letterNumber: letter.letterNumber };
    })
    .register('siak', RECORD_MOVE, async (message, deadline) => {
      const { move, arrivalReference } = message.payload as SiakMoveMessage;
      const arrivals = await apps.pindahDatang.arrivalsOf(move.movers, deadline);
      const arrived = [...arrivals.values()].flat().some((a) => a.reference === arrivalReference);
      if (!arrived) throw arrivalNotYetRegistered();
      const recorded: RecordedMove = await apps.siak.recordMove(move, deadline);
      return recorded;
    });
}

export function moveView(status: MutationStatus, replayed: boolean): MoveRegistrationView {
  const arrival = deliveredResult<{ arrivalNumber: string; letterNumber: string }>(status, 'pindah-datang');
  const letter = deliveredResult<{ letterNumber: string }>(status, 'pindah-keluar');
  const siak = deliveredResult<RecordedMove>(status, 'siak');
  return {
    ...viewBase(status, replayed),
    letterNumber: letter?.letterNumber ?? arrival?.letterNumber ?? null,
    arrivalNumber: arrival?.arrivalNumber ?? null,
    familyCardNumber: siak?.familyCardNumber ?? null,
    newFamilyCard: siak?.newFamilyCard ?? null,
  };
}

export interface MoveWithinCityDeps {
  siak: SiakPort;
  mutations: OutboxMutations;
  audit: AuditWriter;
}

export function moveWithinCityWrites(deps: MoveWithinCityDeps, request: RequestContext, tenant: Tenant, rows: MoveRows, deadline: Deadline): MoveWithinCityWrites {
  return {
    async move(input, idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const outcome = await deps.mutations.run(
        { tenant: tenant.id, principalId: principalIdOf(request), key: idempotencyKey, operation: MOVE_WITHIN_CITY, input },
        async () => {
          // Check and read; nothing is written here.
          const today = todayIn(tenant.timeZone);
          const destination = requirePlace(input.destination, 'input.destination', (code, argument) => requireCityKelurahan(code, argument, tenant));
          const moveDate = requireDateAround(input.moveDate, 'input.moveDate', today, 30, 90);
          const remainingHeadNik = input.remainingHeadNik ? requireNik(input.remainingHeadNik, 'input.remainingHeadNik') : null;
          rows.guard();
          const moving = await movingFamily(deps.siak, input, deadline);
          const origin = moving.family.address;
          if (origin.kelurahan.code === destination.region.code) throw badUserInput('input.destination.regionCode', 'SAME_KELURAHAN', 'The destination must be another kelurahan than the family\'s.');
          if (!rows.mayWrite([origin.kelurahan.code, destination.region.code])) throw rows.outside();
          // SIAK's rules for a partial move, checked here so that the client hears them now.
          const partial = moving.remaining.length > 0;
          const headMoves = !!moving.headNik && moving.movers.includes(moving.headNik);
          if (partial && headMoves) {
            if (moving.movers[0] !== moving.headNik) throw badUserInput('input.movers', 'HEAD_MUST_LEAD_MOVE', 'When the head of the family moves with part of it, name the head first: they head the new family card.');
            if (!remainingHeadNik || !moving.remaining.some((m) => m.nik === remainingHeadNik)) throw badUserInput('input.remainingHeadNik', 'NEW_HEAD_REQUIRED', 'The head of the family moves: name a living member who stays as head of the remaining family.');
          }
          await auditWrite(deps.audit, request, MOVE_WITHIN_CITY, [moving.applicantNik, ...moving.movers, remainingHeadNik], 'move');
          const reference = clientReference('PD', tenant.id, idempotencyKey);
          const moveOut: MoveOutRequest = {
            reference,
            familyCardNumber: moving.family.number,
            applicantNik: moving.applicantNik,
            movers: moving.movers,
            origin: { regionCode: origin.kelurahan.code, address: letterAddress({ street: origin.street, rt: origin.rt, rw: origin.rw }) },
            destination: { regionCode: destination.region.code, address: letterAddress(destination) },
            reason: input.reason,
            movingMembers: moving.movingMembers,
            moveDate,
          };
          const arrival: ArrivalFromCityLetter = {
            moveOut,
            arrival: {
              reference,
              arrivingNiks: moving.movers,
              destination: moveOut.destination,
              newFamilyCard: partial,
              newIdCards: true,
              arrivalDate: moveDate,
            },
          };
          const siakMove: SiakMoveMessage = {
            arrivalReference: reference,
            move: {
              reference,
              familyCardNumber: moving.family.number,
              movers: moving.movers,
              destination: { kelurahanCode: destination.region.code, street: destination.street, rt: destination.rt, rw: destination.rw },
              remainingHeadNik: partial && headMoves ? remainingHeadNik : null,
            },
          };
          return {
            result: { reference },
            messages: [
              { target: 'pindah-keluar', operation: ISSUE_LETTER, payload: moveOut },
              { target: 'pindah-datang', operation: ARRIVAL_FROM_CITY_LETTER, payload: arrival },
              { target: 'siak', operation: RECORD_MOVE, payload: siakMove },
            ],
          };
        },
        deadline,
      );
      return moveView(outcome.status, outcome.replayed);
    },

    async status(idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const status = ownStatus(await deps.mutations.status(tenant.id, idempotencyKey), MOVE_WITHIN_CITY, request);
      return status ? moveView(status, true) : null;
    },
  };
}
