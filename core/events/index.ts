/**
 * The durable event flow of a subgraph (docs/events.md): status changes and the like, recorded in
 * order per key, delivered at least once to each subscription, and relayed to RabbitMQ when
 * AMQP_URL is set. Storage (open.ts, store.ts, schema.ts, *-sql.ts), consumption (consumer.ts,
 * amqp-subscription.ts), the relay (amqp-relay.ts), settings and metrics.
 */
export type { DeliveredEvent, EventFlow, EventHandler, FlowEvent, PublishOutcome, SubscribeOptions, Subscription } from './types';
export { openEventFlow, RELAY_SUBSCRIPTION, type EventFlowOptions } from './flow';
export { eventsAppId, locateEventsDatabase, openEventStore } from './open';
export { EventStore, type CursorRow } from './store';
export { DEFAULT_CONSUMER, type ConsumerSettings } from './consumer';
export { DEFAULT_EXCHANGE, queueName, redactedAmqpUrl } from './amqp';
export { eventsConfigSchema, eventsSettingsFrom, type EventsEnv } from './config';
export { eventHandlerFailures, eventsConsumerLag, eventsHandled, eventsPendingRelay, eventsPublished, eventsRelayed } from './metrics';
export { DEVELOPMENT_SEAL_KEY, EventSeal, eventSealFrom } from './seal';
