import type { Resolvers } from '../generated/resolvers-types';
import { DateScalar, DateTimeScalar } from '@core/graphql/scalars';
import { CourtOrderedChange, DeathDeed, DeathRegistration, MarriageDeed } from './Deeds';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { Resident } from './Resident';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Resident,
  DeathDeed,
  MarriageDeed,
  CourtOrderedChange,
  DeathRegistration,
  Date: DateScalar,
  DateTime: DateTimeScalar,
};
