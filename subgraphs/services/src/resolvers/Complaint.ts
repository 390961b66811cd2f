import { ErrorCode, GerbangError } from '@core/errors';
import type { ComplaintView } from '../complaints';
import { complaintWithheld } from '../complaints/access';
import type { ServicesContext } from '../context';
import type { ComplaintFilingResolvers, ComplaintResolvers, MutationResolvers, QueryResolvers, ResidentResolvers, ServiceRequestResolvers } from '../generated/resolvers-types';

/**
 * Complaints (src/complaints/): the root fields, the `Complaint` type, and the complaints of a
 * resident and of a service request, each batched per query level (one call to the desk per batch).
 */
export const complaintQueries: Pick<QueryResolvers, 'complaint' | 'complaints' | 'complaintCounts' | 'complaintFiling'> = {
  complaint: async (_root, { ticketNumber }, { complaints, rows }) => {
    // As residents type it from their receipt; a number the desk cannot have is simply not asked for.
    const ticket = ticketNumber.trim().toUpperCase();
    const found = await complaints.loaders.byTicket.load(ticket);
    if (found) return found;
    // Null means "no such complaint"; one outside the caller's reach is FORBIDDEN instead.
    if (complaints.loaders.wasWithheld(ticket)) throw complaintWithheld(rows);
    return null;
  },
  complaints: async (_root, { filter, first, after }, { complaints }) => await complaints.page(filter, first ?? 20, after ?? undefined),
  complaintCounts: async (_root, { filter }, { complaints }) => await complaints.counts(filter),
  complaintFiling: async (_root, { idempotencyKey }, { complaints }) => await complaints.writes.filing(idempotencyKey),
};

export const complaintMutations: Pick<MutationResolvers, 'fileComplaint' | 'respondToComplaint'> = {
  fileComplaint: async (_root, { idempotencyKey, input }, { complaints }) => await complaints.writes.file(input, idempotencyKey),
  respondToComplaint: async (_root, { ticketNumber, idempotencyKey, input }, { complaints }) => await complaints.writes.respond(ticketNumber.trim().toUpperCase(), idempotencyKey, input),
};

/** A worklist row carries no text, phone or history: the whole complaint is read (batched, row-checked, audited). */
async function whole(c: ComplaintView, { complaints }: ServicesContext) {
  if (c.history) return c as Required<ComplaintView>;
  const found = await complaints.loaders.byTicket.load(c.ticketNumber);
  if (!found) throw new GerbangError(ErrorCode.NOT_FOUND, 'This complaint is no longer at the desk.', { reason: 'UNKNOWN_COMPLAINT' });
  return found;
}

export const Complaint: ComplaintResolvers = {
  complainant: (c) => (c.complainantNik ? { nik: c.complainantNik } : null),
  text: async (c, _args, context) => (await whole(c, context)).text,
  phone: async (c, _args, context) => (await whole(c, context)).phone,
  history: async (c, _args, context) => (await whole(c, context)).history,
};

export const ComplaintFiling: ComplaintFilingResolvers = {
  complaint: async (f, _args, { complaints }) => (f.ticketNumber ? await complaints.loaders.byTicket.load(f.ticketNumber) : null),
};

export const residentComplaints: Pick<ResidentResolvers, 'complaints'> = {
  complaints: async ({ nik }, _args, { complaints }) => await complaints.loaders.ofComplainant.load(nik),
};

export const serviceRequestComplaints: Pick<ServiceRequestResolvers, 'complaints'> = {
  complaints: async (r, _args, { complaints }) => (r.registrationNumber ? await complaints.loaders.aboutRequest.load(r.registrationNumber) : []),
};
