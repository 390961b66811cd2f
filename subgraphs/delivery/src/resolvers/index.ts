import type { Resolvers } from '../generated/resolvers-types';
import { DateScalar, DateTimeScalar } from '@core/graphql/scalars';
import { CourierJob, CourierOrder, CourierOrderPlacement, CourierQuote, CourierStatusChange, ProofOfDelivery, ResidentNotice, ServiceRequest } from './CourierOrder';
import { Mutation } from './Mutation';
import { Query } from './Query';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  ServiceRequest,
  CourierOrder,
  CourierOrderPlacement,
  CourierJob,
  ProofOfDelivery,
  CourierQuote,
  CourierStatusChange,
  ResidentNotice,
  Date: DateScalar,
  DateTime: DateTimeScalar,
};
