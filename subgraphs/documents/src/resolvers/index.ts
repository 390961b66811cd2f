import type { Resolvers } from '../generated/resolvers-types';
import { DateScalar, DateTimeScalar } from '@core/graphql/scalars';
import { ArchivedDocument, Resident } from './Archive';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { DocumentSignature, Signer, VerifiedDocument } from './Signatures';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Resident,
  ArchivedDocument,
  DocumentSignature,
  VerifiedDocument,
  Signer,
  Date: DateScalar,
  DateTime: DateTimeScalar,
};
