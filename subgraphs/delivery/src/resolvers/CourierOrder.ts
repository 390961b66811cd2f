import { officeTime } from '../context';
import type { CourierJobResolvers, CourierOrderPlacementResolvers, CourierOrderResolvers, CourierQuoteResolvers, CourierStatusChangeResolvers, ProofOfDeliveryResolvers, ResidentNoticeResolvers, ServiceRequestResolvers } from '../generated/resolvers-types';
import { residentEnd } from '../orders';

export const CourierOrder: CourierOrderResolvers = {
  id: (order) => order.reference,
  partnerOrderNumber: (order) => order.partnerOrderId,
  serviceRequest: (order) => ({ id: order.serviceRequestId }),
  requestedAt: (order, _args, context) => officeTime(order.createdAt, context.timeZone)!,
  updatedAt: (order, _args, context) => officeTime(order.updatedAt, context.timeZone)!,
  // The proof carries the order it belongs to, for the handover check.
  proof: (order) => (order.proof ? { ...order.proof, order } : null),
  timeline: async (order, _args, context) => await context.orders.timeline(order.reference),
};

export const ProofOfDelivery: ProofOfDeliveryResolvers = {
  position: (proof) => proof.location,
  at: (proof, _args, context) => officeTime(proof.at, context.timeZone),
  receiverCheck: async (proof, _args, context) => await context.orders.receiverCheck(proof.order),
};

export const CourierOrderPlacement: CourierOrderPlacementResolvers = {
  order: async (placement, _args, context) => {
    const order = await context.orders.byId(placement.reference);
    if (!order) throw new Error('a placed courier order is missing from the delivery database');
    return order;
  },
};

/** A courier's job: the resident's end of it, nothing else of the order. */
export const CourierJob: CourierJobResolvers = {
  id: (order) => order.reference,
  address: (order) => residentEnd(order).address,
  contactName: (order) => residentEnd(order).contactName,
  contactPhone: (order) => residentEnd(order).contactPhone,
};

export const ServiceRequest: ServiceRequestResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  courierOrders: async (ref, _args, context) => await context.orders.ofServiceRequest(ref.id),
  notifications: async (ref, _args, context) => await context.notices.ofServiceRequest(ref.id),
};

/** A notice: a courier order's change has its partner event id ('ojol:…', notifications/courier.ts). */
export const ResidentNotice: ResidentNoticeResolvers = {
  subject: (notice) => (notice.eventId.startsWith('ojol:') ? 'COURIER_ORDER' : 'SERVICE_REQUEST'),
  status: (notice) => notice.requestStatus,
  state: (notice) => notice.state,
  at: (notice, _args, context) => officeTime(new Date(notice.createdAt).toISOString(), context.timeZone)!,
};

export const CourierQuote: CourierQuoteResolvers = {
  validUntil: (quote, _args, context) => officeTime(quote.validUntil, context.timeZone)!,
};

export const CourierStatusChange: CourierStatusChangeResolvers = {
  at: (step, _args, context) => officeTime(step.at, context.timeZone),
};
