/** What the outbox records, in the terms subgraphs use. Payloads and results are JSON values. */

export type MessageState = 'PENDING' | 'DELIVERED' | 'FAILED_PERMANENTLY';

/** One write to another application, as a mutation asks for it. */
export interface NewOutboxMessage {
  /** The application written to, e.g. 'akta-mati' (a handler is registered for target + operation). */
  target: string;
  /** What to do there, e.g. 'registerDeath'. */
  operation: string;
  /** Everything the handler needs, as JSON (it is stored, and read back after a restart). */
  payload: unknown;
}

/** A message as stored, handed to its handler and shown to operators. */
export interface OutboxMessage {
  id: string;
  tenant: string;
  idempotencyKey: string;
  /** Its place among the messages of its mutation (0-based). */
  seq: number;
  target: string;
  operation: string;
  payload: unknown;
  state: MessageState;
  /** Deliveries started so far, this one included while it is being delivered. */
  attempts: number;
  nextAttemptAt: Date;
  lastErrorCode: string | null;
  /** The error's client-safe message (never the legacy payload, host or SQL). */
  lastErrorMessage: string | null;
  /** What the handler returned once delivered (e.g. the deed number issued), else null. */
  result: unknown;
  createdAt: Date;
  deliveredAt: Date | null;
}

/**
 * What a client is told held a message up: the last failure's code while it is not delivered, none
 * once it is (operators still find the last failure on the record, `lastErrorCode`).
 */
export function pendingErrorCode(message: Pick<OutboxMessage, 'state' | 'lastErrorCode'> | undefined): string | null {
  return message && message.state !== 'DELIVERED' ? message.lastErrorCode : null;
}

/** A mutation as it can be followed by its idempotency key ("follow your request"). */
export interface MutationStatus {
  tenant: string;
  idempotencyKey: string;
  operation: string;
  principalId: string | null;
  /** IN_PROGRESS while the request runs; COMPLETED once its result and messages are recorded. */
  state: 'IN_PROGRESS' | 'COMPLETED';
  /** DELIVERED when every message is; FAILED when any failed for good; otherwise PENDING. */
  delivery: 'PENDING' | 'DELIVERED' | 'FAILED';
  /** The mutation's first result (what a repeat with the same key answers). */
  result: unknown;
  createdAt: Date;
  messages: OutboxMessage[];
}
