import { COMPLAINT_CATEGORIES, type Complaint, type ComplaintCategory, type ComplaintStatus, type PengaduanPort } from '@adapters/pengaduan';
import type { SiakPort } from '@adapters/siak';
import { recordAccess, type AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import type { ServicePoint, ServicePointKind } from '@core/domain/services';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { checkIdempotencyKey, type MutationStatus, type OutboxMutations, pendingErrorCode } from '@core/outbox';
import type { Tenant } from '@core/tenants';
import { requireNik } from '@core/validation';
import { parseRequestId } from '../ids';
import type { ServicesLoaders } from '../loaders';
import type { RequestRows } from '../row-access';
import type { ServiceRouting } from '../routing/routing';
import { ownStatus, principalIdOf, stateOf } from '../submissions';
import { optionalPhone, optionalText } from '../validation';
import { clientReference } from '../writers';
import { complaintWithheld, rowSubjectOf } from './access';
import { FILE_COMPLAINT, PENGADUAN, type ComplaintFilingPayload, type FiledComplaint } from './delivery';
import { requireConcerns } from './filter';
import type { ComplaintLoaders } from './loaders';

/**
 * Filing a complaint and answering one.
 *
 * fileComplaint goes through the outbox: recorded durably first, then written into the desk; while
 * the desk is down the complaint is kept (PENDING) and delivered once when it returns. A resident
 * complaining can wait for the ticket number (they follow it with complaintFiling), and nothing
 * they said is lost to an outage.
 *
 * respondToComplaint is synchronous: the officer needs the desk's verdict now (a status change its
 * rules refuse is CONFLICT STATUS_CHANGE_NOT_ALLOWED at once, not a FAILED delivery found later),
 * and the desk down is LEGACY_UNAVAILABLE. The desk keeps each answer's reference (from the
 * caller, their tenant and their idempotency key), so a retry with the same key records nothing twice.
 */
export const FILE_OPERATION = 'fileComplaint';
export const RESPOND_OPERATION = 'respondToComplaint';
const TICKET = /^ADU-\d{6}-\d{5}$/;

export interface FileComplaintInput {
  complainantNik?: string | null;
  category: ComplaintCategory;
  subject?: string | null;
  text: string;
  concerns?: { kind: ServicePointKind; id?: string | null } | null;
  serviceRequestId?: string | null;
  phone?: string | null;
}

export interface RespondInput {
  answer?: string | null;
  status?: ComplaintStatus | null;
}

/** fileComplaint's and complaintFiling's answer; the complaint is read from the desk once it holds it. */
export interface ComplaintFilingView {
  idempotencyKey: string;
  replayed: boolean;
  state: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  errorCode: string | null;
  ticketNumber: string | null;
}

export interface ComplaintWrites {
  file(input: FileComplaintInput, key: string): Promise<ComplaintFilingView>;
  filing(key: string): Promise<ComplaintFilingView | null>;
  respond(ticketNumber: string, key: string, input: RespondInput): Promise<Complaint>;
}

export interface ComplaintWriteDeps {
  port: PengaduanPort;
  mutations: OutboxMutations;
  audit: AuditWriter;
  siak: SiakPort;
}

export function filingView(status: MutationStatus, replayed: boolean): ComplaintFilingView {
  const message = status.messages[0];
  return {
    idempotencyKey: status.idempotencyKey, replayed, state: stateOf(message), attempts: message?.attempts ?? 0, errorCode: pendingErrorCode(message),
    ticketNumber: message?.state === 'DELIVERED' ? ((message.result as FiledComplaint | null)?.ticketNumber ?? null) : null,
  };
}

/** 10 to 2000 characters (the desk's own limits), line breaks kept. */
function requireComplaintText(value: string): string {
  const text = value.trim();
  if (text.length < 10 || text.length > 2000) throw badUserInput('input.text', 'INVALID_LENGTH', 'A complaint is 10 to 2000 characters.');
  return text;
}

/** The desk's user name for the officer: letters, digits . _ - (it keeps 30 characters). */
function officerOf(request: RequestContext): string {
  return (principalIdOf(request) ?? 'GERBANG').replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 30);
}

const hasScope = (request: RequestContext, scope: string) => request.principal.kind !== 'anonymous' && (request.principal.scopes ?? []).includes(scope);

