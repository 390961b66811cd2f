import type { MutationResolvers } from '../generated/resolvers-types';

export const Mutation: MutationResolvers = {
  requestMoveOut: async (_root, { idempotencyKey, input }, { moveOut }) => await moveOut.request(input, idempotencyKey),
  moveWithinCity: async (_root, { idempotencyKey, input }, { moves }) => await moves.move(input, idempotencyKey),
  registerArrival: async (_root, { idempotencyKey, input }, { arrivals }) => await arrivals.register(input, idempotencyKey),
  registerForeigner: async (_root, { idempotencyKey, input }, { foreigners }) => await foreigners.register(input, idempotencyKey),
};
