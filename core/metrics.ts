import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per process, served at /metrics. Metric names are part of the
 * operators' contract (dashboards, alerts): change them only with a note in docs/operations.md.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'gerbang_process_' });

export const legacyStatements = new Counter({
  name: 'gerbang_legacy_statements_total',
  help: 'Statements (SQL) or calls (HTTP, SOAP) sent to a legacy application.',
  labelNames: ['app'] as const,
  registers: [metricsRegistry],
});

export const legacyErrors = new Counter({
  name: 'gerbang_legacy_errors_total',
  help: 'Failed calls to a legacy application, by the error code clients saw.',
  labelNames: ['app', 'code'] as const,
  registers: [metricsRegistry],
});

export const legacyLatency = new Histogram({
  name: 'gerbang_legacy_call_seconds',
  help: 'Time from sending a statement or call to a legacy application to its answer.',
  labelNames: ['app'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/** GET /metrics for any of the project's HTTP servers. */
export const serveMetrics = async (_req: unknown, res: import('node:http').ServerResponse): Promise<void> => {
  const text = await metricsRegistry.metrics();
  res.writeHead(200, { 'content-type': metricsRegistry.contentType });
  res.end(text);
};