export function complaintWrites(deps: ComplaintWriteDeps, complaints: ComplaintLoaders, requests: ServicesLoaders, rows: RequestRows, request: RequestContext, tenant: Tenant, routing: ServiceRouting, deadline: Deadline): ComplaintWrites {
  /** The service request the complaint names: one the caller may see, by its API id; its receipt number goes to the desk. */
  async function namedRequest(id: string): Promise<string> {
    const ref = parseRequestId(id, 'input.serviceRequestId');
    const found = await requests.requestByRef.load(ref);
    if (!found) throw rows.withheld(`${ref.app}:${ref.localId}`) ?? new GerbangError(ErrorCode.NOT_FOUND, 'There is no such service request.', { argument: 'input.serviceRequestId', reason: 'UNKNOWN_REQUEST' });
    if (!found.registrationNumber) throw badUserInput('input.serviceRequestId', 'NO_REGISTRATION_NUMBER', 'This request has no number the complaints desk could file it under.');
    return found.registrationNumber;
  }

  return {
    async file(input, key) {
      checkIdempotencyKey(key);
      const outcome = await deps.mutations.run({ tenant: tenant.id, principalId: principalIdOf(request), key, operation: FILE_OPERATION, input }, async () => {
        if (!COMPLAINT_CATEGORIES.includes(input.category)) throw badUserInput('input.category', 'UNKNOWN_CATEGORY', 'Unknown complaint category.');
        const text = requireComplaintText(input.text);
        const subject = optionalText(input.subject, 'input.subject', 100);
        const phone = optionalPhone(input.phone);
        let concerns: ServicePoint | null = null;
        if (input.concerns) concerns = requireConcerns(input.concerns, tenant, routing, 'input.concerns');
        rows.guard();
        // A resident by the row rules' own reckoning (staff scopes come first there).
        const ownNik = request.principal.kind === 'user' ? request.principal.nik : undefined;
        const asResident = ownNik ? rows.residentMayApplyFor(ownNik, deadline) : undefined;
        const own = asResident && (await asResident) ? ownNik : undefined;
        let complainantNik: string;
        if (own) {
          // Residents complain for themselves, online; a complaint for someone else is made at a counter.
          complainantNik = input.complainantNik ? requireNik(input.complainantNik, 'input.complainantNik') : own;
          if (complainantNik !== own) throw new GerbangError(ErrorCode.FORBIDDEN, 'You may file complaints only about yourself.', { reason: 'NOT_YOURSELF' });
        } else {
          if (!input.complainantNik) throw badUserInput('input.complainantNik', 'REQUIRED', 'Give the NIK of the resident who complains.');
          complainantNik = requireNik(input.complainantNik, 'input.complainantNik');
        }
        const resident = (await deps.siak.residentsByNik([complainantNik], deadline)).get(complainantNik);
        if (!resident) throw badUserInput('input.complainantNik', 'UNKNOWN_RESIDENT', 'No resident with this NIK is in the civil register.');
        const serviceRequestNumber = input.serviceRequestId ? await namedRequest(input.serviceRequestId) : null;
        // Staff file at their counter what they may then see: the complaint lies within their region.
        if (!own) {
          const [inReach] = await rows.visible([rowSubjectOf({ complainantNik, concerns }, tenant.regencyCode)], deadline);
          if (!inReach) throw rows.outside();
        }
        await recordAccess(deps.audit, request, { operation: `services.${FILE_OPERATION}`, access: 'write', niks: [complainantNik] });
        const payload: ComplaintFilingPayload = {
          reference: clientReference('CP', tenant.id, key),
          complainantNik,
          complainantName: resident.name.slice(0, 60),
          phone: phone ?? null,
          source: own ? 'WEB' : 'COUNTER',
          category: input.category,
          concerns,
          serviceRequestNumber,
          subject: subject ?? null,
          text,
        };
        return { result: { reference: payload.reference }, messages: [{ target: PENGADUAN, operation: FILE_COMPLAINT, payload }] };
      }, deadline);
      return filingView(outcome.status, outcome.replayed);
    },

    async filing(key) {
      checkIdempotencyKey(key);
      const status = ownStatus(await deps.mutations.status(tenant.id, key), FILE_OPERATION, request);
      return status ? filingView(status, true) : null;
    },

    async respond(ticketNumber, key, input) {
      checkIdempotencyKey(key);
      if (!TICKET.test(ticketNumber)) throw badUserInput('ticketNumber', 'INVALID_TICKET', 'A ticket number like ADU-202611-00017.');
      const answer = input.answer?.trim() || null;
      if (answer && answer.length > 2000) throw badUserInput('input.answer', 'TOO_LONG', 'An answer is at most 2000 characters.');
      if (!answer && !input.status) throw badUserInput('input', 'EMPTY_RESPONSE', 'Give an answer, a status, or both.');
      rows.guard();
      // The desk's officers answer; a resident follows the answer, they do not write it.
      if (!hasScope(request, 'services:work')) throw new GerbangError(ErrorCode.FORBIDDEN, 'Only the complaints desk\'s officers answer complaints.', { reason: 'NOT_THE_DESK' });
      const current = await complaints.byTicket.load(ticketNumber);
      if (!current) throw complaints.wasWithheld(ticketNumber) ? complaintWithheld(rows) : new GerbangError(ErrorCode.NOT_FOUND, 'No complaint has this ticket number.', { argument: 'ticketNumber', reason: 'UNKNOWN_COMPLAINT' });
      await recordAccess(deps.audit, request, { operation: `services.${RESPOND_OPERATION}`, access: 'write', niks: [current.complainantNik] });
      const reference = clientReference('CR', `${tenant.id}\u0000${principalIdOf(request) ?? ''}`, key);
      const updated = await deps.port.respond(ticketNumber, { reference, officer: officerOf(request), text: answer, status: input.status ?? null }, deadline);
      complaints.byTicket.clear(ticketNumber).prime(ticketNumber, updated);
      return updated;
    },
  };
}
