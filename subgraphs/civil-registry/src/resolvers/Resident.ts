import type { ResidentResolvers } from '../generated/resolvers-types';

/** A resident's deeds, each registry batched across every resident of the query level. */
export const Resident: ResidentResolvers = {
  __resolveReference: ({ nik }) => ({ nik }),
  birthDeed: async ({ nik }, _args, { deeds }) => await deeds.birthDeedByNik.load(nik),
  deathDeed: async ({ nik }, _args, { deeds }) => await deeds.deathDeedByNik.load(nik),
  marriageDeeds: async ({ nik }, _args, { deeds }) => await deeds.marriageDeedsByNik.load(nik),
  divorceDeeds: async ({ nik }, _args, { deeds }) => await deeds.divorceDeedsByNik.load(nik),
  courtOrderedChanges: async ({ nik }, _args, { deeds }) => await deeds.annotationsByNik.load(nik),
};
