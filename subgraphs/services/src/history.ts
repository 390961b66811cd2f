import type { StatusChange } from '@core/domain/services';
import type { ServicesLoaders } from './loaders';
import type { FulfilmentView } from './fulfilment/view';
import { ANTRIAN } from './sources/antrian';
import type { ServiceRequestRecord } from './sources/source';

/**
 * A request's whole story for `ServiceRequest.history`, oldest first within each part: the
 * appointment it was booked as (antrian), its own timeline in the application that holds it, and
 * the register's step once its fulfilment went through (the card's print job queued at ktp-cetak).
 */
export interface RequestStepView extends Omit<StatusChange, 'status'> {
  application: string;
  step: string;
  /** The request's status after it; null for a register's step. */
  status: StatusChange['status'] | null;
}

/** antrian's statuses, as the queue's own steps. */
const APPOINTMENT_STEPS: Record<string, string> = { SUBMITTED: 'BOOKED', IN_PROCESS: 'CHECKED_IN', COMPLETED: 'SERVED', CANCELLED: 'CANCELLED' };

export async function historyOf(record: ServiceRequestRecord, loaders: ServicesLoaders, fulfilment: FulfilmentView | null): Promise<RequestStepView[]> {
  const steps: RequestStepView[] = [];
  if (record.appointment) {
    const booking = await loaders.requestByRef.load({ app: ANTRIAN, localId: record.appointment });
    for (const change of booking?.timeline ?? []) steps.push({ ...change, application: ANTRIAN, step: APPOINTMENT_STEPS[change.status ?? ''] ?? change.status ?? 'UNKNOWN' });
  }
  for (const change of record.timeline) steps.push({ ...change, application: record.app, step: change.status ?? 'UNKNOWN' });
  const job = fulfilment?.cardPrintJob;
  if (fulfilment && job?.requestedAt) {
    steps.push({ application: fulfilment.register, step: 'CARD_PRINT_QUEUED', status: null, at: job.requestedAt, note: `${job.jobNumber}${job.pickupPlace ? `, to be collected at ${job.pickupPlace}` : ''}`, by: null });
  }
  return steps;
}
