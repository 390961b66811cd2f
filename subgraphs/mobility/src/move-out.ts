import type { AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import { badUserInput } from '@core/errors';
import { checkIdempotencyKey, type MutationStatus, type OutboxMutations } from '@core/outbox';
import { todayIn, type Tenant } from '@core/tenants';
import type { MoveOutLetter, MoveOutRequest, MoveReason } from '@adapters/pindah-keluar';
import type { SiakPort } from '@adapters/siak';
import type { MoveOutRequestView } from './context';
import { movingFamily } from './family-check';
import { auditWrite, clientReference, deliveredResult, ownStatus, principalIdOf, viewBase } from './registrations';
import type { MoveRows } from './row-access';
import { inCity, letterAddress, requireDateAround, requirePlace, requireVillage, type PlaceInput } from './validation';

/**
 * requestMoveOut: a move-out letter (SKPWNI) for residents leaving the city, one write to
 * pindah-keluar through the outbox (PENDING while it is down). The application is idempotent by
 * reference, so a redelivery never issues a second letter. Moves within the city go through
 * moveWithinCity, which also registers the arrival and changes SIAK.
 */
export const MOVE_OUT = 'requestMoveOut';
/** pindah-keluar's operation, shared with moveWithinCity's handlers. */
export const ISSUE_LETTER = 'issueMoveOutLetter';

export interface RequestMoveOutInput {
  familyCardNumber: string;
  applicantNik: string;
  movers: readonly string[];
  destination: PlaceInput;
  reason: MoveReason;
  moveDate: string;
}

export interface MoveOutWrites {
  request(input: RequestMoveOutInput, idempotencyKey: string): Promise<MoveOutRequestView>;
  status(idempotencyKey: string): Promise<MoveOutRequestView | null>;
}

export function moveOutView(status: MutationStatus, replayed: boolean): MoveOutRequestView {
  return { ...viewBase(status, replayed), letterNumber: deliveredResult<{ letterNumber: string }>(status, 'pindah-keluar')?.letterNumber ?? null };
}

/** What pindah-keluar's handler answers: the letter's number, kept in the outbox. */
export function letterResult(letter: MoveOutLetter): { letterNumber: string } {
  return { letterNumber: letter.letterNumber };
}

export interface MoveOutDeps {
  siak: SiakPort;
  mutations: OutboxMutations;
  audit: AuditWriter;
}

export function moveOutWrites(deps: MoveOutDeps, request: RequestContext, tenant: Tenant, rows: MoveRows, deadline: Deadline): MoveOutWrites {
  return {
    async request(input, idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const outcome = await deps.mutations.run(
        { tenant: tenant.id, principalId: principalIdOf(request), key: idempotencyKey, operation: MOVE_OUT, input },
        async () => {
          // Check and read; nothing is written here.
          const today = todayIn(tenant.timeZone);
          const destination = requirePlace(input.destination, 'input.destination', requireVillage);
          if (inCity(destination.region.code, tenant)) throw badUserInput('input.destination.regionCode', 'WITHIN_THE_CITY', 'The destination is in this city: register the move with moveWithinCity.');
          const moveDate = requireDateAround(input.moveDate, 'input.moveDate', today, 0, 180);
          rows.guard();
          const moving = await movingFamily(deps.siak, input, deadline);
          const origin = moving.family.address;
          if (!rows.mayWrite([origin.kelurahan.code])) throw rows.outside();
          await auditWrite(deps.audit, request, MOVE_OUT, [moving.applicantNik, ...moving.movers], 'move-out request');
          const reference = clientReference('PK', tenant.id, idempotencyKey);
          const letter: MoveOutRequest = {
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
          return { result: { reference }, messages: [{ target: 'pindah-keluar', operation: ISSUE_LETTER, payload: letter }] };
        },
        deadline,
      );
      return moveOutView(outcome.status, outcome.replayed);
    },

    async status(idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const status = ownStatus(await deps.mutations.status(tenant.id, idempotencyKey), MOVE_OUT, request);
      return status ? moveOutView(status, true) : null;
    },
  };
}
