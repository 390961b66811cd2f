import type { Resolvers } from '../generated/resolvers-types';
import { Family } from './Family';
import { Query } from './Query';
import { Resident } from './Resident';
import { DateScalar, DateTimeScalar } from '@core/graphql/scalars';

export const resolvers: Resolvers = {
  Query,
  Resident,
  Family,
  Date: DateScalar,
  DateTime: DateTimeScalar,
};
