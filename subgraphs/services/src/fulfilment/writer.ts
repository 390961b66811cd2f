import type { NewOutboxMessage } from '@core/outbox';
import type { FulfilmentRule } from '../routing/routing';
import type { ServiceRequestRecord } from '../sources/source';

/**
 * How a finished request becomes a register's write: one writer per register (catalogue id),
 * registered with the fulfilment (consumer.ts) beside its outbox handler. A new register is one
 * more writer, one more handler, and its id in routing.ts's FULFILMENT_REGISTERS.
 */
export interface FulfilmentWriter {
  register: string;
  /** The outbox message for this request's write (its payload carries the register's own reference). */
  order(rule: FulfilmentRule, tenant: string, requestId: string, record: ServiceRequestRecord): NewOutboxMessage;
}
