/** The gateway process: build, listen, stop cleanly on SIGINT/SIGTERM. */
import './telemetry-off';
import { listen } from '@core/http/graphql-server';
import { createLogger } from '@core/log';
import { loadGatewayConfig } from './config';
import { createGatewayServer } from './server';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger('gateway', config.logLevel);
  const server = await createGatewayServer(config, logger);
  const listening = await listen(server.http, config.port, config.host);
  logger.info('gateway listening', { url: `${listening.url}/graphql`, supergraph: config.supergraphPath, subgraphs: Object.fromEntries(server.subgraphUrls) });

  const stop = async (signal: string) => {
    logger.info('stopping', { signal });
    await listening.close();
    await server.apollo.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
