import { createHash } from 'node:crypto';
import type { JemputBolaPort, VisitRequest } from '@adapters/jemput-bola';
import type { CounterSubmission, KecamatanPort } from '@adapters/kecamatan';
import type { LegalisationSubmission, LegalisirPort } from '@adapters/legalisir';
import type { BatchItem, SirenaPort } from '@adapters/sirena';
import type { AttachmentReference, PortalOnlinePort } from '@adapters/portal-online';
import type { ServiceKind } from '@core/domain/services';
import { GerbangError } from '@core/errors';
import { NotYetDeliverableError, PermanentDeliveryError, type OutboxDispatcher } from '@core/outbox';
import { JEMPUT_BOLA } from './sources/jemput-bola';
import { KECAMATAN } from './sources/kecamatan';
import { LEGALISIR } from './sources/legalisir';
import { PORTAL_ONLINE } from './sources/portal-online';
import { SIRENA } from './sources/sirena';

/**
 * What the services subgraph writes into the channel applications through its outbox, and how a
 * stored message becomes the application's own call. Each application checks its reference before
 * writing again (portal-online by ref_klien, Sirena, kecamatan and legalisir by their Gerbang
 * reference column, jemput-bola by the schedule line's id in its inbox and register), so a
 * redelivery never writes twice. A new writable application is one more payload type and one
 * more register call here.
 */
export const SUBMIT = 'submitRequest';
export const FILE_BATCH = 'fileBatch';

/** The reference an application keeps for a request: per tenant and idempotency key, short enough for every app (40). */
export function clientReference(kind: string, tenant: string, key: string): string {
  return `GB-${kind}-${createHash('sha256').update(`${tenant}\u0000${key}`).digest('hex').slice(0, 24)}`;
}

export interface PortalSubmission {
  reference: string;
  applicantNik: string;
  service: ServiceKind;
  courierDelivery: boolean;
  phone?: string;
  note?: string;
  attachments: AttachmentReference[];
}

export interface SirenaFiling {
  reference: string;
  kelurahanCode: string;
  operator: string;
  items: BatchItem[];
}

/** What a delivered submission keeps: the application's id of the request. */
export interface SubmittedResult {
  localId: string;
}

export interface FiledResult {
  batchNumber: string;
  items: Array<{ itemNumber: number; requestId: string; accepted: boolean; reason: string | null; message: string | null }>;
}

/** A kecamatan counter request as the app takes it (its own client reference inside). */
export type CounterFiling = CounterSubmission;
/** A legalisation request as the app takes it. */
export type LegalisationFiling = LegalisationSubmission;
/** An outreach visit as jemput-bola's schedule line carries it (its reference inside). */
export type OutreachFiling = VisitRequest;

export interface WritablePorts {
  portalOnline: PortalOnlinePort;
  sirena: SirenaPort;
  kecamatan?: KecamatanPort;
  legalisir?: LegalisirPort;
  jemputBola?: JemputBolaPort;
}

/** The applications a single submission can be written to now (the routing may name others later). */
export const WRITABLE_APPS: ReadonlySet<string> = new Set([PORTAL_ONLINE, SIRENA, KECAMATAN, LEGALISIR, JEMPUT_BOLA]);

/** The app's own refusal of an e-signed document is final: kept with its reason, not tried again. */
function refusedForGood(error: unknown): unknown {
  if (error instanceof GerbangError && error.extensions.reason === 'DOCUMENT_E_SIGNED') return new PermanentDeliveryError('DOCUMENT_E_SIGNED', error.message, { cause: error });
  return error;
}

export function registerServicesHandlers(dispatcher: OutboxDispatcher, ports: WritablePorts): OutboxDispatcher {
  dispatcher.register(PORTAL_ONLINE, SUBMIT, async (message, deadline): Promise<SubmittedResult> => {
    const p = message.payload as PortalSubmission;
    const { application } = await ports.portalOnline.submit(
      { clientReference: p.reference, applicantNik: p.applicantNik, serviceKind: p.service, courierDelivery: p.courierDelivery, phone: p.phone, note: p.note, attachments: p.attachments },
      deadline,
    );
    return { localId: application.registrationNumber };
  });
  const file = async (payload: SirenaFiling, deadline: Parameters<Parameters<OutboxDispatcher['register']>[2]>[1]): Promise<FiledResult> => {
    const filed = await ports.sirena.fileBatch({ clientReference: payload.reference, kelurahanCode: payload.kelurahanCode, operator: payload.operator, items: payload.items }, deadline);
    return {
      batchNumber: filed.batch.batchNumber,
      items: filed.items.map((i) => ({ itemNumber: i.itemNumber, requestId: i.requestId, accepted: i.accepted, reason: i.rejection?.reason ?? null, message: i.rejection?.message ?? null })),
    };
  };
  if (ports.kecamatan) {
    const kecamatan = ports.kecamatan;
    dispatcher.register(KECAMATAN, SUBMIT, async (message, deadline): Promise<SubmittedResult> => ({ localId: (await kecamatan.submitRequest(message.payload as CounterFiling, deadline)).request.registrationNumber }));
  }
  if (ports.legalisir) {
    const legalisir = ports.legalisir;
    dispatcher.register(LEGALISIR, SUBMIT, async (message, deadline): Promise<SubmittedResult> => {
      try {
        return { localId: (await legalisir.submitRequest(message.payload as LegalisationFiling, deadline)).request.requestNumber };
      } catch (error) {
        throw refusedForGood(error);
      }
    });
  }
  if (ports.jemputBola) {
    const jemputBola = ports.jemputBola;
    /**
     * jemput-bola works in batches: the first attempt drops the schedule line (the adapter looks for
     * the reference first, so a retry never drops it again) and waits for the app's batch job, which
     * runs on its own schedule (nightly at the Dinas). Until then the message waits, its code
     * visible on the submission. A line the job refuses (DAY_FULL, OUTSIDE_SERVICE_AREA, …) is still a
     * visit the app keeps, with its number, as REJECTED with the reason: delivered, so the request
     * resolves and shows why (a PermanentDeliveryError would hide the app's own record of it).
     */
    dispatcher.register(JEMPUT_BOLA, SUBMIT, async (message, deadline): Promise<SubmittedResult> => {
      const filing = message.payload as OutreachFiling;
      const answer = (await jemputBola.submitVisits([filing], deadline)).get(filing.reference);
      if (answer?.state !== 'REGISTERED') throw new NotYetDeliverableError('WAITING_FOR_BATCH_JOB', 'The visit is on the outreach schedule; the application registers it at its next batch run.');
      return { localId: answer.visit.visitNumber };
    });
  }
  // One request at a kelurahan is a batch of one in Sirena.
  dispatcher.register(SIRENA, SUBMIT, async (message, deadline): Promise<SubmittedResult> => ({ localId: (await file(message.payload as SirenaFiling, deadline)).items[0]!.requestId }));
  return dispatcher.register(SIRENA, FILE_BATCH, async (message, deadline) => await file(message.payload as SirenaFiling, deadline));
}
