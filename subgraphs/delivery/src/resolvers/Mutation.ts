import type { MutationResolvers } from '../generated/resolvers-types';

export const Mutation: MutationResolvers = {
  requestCourier: async (_root, { idempotencyKey, input }, context) => await context.writes.request(input, idempotencyKey),
  cancelCourier: async (_root, { id, reason }, context) => await context.writes.cancel(id, reason),
};
