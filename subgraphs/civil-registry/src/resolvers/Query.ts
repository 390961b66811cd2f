import type { QueryResolvers } from '../generated/resolvers-types';
import { requireDeedNumber } from '../validation';

export const Query: QueryResolvers = {
  birthDeed: async (_root, { number }, { deeds, rows }) => {
    const valid = requireDeedNumber(number, 'LU');
    const deed = await deeds.birthDeedByNumber.load(valid);
    if (deed) return deed;
    // Null means "no such deed"; a deed outside the caller's reach is FORBIDDEN instead.
    const withheld = rows.withheld(valid);
    if (withheld) throw withheld;
    return null;
  },

  deathDeed: async (_root, { number }, { deeds, rows }) => {
    const valid = requireDeedNumber(number, 'KM');
    const deed = await deeds.deathDeedByNumber.load(valid);
    if (deed) return deed;
    const withheld = rows.withheld(valid);
    if (withheld) throw withheld;
    return null;
  },

  deathRegistration: async (_root, { idempotencyKey }, { deaths }) => await deaths.status(idempotencyKey),
};
