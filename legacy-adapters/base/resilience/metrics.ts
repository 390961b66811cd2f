import { Gauge } from 'prom-client';
import { metricsRegistry } from '@core/metrics';

/**
 * 1 while an app's breaker refuses calls (open, or letting one probe through), 0 when closed.
 * Part of the operators' contract like the other gerbang_legacy_* metrics (docs/operations.md).
 */
export const legacyBreakerOpen = new Gauge({
  name: 'gerbang_legacy_breaker_open',
  help: 'Whether the circuit breaker of a legacy application is open (1) or closed (0).',
  labelNames: ['app'] as const,
  registers: [metricsRegistry],
});
