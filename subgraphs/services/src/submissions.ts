import { auditEntryFrom, type AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import type { Channel, ServiceKind, ServicePointKind } from '@core/domain/services';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { checkIdempotencyKey, type MutationStatus, type OutboxMessage, type OutboxMutations, pendingErrorCode } from '@core/outbox';
import { todayIn, type Tenant } from '@core/tenants';
import { requireKk, requireNik } from '@core/validation';
import type { LegalisedDocument, LegalisirPort } from '@adapters/legalisir';
import type { ArsipPort } from '@adapters/arsip';
import type { SiakPort } from '@adapters/siak';
import { checkAttachments } from './attachments';
import type { SirenaBatchView, SubmissionView } from './context';
import type { ServiceRouting } from './routing/routing';
import type { RequestRows } from './row-access';
import { KECAMATAN } from './sources/kecamatan';
import { LEGALISIR } from './sources/legalisir';
import { SIRENA } from './sources/sirena';
import { optionalPhone, optionalText, requireAttachments, requireServicePoint, type AttachmentInput } from './validation';
import { FILE_BATCH, SUBMIT, WRITABLE_APPS, clientReference, type CounterFiling, type FiledResult, type LegalisationFiling, type OutreachFiling, type PortalSubmission, type SirenaFiling, type SubmittedResult } from './writers';
import { counterStaffNipOf, requireLegalisation, refuseESigned, type LegalisationInput } from './legalisation';
import { newbornOf, type NewbornInput } from './newborn';
import { outreachVisit, type OutreachInput } from './outreach';
import { JEMPUT_BOLA } from './sources/jemput-bola';

/**
 * submitServiceRequest and fileSirenaBatch: checked, routed by the tenant's rules, recorded durably
 * with the write to the application (core/outbox), delivered at once or, while the application is
 * down, later and once. A repeat with the same key answers the first result and writes nothing.
 */
export const SUBMIT_OPERATION = 'submitServiceRequest';
export const BATCH_OPERATION = 'fileSirenaBatch';
const MAX_ITEMS = 200;

export interface SubmitInput {
  service: ServiceKind;
  channel: Channel;
  servicePoint: { kind: ServicePointKind; id?: string | null };
  applicantNik: string;
  attachments?: AttachmentInput[] | null;
  phone?: string | null;
  note?: string | null;
  subjectNik?: string | null;
  subjectName?: string | null;
  familyCardNumber?: string | null;
  eventDate?: string | null;
  /** Legalisation: the document whose copies are stamped. */
  legalisation?: LegalisationInput | null;
  /** An outreach visit (jemput-bola): why, when and where the team comes (outreach.ts). */
  outreach?: OutreachInput | null;
}

export interface SirenaItemInput {
  service: ServiceKind;
  applicantNik: string;
  subjectNik?: string | null;
  subjectName?: string | null;
  familyCardNumber?: string | null;
  eventDate?: string | null;
  note?: string | null;
  /** A newborn's sex and place of birth (birth registration, or a KK change adding the child): see newborn.ts. */
  newborn?: NewbornInput | null;
}

export interface ServicesWrites {
  submit(input: SubmitInput, key: string): Promise<SubmissionView>;
  submission(key: string): Promise<SubmissionView | null>;
  fileBatch(input: { kelurahanCode: string; items: SirenaItemInput[] }, key: string): Promise<SirenaBatchView>;
  batch(key: string): Promise<SirenaBatchView | null>;
}

export interface WriteDeps {
  mutations: OutboxMutations;
  audit: AuditWriter;
  siak: SiakPort;
  /** Where attachments are looked up before a request naming them is recorded. */
  arsip: ArsipPort;
  /** For the app's own e-signature check before a legalisation is recorded. */
  legalisir?: LegalisirPort;
}

export const stateOf = (m: OutboxMessage | undefined) => (!m || m.state === 'PENDING' ? 'PENDING' : m.state === 'DELIVERED' ? 'DELIVERED' : 'FAILED');
export const principalIdOf = (request: RequestContext) => (request.principal.kind === 'anonymous' ? null : request.principal.id);

export function ownStatus(status: MutationStatus | undefined, operation: string, request: RequestContext): MutationStatus | undefined {
  if (!status || status.operation !== operation || status.state !== 'COMPLETED') return undefined;
  return status.principalId === principalIdOf(request) ? status : undefined;
}

export function submissionView(status: MutationStatus, replayed: boolean): SubmissionView {
  const message = status.messages[0];
  const app = (status.result as { app: string }).app;
  return {
    idempotencyKey: status.idempotencyKey, replayed, application: app, state: stateOf(message), attempts: message?.attempts ?? 0, errorCode: pendingErrorCode(message),
    localId: message?.state === 'DELIVERED' ? ((message.result as SubmittedResult | null)?.localId ?? null) : null,
  };
}

export function batchView(status: MutationStatus, replayed: boolean): SirenaBatchView {
  const message = status.messages[0];
  const filed = message?.state === 'DELIVERED' ? (message.result as FiledResult) : null;
  return {
    idempotencyKey: status.idempotencyKey, replayed, state: stateOf(message), attempts: message?.attempts ?? 0, errorCode: pendingErrorCode(message),
    batchNumber: filed?.batchNumber ?? null,
    items: filed?.items ?? [],
  };
}

export function servicesWrites(deps: WriteDeps, request: RequestContext, tenant: Tenant, routing: ServiceRouting, rows: RequestRows, deadline: Deadline): ServicesWrites {
  // Sirena keeps the operator's user name (letters, digits . _ -, up to 30).
  const operator = (principalIdOf(request) ?? 'GERBANG').replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 30);
  const auditWrite = async (operation: string, niks: readonly string[]) => {
    await deps.audit.append(auditEntryFrom(request, { operation: `services.${operation}`, access: 'write', niks: [...new Set(niks)], purpose: request.purpose ?? null })).catch((error: unknown) => {
      throw new GerbangError(ErrorCode.AUDIT_UNAVAILABLE, 'The request cannot be recorded right now: the audit trail could not take it. Try again later.', { retryable: true }, { cause: error });
    });
  };
  /** The applicant as SIAK holds them: the counter apps write the name the register has. */
  const registered = async (nik: string) => {
    const resident = (await deps.siak.residentsByNik([nik], deadline)).get(nik);
    if (!resident) throw badUserInput('input.applicantNik', 'UNKNOWN_RESIDENT', 'No resident with this NIK is in the civil register.');
    return resident;
  };
  /** Where the request is made: a kecamatan, kelurahan or visit's own place; else where the applicant lives. */
  const placeOf = async (pointId: string | null, kind: ServicePointKind, nik: string): Promise<string | null> => {
    if (pointId && kind !== 'MALL_KIOSK') return pointId;
    return (await deps.siak.residentsByNik([nik], deadline)).get(nik)?.kelurahanCode ?? null;
  };

  return {
    async submit(input, key) {
      checkIdempotencyKey(key);
      const outcome = await deps.mutations.run({ tenant: tenant.id, principalId: principalIdOf(request), key, operation: SUBMIT_OPERATION, input }, async () => {
        const point = requireServicePoint(input.servicePoint, tenant, routing, 'input.servicePoint');
        const app = routing.route(input.service, input.channel, point.kind);
        if (!app) throw badUserInput('input', 'NOT_ROUTED', `${tenant.name} does not offer ${input.service} on the ${input.channel} channel at a ${point.kind} service point.`);
        if (!WRITABLE_APPS.has(app)) throw badUserInput('input', 'NOT_SUBMITTABLE_HERE', `Requests for ${app} are made in the application itself for now.`);
        if (input.outreach && app !== JEMPUT_BOLA) throw badUserInput('input.outreach', 'NOT_APPLICABLE', 'Only an outreach visit (OFFLINE at an OUTREACH service point) takes these details.');
        const applicantNik = requireNik(input.applicantNik, 'input.applicantNik');
        const note = optionalText(input.note, 'input.note', 255);
        const phone = optionalPhone(input.phone);
        const attachments = requireAttachments(input.attachments);
        rows.guard();
        const residentApplies = rows.residentMayApplyFor(applicantNik, deadline);
        if (residentApplies) {
          // Residents apply from home (online, or online with an ojol courier); counters are staff work.
          if (input.channel === 'OFFLINE') throw new GerbangError(ErrorCode.FORBIDDEN, 'Residents apply online; offline requests are made at the counter.', { reason: 'COUNTER_ONLY' });
          if (!(await residentApplies)) throw new GerbangError(ErrorCode.FORBIDDEN, 'You may apply only for yourself and your own family card.', { reason: 'NOT_YOUR_FAMILY' });
        } else if (!rows.mayWriteAt(await placeOf(point.id, point.kind, applicantNik))) throw rows.outside();
        const reference = clientReference('SR', tenant.id, key);
        let payload: PortalSubmission | SirenaFiling | CounterFiling | LegalisationFiling | OutreachFiling;
        if (app === SIRENA) {
          payload = { reference, kelurahanCode: point.id!, operator, items: [itemOf({ ...input, familyCardNumber: input.familyCardNumber }, 'input')] };
        } else if (app === KECAMATAN) {
          const resident = await registered(applicantNik);
          const familyCardNumber = input.familyCardNumber ? requireKk(input.familyCardNumber, 'input.familyCardNumber') : (resident.familyNumber ?? undefined);
          const nip = counterStaffNipOf(request);
          payload = {
            clientReference: reference, service: input.service as CounterFiling['service'], kecamatanCode: point.id!, applicantNik, applicantName: resident.name,
            ...(familyCardNumber ? { familyCardNumber } : {}), ...(nip ? { counterStaffNip: nip } : {}),
          };
        } else if (app === JEMPUT_BOLA) {
          payload = await outreachVisit(input, { reference, resident: () => registered(applicantNik), kelurahanCode: point.id!, phone, tenant, routing });
        } else if (app === LEGALISIR) {
          const document = requireLegalisation(input.legalisation);
          const resident = await registered(applicantNik);
          // The app's own check, before anything is recorded; while it is down, it checks again when it takes the request.
          if (deps.legalisir) await refuseESigned(deps.legalisir, document.kind as LegalisedDocument, document.issuedOn, deadline);
          payload = { clientReference: reference, channel: input.channel as LegalisationFiling['channel'], applicantNik, applicantName: resident.name, document: { kind: document.kind, number: document.number, issuedOn: document.issuedOn }, copies: document.copies };
        } else {
          await checkAttachments(deps, attachments, applicantNik, deadline);
          payload = { reference, applicantNik, service: input.service, courierDelivery: input.channel === 'OJOL', phone, note, attachments };
        }
        await auditWrite(SUBMIT_OPERATION, [applicantNik, ...(input.subjectNik ? [input.subjectNik] : [])]);
        return { result: { reference, app }, messages: [{ target: app, operation: SUBMIT, payload }] };
      }, deadline);
      return submissionView(outcome.status, outcome.replayed);
    },

    async submission(key) {
      checkIdempotencyKey(key);
      const status = ownStatus(await deps.mutations.status(tenant.id, key), SUBMIT_OPERATION, request);
      return status ? submissionView(status, true) : null;
    },

    async fileBatch(input, key) {
      checkIdempotencyKey(key);
      const outcome = await deps.mutations.run({ tenant: tenant.id, principalId: principalIdOf(request), key, operation: BATCH_OPERATION, input }, async () => {
        const point = requireServicePoint({ kind: 'KELURAHAN', id: input.kelurahanCode }, tenant, routing, 'input.kelurahanCode');
        if (input.items.length === 0 || input.items.length > MAX_ITEMS) throw badUserInput('input.items', 'OUT_OF_RANGE', `A batch holds 1 to ${MAX_ITEMS} items.`);
        // Routing decides whether Sirena takes these at all (Batang has no Sirena).
        for (const [i, item] of input.items.entries()) {
          if (routing.route(item.service, 'OFFLINE', 'KELURAHAN') !== SIRENA) throw badUserInput(`input.items.${i}.service`, 'NOT_ROUTED', `${tenant.name} does not take ${item.service} through Sirena.`);
        }
        rows.guard();
        if (!rows.mayWriteAt(point.id)) throw rows.outside();
        // Items are the app's to judge (a malformed one is rejected there with its reason, the rest go through).
        const today = todayIn(tenant.timeZone);
        const items = input.items.map((item, i) => ({ ...itemOf(item, `input.items.${i}`, false), ...newbornOf(item, `input.items.${i}`, today) }));
        const reference = clientReference('SB', tenant.id, key);
        await auditWrite(BATCH_OPERATION, items.flatMap((i) => [i.applicantNik, ...(i.subjectNik ? [i.subjectNik] : [])]).filter((n) => /^\d{16}$/.test(n)));
        const payload: SirenaFiling = { reference, kelurahanCode: point.id!, operator, items };
        return { result: { reference, app: SIRENA }, messages: [{ target: SIRENA, operation: FILE_BATCH, payload }] };
      }, deadline);
      return batchView(outcome.status, outcome.replayed);
    },

    async batch(key) {
      checkIdempotencyKey(key);
      const status = ownStatus(await deps.mutations.status(tenant.id, key), BATCH_OPERATION, request);
      return status ? batchView(status, true) : null;
    },
  };
}

