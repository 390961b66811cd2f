import { createHash } from 'node:crypto';
import type { CounterSubmission, KecamatanPort } from '@adapters/kecamatan';
import type { LegalisationSubmission, LegalisirPort } from '@adapters/legalisir';
import type { BatchItem, SirenaPort } from '@adapters/sirena';
import type { AttachmentReference, PortalOnlinePort } from '@adapters/portal-online';
import type { ServiceKind } from '@core/domain/services';
import { GerbangError } from '@core/errors';
import { PermanentDeliveryError, type OutboxDispatcher } from '@core/outbox';
import { KECAMATAN } from './sources/kecamatan';
import { LEGALISIR } from './sources/legalisir';
import { PORTAL_ONLINE } from './sources/portal-online';
import { SIRENA } from './sources/sirena';

/**
 * What the services subgraph writes into the channel applications through its outbox, and how a
 * stored message becomes the application's own call. Each application checks its reference before
 * writing again (portal-online by ref_klien, Sirena, kecamatan and legalisir by their Gerbang
 * reference column), so a redelivery never writes
 * twice. A new writable application is one more payload type and one more register call here.
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

export interface WritablePorts {
  portalOnline: PortalOnlinePort;
  sirena: SirenaPort;
  kecamatan?: KecamatanPort;
  legalisir?: LegalisirPort;
}

/** The applications a single submission can be written to now (the routing may name others later). */
export const WRITABLE_APPS: ReadonlySet<string> = new Set([PORTAL_ONLINE, SIRENA, KECAMATAN, LEGALISIR]);

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
  // One request at a kelurahan is a batch of one in Sirena.
  dispatcher.register(SIRENA, SUBMIT, async (message, deadline): Promise<SubmittedResult> => ({ localId: (await file(message.payload as SirenaFiling, deadline)).items[0]!.requestId }));
  return dispatcher.register(SIRENA, FILE_BATCH, async (message, deadline) => await file(message.payload as SirenaFiling, deadline));
}
