/** The gateway process: build, listen, stop cleanly on SIGINT/SIGTERM. */
import './telemetry-off';
import cluster from 'node:cluster';
import { developmentModeBanner, reloadHopKeysOnSignal } from '@core/context/hop-keys';
import { listen } from '@core/http/graphql-server';
import { createLogger } from '@core/log';
import { loadGatewayConfig } from './config';
import { reportMetricsToPrimary, runPrimary } from './cluster';
import { createGatewayServer } from './server';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger('gateway', config.logLevel);
  // Several workers on one port: this process only supervises them (gateway/src/cluster.ts).
  if (cluster.isPrimary && config.workers > 1) {
    if (config.signer.development) process.stderr.write(developmentModeBanner('gateway'));
    return runPrimary(config, logger);
  }
  const worker = cluster.isWorker;
  if (config.signer.development && !worker) process.stderr.write(developmentModeBanner('gateway'));
  for (const warning of config.signer.warnings) logger.warn('hop key', { warning });
  const server = await createGatewayServer(config, logger);
  const listening = await listen(server.http, config.port, config.host);
  // A worker's metrics and health are served by its primary's admin listener.
  if (worker) reportMetricsToPrimary();
  const admin = worker ? { url: 'the primary', close: async () => undefined } : await listen(server.admin, config.admin.port, config.admin.host);
  // Key rotation without a restart: the key file is re-read when it changes, or at once on SIGHUP.
  const onProblem = (problem: string) => logger.error('hop key problem; keeping the current keys', { problem });
  const onReload = (result: { kids?: string[] }) => logger.info('hop keys reloaded', { kids: result.kids });
  const unwatch = config.signer.watch(onProblem, { onReload });
  const unhup = reloadHopKeysOnSignal([config.signer], onProblem, { onReload });
  logger.info('gateway listening', { url: `${listening.url}/graphql`, admin: `${admin.url}/metrics`, supergraph: config.supergraphPath, subgraphs: Object.fromEntries(server.subgraphUrls), development: config.signer.development });

  const stop = async (signal: string) => {
    logger.info('stopping', { signal });
    unwatch();
    unhup();
    await Promise.all([listening.close(), admin.close()]);
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
