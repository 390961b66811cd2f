import type { MutationResolvers } from '../generated/resolvers-types';

export const Mutation: MutationResolvers = {
  submitServiceRequest: async (_root, { idempotencyKey, input }, { writes }) => await writes.submit(input, idempotencyKey),
  updateServiceRequestStatus: async (_root, { id, status, note }, { counter }) => await counter.updateStatus(id, status, note),
  fileSirenaBatch: async (_root, { idempotencyKey, input }, { writes }) => await writes.fileBatch(input, idempotencyKey),
};
