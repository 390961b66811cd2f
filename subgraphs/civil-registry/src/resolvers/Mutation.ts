import type { MutationResolvers } from '../generated/resolvers-types';

export const Mutation: MutationResolvers = {
  registerDeath: async (_root, { idempotencyKey, input }, { deaths }) => await deaths.register(input, idempotencyKey),
};
