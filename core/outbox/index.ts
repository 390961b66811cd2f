/**
 * The durable outbox and idempotency keys of a subgraph that writes (docs/outbox.md):
 * storage (open.ts, store.ts, schema.ts, *-sql.ts), idempotency keys (idempotency.ts), delivery
 * (dispatcher.ts, backoff.ts), the mutation helper (mutations.ts), settings and metrics.
 */
export type { MessageState, MutationStatus, NewOutboxMessage, OutboxMessage } from './types';
export { pendingErrorCode } from './types';
export { locateOutboxDatabase, openOutboxStore, outboxAppId } from './open';
export { IdempotencyClaimLost, OutboxStore, type IdempotencyRow, type MessageFilter } from './store';
export { DEFAULT_CLAIM_TTL_MS, IdempotencyKeys, requestHash, type IdempotencyClaim, type KeyBegin, type KeyRequest } from './idempotency';
export { DEFAULT_DISPATCHER, OutboxDispatcher, type DeliveryHandler, type DeliveryOutcome, type DispatcherSettings } from './dispatcher';
export { retryDelay, type BackoffSettings } from './backoff';
export { OutboxMutations, type MutationOutcome, type MutationPlan, type MutationRequest, type OutboxMutationOptions } from './mutations';
export { NotYetDeliverableError, PermanentDeliveryError, checkIdempotencyKey, classifyDeliveryFailure, idempotencyKeyInProgress, idempotencyKeyReused, type DeliveryFailure } from './errors';
export { outboxConfigSchema, outboxSettingsFrom, type OutboxSettings } from './config';
export { outboxDeliveries, outboxFailures, outboxMessages } from './metrics';
