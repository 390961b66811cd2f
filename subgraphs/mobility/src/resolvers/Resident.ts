import type { ResidentResolvers } from '../generated/resolvers-types';

/** A resident's moves, each application batched across every resident of the query level. */
export const Resident: ResidentResolvers = {
  __resolveReference: ({ nik }) => ({ nik }),
  moveOutLetters: async ({ nik }, _args, { loaders }) => await loaders.moveOutLettersByNik.load(nik),
  arrivals: async ({ nik }, _args, { loaders }) => await loaders.arrivalsByNik.load(nik),
};
