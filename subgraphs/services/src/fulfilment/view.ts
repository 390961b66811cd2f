import type { CardPrintJob, KtpCetakPort } from '@adapters/ktp-cetak';
import type { Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import type { OutboxMutations } from '@core/outbox';
import { pendingErrorCode } from '@core/outbox';
import { requestId } from '../ids';
import type { ServiceRouting } from '../routing/routing';
import type { ServiceRequestRecord } from '../sources/source';
import type { PrintedResult } from './card-print';
import { fulfilmentKey } from './consumer';
import { fulfils } from './scope';

/**
 * Where a request's fulfilment stands, for `ServiceRequest.fulfilment` and `history`: the outbox's
 * record of the register's write (its key is the request's), and the print job ktp-cetak holds for
 * it (one call per batch of applicants).
 */
export interface FulfilmentView {
  register: string;
  state: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  errorCode: string | null;
  cardPrintJobNumber: string | null;
  cardPrintJob: CardPrintJob | null;
}

export interface FulfilmentReader {
  of(record: ServiceRequestRecord): Promise<FulfilmentView | null>;
}

export function fulfilmentReader(mutations: OutboxMutations, ktpCetak: KtpCetakPort | undefined, tenant: string, routing: ServiceRouting, deadline: Deadline): FulfilmentReader {
  const jobs = requestLoader<string, CardPrintJob[]>(deadline, async (niks) => {
    const found = ktpCetak ? await ktpCetak.printJobsOf(niks, deadline) : new Map<string, CardPrintJob[]>();
    return niks.map((nik) => found.get(nik) ?? []);
  }, { maxBatchSize: 200 });
  return {
    async of(record) {
      const rule = routing.fulfilmentOf(record.service, record.app);
      if (!rule || record.status !== 'COMPLETED' || !fulfils(rule, record)) return null;
      const status = await mutations.status(tenant, fulfilmentKey(requestId(record.app, record.localId)));
      // Finished moments ago: the flow has not handed the change to the fulfilment yet.
      const message = status?.messages[0];
      if (!message) return { register: rule.register, state: 'PENDING', attempts: 0, errorCode: null, cardPrintJobNumber: null, cardPrintJob: null };
      const jobNumber = message.state === 'DELIVERED' ? ((message.result as PrintedResult | null)?.jobNumber ?? null) : null;
      const job = jobNumber && record.applicantNik ? ((await jobs.load(record.applicantNik)).find((j) => j.jobNumber === jobNumber) ?? null) : null;
      return {
        register: rule.register,
        state: message.state === 'PENDING' ? 'PENDING' : message.state === 'DELIVERED' ? 'DELIVERED' : 'FAILED',
        attempts: message.attempts,
        errorCode: pendingErrorCode(message),
        cardPrintJobNumber: jobNumber,
        cardPrintJob: job,
      };
    },
  };
}
