import type { ResidentResolvers } from '../generated/resolvers-types';

/** "My requests": every application's, batched across every resident of the query level (one call per application). */
export const Resident: ResidentResolvers = {
  __resolveReference: ({ nik }) => ({ nik }),
  serviceRequests: async ({ nik }, _args, { loaders }) => await loaders.requestsByApplicant.load(nik),
};
