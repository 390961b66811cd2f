import type { MutationResolvers } from '../generated/resolvers-types';
import { withSignature } from './Signatures';

export const Mutation: MutationResolvers = {
  signDocument: async (_root, { idempotencyKey, input }, context) => await withSignature(await context.signatures.sign(input, idempotencyKey), context),
  revokeSignature: async (_root, { idempotencyKey, input }, context) => await withSignature(await context.signatures.revoke(input, idempotencyKey), context),
};
