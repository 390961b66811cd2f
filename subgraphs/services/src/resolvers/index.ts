import type { Resolvers } from '../generated/resolvers-types';
import { DateScalar, DateTimeScalar } from '@core/graphql/scalars';
import { Complaint, ComplaintFiling, residentComplaints, serviceRequestComplaints } from './Complaint';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { Resident } from './Resident';
import { RequestFulfilment, ServiceRequest, ServiceRequestSubmission, SirenaItemOutcome } from './ServiceRequest';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Resident: { ...Resident, ...residentComplaints },
  ServiceRequest: { ...ServiceRequest, ...serviceRequestComplaints },
  RequestFulfilment,
  Complaint,
  ComplaintFiling,
  ServiceRequestSubmission,
  SirenaItemOutcome,
  Date: DateScalar,
  DateTime: DateTimeScalar,
};
