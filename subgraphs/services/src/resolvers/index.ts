import type { Resolvers } from '../generated/resolvers-types';
import { DateScalar, DateTimeScalar } from '@core/graphql/scalars';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { Resident } from './Resident';
import { ServiceRequest, ServiceRequestSubmission, SirenaItemOutcome } from './ServiceRequest';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Resident,
  ServiceRequest,
  ServiceRequestSubmission,
  SirenaItemOutcome,
  Date: DateScalar,
  DateTime: DateTimeScalar,
};
