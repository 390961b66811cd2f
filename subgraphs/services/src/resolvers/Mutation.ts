import type { MutationResolvers } from '../generated/resolvers-types';
import { complaintMutations } from './Complaint';

export const Mutation: MutationResolvers = {
  submitServiceRequest: async (_root, { idempotencyKey, input }, { writes }) => await writes.submit(input, idempotencyKey),
  updateServiceRequestStatus: async (_root, { id, status, note }, { counter }) => await counter.updateStatus(id, status, note),
  bookAppointment: async (_root, { idempotencyKey, input }, { appointments }) => await appointments.book(input, idempotencyKey),
  checkInAppointment: async (_root, { id, counter }, { appointments }) => await appointments.checkIn(id, counter),
  cancelAppointment: async (_root, { id }, { appointments }) => await appointments.cancel(id),
  requestKioskPin: async (_root, { idempotencyKey, input }, { kiosk }) => await kiosk.requestPin(input, idempotencyKey),
  withdrawKioskPin: async (_root, { id }, { kiosk }) => await kiosk.withdrawPin(id),
  redeemKioskPin: async (_root, { pin }, { kiosk }) => await kiosk.redeemPin(pin),
  fileSirenaBatch: async (_root, { idempotencyKey, input }, { writes }) => await writes.fileBatch(input, idempotencyKey),
  ...complaintMutations,
};
