import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '@core/metrics';

/**
 * The outbox's metrics (names are part of the operators' contract, see docs/outbox.md).
 * `outbox` is the subgraph owning it; `app` the target application.
 */
export const outboxMessages = new Gauge({
  name: 'gerbang_outbox_messages',
  help: 'Outbox messages not yet delivered, by target application and state (PENDING, FAILED_PERMANENTLY); refreshed by the dispatcher.',
  labelNames: ['outbox', 'app', 'state'] as const,
  registers: [metricsRegistry],
});

export const outboxDeliveries = new Counter({
  name: 'gerbang_outbox_deliveries_total',
  help: 'Outbox messages delivered (accepted by the target application).',
  labelNames: ['outbox', 'app'] as const,
  registers: [metricsRegistry],
});

export const outboxFailures = new Counter({
  name: 'gerbang_outbox_delivery_failures_total',
  help: 'Failed delivery attempts, by error code; permanent="true" when the message will not be tried again.',
  labelNames: ['outbox', 'app', 'code', 'permanent'] as const,
  registers: [metricsRegistry],
});
