import type { MutationResolvers } from '../generated/resolvers-types';
import { withAnnotation, withBirthDeed, withMarriageDeed } from './Registrations';

export const Mutation: MutationResolvers = {
  registerDeath: async (_root, { idempotencyKey, input }, { deaths }) => await deaths.register(input, idempotencyKey),
  registerBirth: async (_root, { idempotencyKey, input }, context) => await withBirthDeed(await context.births.register(input, idempotencyKey), context),
  registerMarriage: async (_root, { idempotencyKey, input }, context) => await withMarriageDeed(await context.marriages.register(input, idempotencyKey), context),
  fileCourtOrderedChange: async (_root, { idempotencyKey, input }, context) => await withAnnotation(await context.courtOrderedChanges.file(input, idempotencyKey), context),
};
