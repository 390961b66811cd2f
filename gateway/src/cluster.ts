import cluster, { type Worker } from 'node:cluster';
import { readFileSync } from 'node:fs';
import { AggregatorRegistry } from 'prom-client';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import { listen, type RouteHandler } from '@core/http/graphql-server';
import { createAdminServer } from '@core/http/operational-routes';
import type { Logger } from '@core/log';
import { metricsRegistry } from '@core/metrics';
import type { GatewayConfig } from './config';
import { gatewayReadiness } from './readiness';
import { subgraphUrlsOf } from './subgraph-map';

/**
 * The gateway on several cores: `GATEWAY_WORKERS` worker processes share the public port (Node's
 * cluster module hands each new connection to one of them), while this primary process
 * - holds the rate-limit counters the workers share when there is no Redis (RateLimiterClusterMaster:
 *   N workers allow the configured limit, not N times it);
 * - serves the admin listener: `/metrics` sums every worker's metrics (prom-client's
 *   AggregatorRegistry), `/healthz`, and `/readyz` probes the subgraphs itself;
 * - starts a worker again when one dies, and stops them all on SIGTERM/SIGINT.
 */
const RESTART_DELAY_MS = 1_000;
/** More deaths than this within a minute is a crash loop: stop rather than spin. */
const MAX_DEATHS_PER_MINUTE = 10;

/** In a worker: answer the primary's requests for this process's metrics. */
export function reportMetricsToPrimary(): void {
  AggregatorRegistry.setRegistries([metricsRegistry]);
  // The constructor adds the IPC listeners (idempotent); the instance itself is not needed here.
  new AggregatorRegistry();
}

export async function runPrimary(config: GatewayConfig, logger: Logger): Promise<void> {
  // Created before any worker asks: workers' RateLimiterCluster limiters talk to it over IPC.
  new RateLimiterClusterMaster();
  const aggregator = new AggregatorRegistry();
  const metrics: RouteHandler = async (_req, res) => {
    const text = await aggregator.clusterMetrics();
    res.writeHead(200, { 'content-type': aggregator.contentType });
    res.end(text);
  };
  const urls = subgraphUrlsOf(readFileSync(config.supergraphPath, 'utf8'), config.subgraphUrls);
  const admin = await listen(createAdminServer(gatewayReadiness(urls, config.signer, config.readinessCacheMs), metrics), config.admin.port, config.admin.host);

  let stopping = false;
  const deaths: number[] = [];
  const fork = (): Worker => cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    // Code 0: a worker that stopped cleanly on a signal (Ctrl-C reaches the whole process group).
    if (stopping || code === 0) return;
    const now = Date.now();
    deaths.push(now);
    while (deaths.length > 0 && deaths[0]! < now - 60_000) deaths.shift();
    logger.error('gateway worker died', { pid: worker.process.pid, code, signal, restartingInMs: RESTART_DELAY_MS });
    if (deaths.length > MAX_DEATHS_PER_MINUTE) {
      logger.error('gateway workers keep dying; stopping', { deathsInLastMinute: deaths.length });
      void stop(1);
      return;
    }
    setTimeout(() => {
      if (!stopping) fork();
    }, RESTART_DELAY_MS).unref();
  });
  for (let i = 0; i < config.workers; i += 1) fork();
  logger.info('gateway primary started its workers', { workers: config.workers, admin: `${admin.url}/metrics` });

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
            setTimeout(() => worker.process.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
    await admin.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
}
