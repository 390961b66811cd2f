import { todayIn } from '@core/tenants';
import type { RequestFulfilmentResolvers, ServiceRequestResolvers, ServiceRequestSubmissionResolvers, SirenaItemOutcomeResolvers } from '../generated/resolvers-types';
import { parseRequestId, requestId } from '../ids';
import { historyOf } from '../history';
import { ANTRIAN } from '../sources/antrian';
import { dueAtOf, isOverdue } from '../standards';

export const ServiceRequest: ServiceRequestResolvers = {
  // Another subgraph's reference: read from the application that holds it, row-checked and audited.
  __resolveReference: async ({ id }, { loaders }) => await loaders.requestByRef.load(parseRequestId(id)),
  id: (r) => requestId(r.app, r.localId),
  application: (r) => r.app,
  applicant: (r) => (r.applicantNik ? { nik: r.applicantNik } : null),
  dueAt: (r, _args, { routing }) => dueAtOf(routing, r),
  overdue: (r, _args, { routing, tenant }) => isOverdue(routing, r, todayIn(tenant.timeZone)),
  fulfilment: async (r, _args, { fulfilment }) => await fulfilment.of(r),
  history: async (r, _args, { loaders, fulfilment }) => await historyOf(r, loaders, await fulfilment.of(r)),
  appointment: async (r, _args, { loaders }) => (r.appointment ? await loaders.requestByRef.load({ app: ANTRIAN, localId: r.appointment }) : null),
};

export const ServiceRequestSubmission: ServiceRequestSubmissionResolvers = {
  request: async (s, _args, { loaders }) => (s.localId ? await loaders.requestByRef.load({ app: s.application, localId: s.localId }) : null),
};

export const SirenaItemOutcome: SirenaItemOutcomeResolvers = {
  request: async (item, _args, { loaders }) => await loaders.requestByRef.load({ app: 'sirena', localId: item.requestId }),
};

export const RequestFulfilment: RequestFulfilmentResolvers = {
  cardPrintStatus: (f) => f.cardPrintJob?.status ?? null,
};
