import type { QueryResolvers } from '../generated/resolvers-types';

export const Query: QueryResolvers = {
  courierOrder: async (_root, { id }, context) => await context.orders.byId(id),
  courierQuote: async (_root, { kind, location }, context) => await context.writes.quote(kind, location),
  courierJobs: async (_root, _args, context) => await context.orders.courierJobs(),
};
