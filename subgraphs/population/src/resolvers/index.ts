import type { Resolvers } from '../generated/resolvers-types';
import { ChildIdCard } from './ChildIdCard';
import { Family } from './Family';
import { IdentityCard } from './IdentityCard';
import { Mutation } from './Mutation';
import { PersonalDataAccess } from './PersonalDataAccess';
import { Query } from './Query';
import { Resident } from './Resident';
import { DateScalar, DateTimeScalar } from '@core/graphql/scalars';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  IdentityCard,
  ChildIdCard,
  PersonalDataAccess,
  Resident,
  Family,
  Date: DateScalar,
  DateTime: DateTimeScalar,
};
