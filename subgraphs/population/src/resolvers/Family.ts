import type { FamilyResolvers } from '../generated/resolvers-types';
import { cardsFor } from '../identity-cards/loaders';

export const Family: FamilyResolvers = {
  __resolveReference: async ({ number }, { siak }) => await siak.familyByNumber.load(number),

  // The head is usually also among `members` in the same query; the loaders make that one statement.
  head: async (family, _args, { siak }) => (family.headNik ? await siak.residentByNik.load(family.headNik) : null),

  members: async (family, _args, { siak }) => await siak.membersByFamily.load(family.number),

  childIdCards: async (family, _args, { cards }) => await cardsFor(cards, 'kia').loaders.kia.kiaByFamily.load(family.number),
};
