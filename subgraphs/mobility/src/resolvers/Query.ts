import { badUserInput } from '@core/errors';
import { todayIn } from '@core/tenants';
import { requireRegionCode } from '@core/validation';
import type { QueryResolvers } from '../generated/resolvers-types';
import { addDays, requirePassport } from '../validation';
import { foreignResidentPage } from './foreign-residents';

const LETTER_NUMBER = /^[0-9.]{1,10}\/\d{1,6}\/SKPWNI\/\d{4}\/[IVXLC]{1,6}\/\d{4}$/;

export const Query: QueryResolvers = {
  moveOutLetter: async (_root, { number }, { loaders, rows }) => {
    const valid = number.trim().toUpperCase();
    if (!LETTER_NUMBER.test(valid)) throw badUserInput('number', 'BAD_LETTER_NUMBER', 'A move-out letter number looks like 474.2/00017/SKPWNI/3674/XI/2026.');
    const letter = await loaders.moveOutLetterByNumber.load(valid);
    if (letter) return letter;
    // Null means "no such letter"; a letter outside the caller's reach is FORBIDDEN instead.
    const withheld = rows.withheld(valid);
    if (withheld) throw withheld;
    return null;
  },

  foreignResident: async (_root, { passportNumber }, { loaders, rows }) => {
    const valid = requirePassport(passportNumber);
    const foreigner = await loaders.foreignerByPassport.load(valid);
    if (foreigner) return foreigner;
    const withheld = rows.withheld(valid);
    if (withheld) throw withheld;
    return null;
  },

  foreignResidents: async (_root, { filter, first, after }, context) => {
    const days = filter?.permitExpiringWithinDays;
    if (days !== undefined && days !== null && (!Number.isInteger(days) || days < 0 || days > 3650)) throw badUserInput('filter.permitExpiringWithinDays', 'OUT_OF_RANGE', 'Give a number of days from 0 to 3650.');
    const region = filter?.regionCode ? requireRegionCode(filter.regionCode, 'filter.regionCode').code : undefined;
    const name = filter?.name?.replace(/\s+/g, ' ').trim();
    if (name !== undefined && (name.length < 2 || name.length > 60)) throw badUserInput('filter.name', 'BAD_NAME', 'Give 2 to 60 characters of the name.');
    return await foreignResidentPage(context, {
      region,
      name: name || undefined,
      expiringBefore: days === undefined || days === null ? undefined : addDays(todayIn(context.tenant.timeZone), days),
      first: first ?? 20,
      after: after ?? undefined,
    });
  },

  moveOutRequest: async (_root, { idempotencyKey }, { moveOut }) => await moveOut.status(idempotencyKey),
  moveRegistration: async (_root, { idempotencyKey }, { moves }) => await moves.status(idempotencyKey),
  arrivalRegistration: async (_root, { idempotencyKey }, { arrivals }) => await arrivals.status(idempotencyKey),
  foreignerRegistration: async (_root, { idempotencyKey }, { foreigners }) => await foreigners.status(idempotencyKey),
};
