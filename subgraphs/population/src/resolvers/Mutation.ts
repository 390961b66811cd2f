import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { todayIn } from '@core/tenants';
import { requireNik } from '@core/validation';
import type { MutationResolvers } from '../generated/resolvers-types';
import { INELIGIBILITY_MESSAGES, printIneligibility } from '@core/domain/card-print';
import { cardsFor } from '../identity-cards/loaders';
import { mayRequestFor } from '../identity-cards/requester';

/** What the print queue accepts as a reference (its no_permohonan). */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;
const MAX_PICKUP_PLACE = 60;

export const Mutation: MutationResolvers = {
  requestCardPrint: async (_root, { input, idempotencyKey }, { request, tenant, siak, rows, cards, deadline }) => {
    const nik = requireNik(input.nik, 'input.nik');
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw badUserInput('idempotencyKey', 'BAD_IDEMPOTENCY_KEY', 'idempotencyKey: 1 to 40 letters, digits, "/", "_", "." or "-", starting with a letter or digit.');
    }
    const pickupPlace = input.pickupPlace.replace(/\s+/g, ' ').trim().toUpperCase();
    if (!pickupPlace) throw badUserInput('input.pickupPlace', 'EMPTY', 'Say where the card will be collected.');
    if (pickupPlace.length > MAX_PICKUP_PLACE) throw badUserInput('input.pickupPlace', 'TOO_LONG', `A pick-up place has at most ${MAX_PICKUP_PLACE} characters.`);

    const refusal = mayRequestFor(request.principal, nik);
    if (refusal) throw refusal;
    // Through the row-scoped register: an officer asks only for residents of the region they serve.
    const resident = await siak.residentByNik.load(nik);
    if (!resident) throw rows.withheld(nik) ?? badUserInput('input.nik', 'NO_SUCH_RESIDENT', 'No resident has this NIK.');

    const { loaders, ports } = cardsFor(cards, 'ktp-rekam');
    const reasons = printIneligibility(resident, await loaders.ktpRekam.enrolmentsByNik.load(nik), todayIn(tenant.timeZone));
    if (reasons.length > 0) {
      throw new GerbangError(ErrorCode.BAD_USER_INPUT, reasons.map((r) => INELIGIBILITY_MESSAGES[r]).join(' '), { argument: 'input.nik', reason: reasons[0], reasons });
    }
    // The idempotency key is the print queue's own reference: asking again answers the same job.
    return await ports.ktpCetak.requestPrint({ nik, reference: idempotencyKey, reason: input.reason, pickupPlace }, deadline);
  },
};
