import type { FlowEvent } from '@core/events';

/**
 * Where status changes are published: the `services` event flow (core/events), or, in unit tests,
 * anything with this shape. Publishing is idempotent by event id and keeps the order per key.
 */
export type { FlowEvent };

export interface EventPublisher {
  publish(events: readonly FlowEvent[]): Promise<unknown>;
}

export const STATUS_CHANGED = 'service-request.status-changed';
