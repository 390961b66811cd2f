/**
 * The KTP-el print queue port: what subgraphs may ask of card printing and pick-up, in domain
 * terms. Served by the REST adapter (./rest) over the print queue application's API.
 *
 * Batch methods take many keys and return a Map (one call to the application per batch); keys
 * without a record are absent. Every method takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';

export type CardPrintStatus = 'QUEUED' | 'PRINTING' | 'READY_FOR_PICKUP' | 'COLLECTED' | 'FAILED';
export type CardPrintReason = 'NEW' | 'LOST' | 'DAMAGED' | 'DATA_CHANGE';

export interface CardPrintJob {
  /** The application's job number, e.g. 'CTK-3674-20260105-00017'. */
  jobNumber: string;
  nik: string;
  /** null when the application holds a status this port does not know. */
  status: CardPrintStatus | null;
  reason: CardPrintReason | null;
  /** The requester's own reference (idempotency key), null for jobs entered at the counter. */
  reference: string | null;
  /** ISO local date-time 'YYYY-MM-DDTHH:mm:ss' (office time, no zone). */
  requestedAt: string | null;
  /** ISO date the card was printed, once it has been. */
  printedOn: string | null;
  /** ISO date the resident collected it. */
  collectedOn: string | null;
  /** Where the card is to be collected, e.g. 'KANTOR KECAMATAN SERPONG'. */
  pickupPlace: string | null;
  /** Why a FAILED job failed, as the print room wrote it. */
  failureNote: string | null;
}

export interface PrintRequest {
  nik: string;
  /** The caller's own unique reference: asking again with it never prints a second card. */
  reference: string;
  reason: CardPrintReason;
  pickupPlace?: string;
}

export interface PrintQueueQuery {
  status?: CardPrintStatus;
  /** 1-based. */
  page: number;
  perPage: number;
}

export interface PrintQueuePage {
  jobs: CardPrintJob[];
  total: number | undefined;
  hasNextPage: boolean;
}

export interface KtpCetakPort {
  /** Every job of each resident, oldest first. */
  printJobsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, CardPrintJob[]>>;
  printJob(jobNumber: string, deadline: Deadline): Promise<CardPrintJob | null>;
  /**
   * Queues a card print, once per reference: a request whose reference is known answers the job
   * already queued for it (CONFLICT if that job is another resident's).
   */
  requestPrint(request: PrintRequest, deadline: Deadline): Promise<CardPrintJob>;
  /** The queue, newest first (slow in the application: use for back-office views, not per resident). */
  printQueue(query: PrintQueueQuery, deadline: Deadline): Promise<PrintQueuePage>;
  /** Throws LEGACY_UNAVAILABLE when the application cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
