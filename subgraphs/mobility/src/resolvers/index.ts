import type { Resolvers } from '../generated/resolvers-types';
import { DateScalar, DateTimeScalar } from '@core/graphql/scalars';
import { Arrival, ForeignResident, ForeignerAddress, MoveOutLetter, MoveOutRequest, MovePlace } from './Moves';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { Resident } from './Resident';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Resident,
  MoveOutLetter,
  MovePlace,
  Arrival,
  MoveOutRequest,
  ForeignResident,
  ForeignerAddress,
  Date: DateScalar,
  DateTime: DateTimeScalar,
};
