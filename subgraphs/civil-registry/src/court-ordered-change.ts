import type { AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { checkIdempotencyKey, type MutationStatus, type OutboxMutations } from '@core/outbox';
import { todayIn, type Tenant } from '@core/tenants';
import { requireNik } from '@core/validation';
import type { CapilPerubahanPort, ChangeRequest, ChangeRequestOutcome, CourtOrderedChange, RejectionReason } from '@adapters/capil-perubahan';
import type { SiakPort } from '@adapters/siak';
import { auditWrite, clientReference, deliveredResult, deliveriesOf, principalIdOf, type DeliveryView } from './registrations';
import type { DeedRows } from './row-access';
import { requireCourtOrderNumber, requireLatin, requireName, requirePastDate } from './validation';

/**
 * fileCourtOrderedChange: the request is recorded with its key and handed to capil-perubahan
 * through the outbox (a file dropped in its inbox; the adapter drops it only once per reference).
 * The application works in batches, so the answer is PENDING until its job has run; the request is
 * then followed by its key, asking the application where it stands (ACCEPTED with the annotation,
 * or REJECTED with the job's reason).
 */
export const COURT_ORDERED_CHANGE = 'fileCourtOrderedChange';
const TARGET = 'capil-perubahan';

export interface FileCourtOrderedChangeInput {
  nik: string;
  change: CourtOrderedChange;
  courtOrder: { number: string; court: string; date: string };
  newName?: string | null;
  fatherNik?: string | null;
  fatherName?: string | null;
}

export interface CourtOrderedChangeRequestView {
  idempotencyKey: string;
  reference: string;
  replayed: boolean;
  state: 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'FAILED';
  rejectionReason: RejectionReason | null;
  processedOn: string | null;
  deliveries: DeliveryView[];
  /** The resident the change is about (the annotation is looked up among theirs). */
  nik: string;
  annotationNumber: string | null;
}

export interface CourtOrderedChangeWrites {
  file(input: FileCourtOrderedChangeInput, idempotencyKey: string): Promise<CourtOrderedChangeRequestView>;
  /** Where the request stands now (asking the application); null when there is none the caller may follow. */
  status(idempotencyKey: string): Promise<CourtOrderedChangeRequestView | null>;
}

export interface CourtOrderedChangeDeps {
  siak: SiakPort;
  capilPerubahan: CapilPerubahanPort;
  mutations: OutboxMutations;
  audit: AuditWriter;
}

/** What is recorded as the mutation's result: the reference, and whom it is about (for who may follow it). */
interface Filed {
  reference: string;
  nik: string;
  kelurahanCode: string;
}

function viewOf(status: MutationStatus, replayed: boolean, outcome: ChangeRequestOutcome | undefined): CourtOrderedChangeRequestView {
  const filed = status.result as Filed;
  const base = { idempotencyKey: status.idempotencyKey, reference: filed.reference, replayed, deliveries: deliveriesOf(status), nik: filed.nik };
  if (status.delivery === 'FAILED') return { ...base, state: 'FAILED', rejectionReason: null, processedOn: null, annotationNumber: null };
  switch (outcome?.state) {
    case 'ACCEPTED':
      return { ...base, state: 'ACCEPTED', rejectionReason: null, processedOn: outcome.processedOn, annotationNumber: outcome.annotationNumber };
    case 'REJECTED':
      return { ...base, state: 'REJECTED', rejectionReason: outcome.reason, processedOn: outcome.processedOn, annotationNumber: null };
    default:
      return { ...base, state: 'PENDING', rejectionReason: null, processedOn: null, annotationNumber: null };
  }
}

export function courtOrderedChangeWrites(deps: CourtOrderedChangeDeps, request: RequestContext, tenant: Tenant, rows: DeedRows, deadline: Deadline): CourtOrderedChangeWrites {
  const principalId = principalIdOf(request);
  return {
    async file(input, idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const outcome = await deps.mutations.run(
        { tenant: tenant.id, principalId, key: idempotencyKey, operation: COURT_ORDERED_CHANGE, input },
        async () => {
          const today = todayIn(tenant.timeZone);
          const nik = requireNik(input.nik, 'input.nik');
          const courtOrder = {
            number: requireCourtOrderNumber(input.courtOrder.number, 'input.courtOrder.number'),
            court: requireLatin(requireName(input.courtOrder.court, 'input.courtOrder.court'), 'input.courtOrder.court'),
            date: requirePastDate(input.courtOrder.date, 'input.courtOrder.date', today),
          };
          const naming = input.change === 'NAME_CHANGE';
          if (naming && !input.newName) throw badUserInput('input.newName', 'MISSING_NEW_NAME', 'A name change needs the new name.');
          if (!naming && !input.fatherName) throw badUserInput('input.fatherName', 'MISSING_FATHER_NAME', 'A recognition or legitimation names the father.');
          if (naming && (input.fatherName || input.fatherNik)) throw badUserInput('input.fatherName', 'NOT_FOR_THIS_CHANGE', 'A name change names no father.');
          if (!naming && input.newName) throw badUserInput('input.newName', 'NOT_FOR_THIS_CHANGE', 'Only a name change gives a new name.');
          const newName = input.newName ? requireLatin(requireName(input.newName, 'input.newName'), 'input.newName') : undefined;
          const fatherName = input.fatherName ? requireLatin(requireName(input.fatherName, 'input.fatherName'), 'input.fatherName') : undefined;
          const fatherNik = input.fatherNik ? requireNik(input.fatherNik, 'input.fatherNik') : undefined;
          if (fatherNik === nik) throw badUserInput('input.fatherNik', 'SAME_PERSON', 'The father cannot be the child.');
          rows.guard();
          const person = (await deps.siak.residentsByNik([nik], deadline)).get(nik);
          if (!person) throw badUserInput('input.nik', 'UNKNOWN_NIK', 'No resident with this NIK is registered.');
          if (!(await rows.mayRead({ niks: [nik], kelurahanCode: person.kelurahanCode }, deadline))) {
            throw new GerbangError(ErrorCode.FORBIDDEN, 'This resident is registered outside the region you serve.', { reason: 'OUTSIDE_YOUR_REGION' });
          }
          if (person.birthDate && courtOrder.date < person.birthDate) throw badUserInput('input.courtOrder.date', 'BEFORE_BIRTH', 'The court order is dated before the resident\'s birth.');
          if (naming && newName === person.name) throw badUserInput('input.newName', 'SAME_NAME', 'The new name is the name SIAK already records.');
          await auditWrite(deps.audit, request, COURT_ORDERED_CHANGE, [nik, fatherNik ?? null], 'court-ordered change');
          const reference = clientReference('CP', tenant.id, idempotencyKey);
          const change: ChangeRequest = {
            reference, nik, change: input.change, courtOrder,
            ...(naming ? { previousName: person.name, newName } : { fatherNik, fatherName }),
          };
          const result: Filed = { reference, nik, kelurahanCode: person.kelurahanCode };
          return { result, messages: [{ target: TARGET, operation: 'submitChangeRequest', payload: change }] };
        },
        deadline,
      );
      return viewOf(outcome.status, outcome.replayed, deliveredResult<ChangeRequestOutcome>(outcome.status, TARGET));
    },

    async status(idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const status = await deps.mutations.status(tenant.id, idempotencyKey);
      if (!status || status.operation !== COURT_ORDERED_CHANGE || status.state !== 'COMPLETED') return null;
      // Its author follows it; other staff of the tenant only for residents within their reach.
      if (status.principalId !== principalId) {
        rows.guard();
        const filed = status.result as Filed;
        if (!(await rows.mayRead({ niks: [filed.nik], kelurahanCode: filed.kelurahanCode }, deadline))) return null;
      }
      const handedOver = deliveredResult<ChangeRequestOutcome>(status, TARGET);
      // Handed over: the application says where it stands now (its batch job may have run since).
      const now = handedOver ? (await deps.capilPerubahan.changeRequestOutcomes([handedOver.reference], deadline)).get(handedOver.reference) : undefined;
      return viewOf(status, true, now ?? handedOver);
    },
  };
}
