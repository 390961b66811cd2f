import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '@core/metrics';

/**
 * The event flow's metrics (names are part of the operators' contract, see docs/events.md).
 * `flow` is the publishing flow (e.g. 'services'); `subscription` a consumer's name.
 * The gauges are computed when scraped, from the flows open in this process (sources below).
 */
export const eventsPublished = new Counter({
  name: 'gerbang_events_published_total',
  help: 'Events recorded in the flow log (a repeated event id is not counted again).',
  labelNames: ['flow'] as const,
  registers: [metricsRegistry],
});

export const eventsRelayed = new Counter({
  name: 'gerbang_events_relayed_total',
  help: 'Events published to RabbitMQ and confirmed by it.',
  labelNames: ['flow'] as const,
  registers: [metricsRegistry],
});

export const eventsHandled = new Counter({
  name: 'gerbang_events_handled_total',
  help: 'Events handled and acknowledged by a subscription in this process.',
  labelNames: ['flow', 'subscription'] as const,
  registers: [metricsRegistry],
});

export const eventHandlerFailures = new Counter({
  name: 'gerbang_events_handler_failures_total',
  help: 'Failed attempts of a subscription to handle an event (it is tried again, in order); for the relay, failed publishes to RabbitMQ.',
  labelNames: ['flow', 'subscription'] as const,
  registers: [metricsRegistry],
});

/** What an open flow reports when the gauges are scraped. */
export interface GaugeSource {
  pendingRelay(): Promise<Array<{ flow: string; pending: number }>>;
  consumerLag(): Promise<Array<{ flow: string; subscription: string; lag: number }>>;
}

export const gaugeSources = new Set<GaugeSource>();

export const eventsPendingRelay = new Gauge({
  name: 'gerbang_events_pending_relay',
  help: 'Events recorded but not yet confirmed by RabbitMQ (0 on the embedded flow).',
  labelNames: ['flow'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    for (const source of gaugeSources) {
      for (const { flow, pending } of await source.pendingRelay().catch(() => [])) this.set({ flow }, pending);
    }
  },
});

export const eventsConsumerLag = new Gauge({
  name: 'gerbang_events_consumer_lag',
  help: 'Events not yet acknowledged by a subscription (embedded: log entries after its cursor; RabbitMQ: messages ready in its queue).',
  labelNames: ['flow', 'subscription'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    for (const source of gaugeSources) {
      for (const { flow, subscription, lag } of await source.consumerLag().catch(() => [])) this.set({ flow, subscription }, lag);
    }
  },
});