/**
 * A Sirena item. A single submission is checked here (strict); a batch's items go as typed (only
 * what would not fit Sirena's columns is refused) so that Sirena's own check reports the bad ones.
 */
function itemOf(item: SirenaItemInput & { applicantNik: string }, argument: string, strict = true): SirenaFiling['items'][number] {
  const text = (v: string | null | undefined, name: string, max: number) => {
    const t = v?.trim();
    if (t && t.length > max) throw badUserInput(`${argument}.${name}`, 'TOO_LONG', `At most ${max} characters.`);
    return t || undefined;
  };
  return {
    serviceKind: item.service,
    applicantNik: strict ? requireNik(item.applicantNik, `${argument}.applicantNik`) : text(item.applicantNik, 'applicantNik', 20) ?? '',
    subjectNik: strict && item.subjectNik ? requireNik(item.subjectNik, `${argument}.subjectNik`) : text(item.subjectNik, 'subjectNik', 20),
    subjectName: text(item.subjectName, 'subjectName', 80),
    familyNumber: strict && item.familyCardNumber ? requireKk(item.familyCardNumber, `${argument}.familyCardNumber`) : text(item.familyCardNumber, 'familyCardNumber', 20),
    eventDate: text(item.eventDate, 'eventDate', 20),
    note: text(item.note, 'note', 255),
  };
}
