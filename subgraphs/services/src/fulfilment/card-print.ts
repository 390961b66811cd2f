import type { CardPrintReason, KtpCetakPort } from '@adapters/ktp-cetak';
import type { KtpRekamPort } from '@adapters/ktp-rekam';
import type { SiakPort } from '@adapters/siak';
import { INELIGIBILITY_MESSAGES, printIneligibility } from '@core/domain/card-print';
import { NotYetDeliverableError, PermanentDeliveryError, type OutboxDispatcher } from '@core/outbox';
import { regions } from '@core/domain/regions';
import { todayIn } from '@core/tenants';
import type { ServiceRequestRecord } from '../sources/source';
import { clientReference } from '../writers';
import type { FulfilmentWriter } from './writer';

/**
 * A finished request's KTP-el print, written into ktp-cetak through the outbox. The print is
 * asked for only when the law allows it (core/domain/card-print.ts, the rule population's
 * requestCardPrint uses): a resident who is not alive or under 17 and never married is refused for
 * good; one whose enrolment has not passed the central biometric match yet is waited for (tried
 * again with backoff, NOT_ENROLLED / ENROLMENT_NOT_SUCCESSFUL on the record meanwhile). ktp-cetak
 * keeps the reference, so a redelivery never prints a second card.
 */
export const KTP_CETAK = 'ktp-cetak';
export const PRINT_CARD = 'printCard';

export interface CardPrintOrder {
  nik: string;
  /** ktp-cetak's reference for this request's print (per tenant and request). */
  reference: string;
  reason: CardPrintReason;
  /** Where the resident collects it, e.g. KANTOR KECAMATAN SERPONG. */
  pickupPlace: string;
}

export interface PrintedResult {
  jobNumber: string;
}

export interface CardPrintPorts {
  siak: SiakPort;
  ktpRekam: KtpRekamPort;
  ktpCetak: KtpCetakPort;
  /** The tenant's zone: age is counted on its calendar. */
  timeZone: string;
}

/** Where a card printed for a request is collected: the kecamatan office it was made at, else the Dinas. */
function pickupPlaceOf(record: ServiceRequestRecord): string {
  if (record.servicePoint.kind === 'KECAMATAN' && record.servicePoint.id) {
    const name = regions().get(record.servicePoint.id)?.name;
    if (name) return `KANTOR KECAMATAN ${name.toUpperCase()}`;
  }
  return 'KANTOR DISDUKCAPIL';
}

export const cardPrintWriter: FulfilmentWriter = {
  register: KTP_CETAK,
  order: (rule, tenant, requestId, record) => {
    const payload: CardPrintOrder = { nik: record.applicantNik!, reference: clientReference('CTK', tenant, requestId), reason: rule.cardPrintReason ?? 'NEW', pickupPlace: pickupPlaceOf(record) };
    return { target: KTP_CETAK, operation: PRINT_CARD, payload };
  },
};

export function registerCardPrintHandler(dispatcher: OutboxDispatcher, ports: CardPrintPorts): OutboxDispatcher {
  return dispatcher.register(KTP_CETAK, PRINT_CARD, async (message, deadline): Promise<PrintedResult> => {
    const order = message.payload as CardPrintOrder;
    const resident = (await ports.siak.residentsByNik([order.nik], deadline)).get(order.nik);
    if (!resident) throw new PermanentDeliveryError('UNKNOWN_RESIDENT', 'The applicant is no longer in the civil register.');
    const enrolments = (await ports.ktpRekam.enrolmentsOf([order.nik], deadline)).get(order.nik) ?? [];
    const reasons = printIneligibility(resident, enrolments, todayIn(ports.timeZone));
    const final = reasons.find((r) => r === 'NOT_ALIVE' || r === 'UNDER_17_AND_NEVER_MARRIED');
    if (final) throw new PermanentDeliveryError(final, INELIGIBILITY_MESSAGES[final]);
    const waiting = reasons[0];
    if (waiting) throw new NotYetDeliverableError(waiting, INELIGIBILITY_MESSAGES[waiting]);
    const job = await ports.ktpCetak.requestPrint({ nik: order.nik, reference: order.reference, reason: order.reason, pickupPlace: order.pickupPlace }, deadline);
    return { jobNumber: job.jobNumber };
  });
}
