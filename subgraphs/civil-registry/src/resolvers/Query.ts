import type { QueryResolvers } from '../generated/resolvers-types';
import { requireDeedNumber } from '../validation';
import { withAnnotation, withBirthDeed, withMarriageDeed } from './Registrations';

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

  marriageDeed: async (_root, { number }, { deeds, rows }) => {
    const valid = requireDeedNumber(number, 'KW');
    const deed = await deeds.marriageDeedByNumber.load(valid);
    if (deed) return deed;
    const withheld = rows.withheld(valid);
    if (withheld) throw withheld;
    return null;
  },

  divorceDeed: async (_root, { number }, { deeds, rows }) => {
    const valid = requireDeedNumber(number, 'CR');
    const deed = await deeds.divorceDeedByNumber.load(valid);
    if (deed) return deed;
    const withheld = rows.withheld(valid);
    if (withheld) throw withheld;
    return null;
  },

  birthRegistration: async (_root, { idempotencyKey }, context) => {
    const view = await context.births.status(idempotencyKey);
    return view ? await withBirthDeed(view, context) : null;
  },

  marriageRegistration: async (_root, { idempotencyKey }, context) => {
    const view = await context.marriages.status(idempotencyKey);
    return view ? await withMarriageDeed(view, context) : null;
  },

  courtOrderedChangeRequest: async (_root, { idempotencyKey }, context) => {
    const view = await context.courtOrderedChanges.status(idempotencyKey);
    return view ? await withAnnotation(view, context) : null;
  },

  deathRegistration: async (_root, { idempotencyKey }, { deaths }) => await deaths.status(idempotencyKey),
};
