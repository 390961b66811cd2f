/** The population subgraph process: connect SIAK, listen, stop cleanly on SIGINT/SIGTERM. */
import { connectSiak } from '@adapters/siak';
import { listen } from '@core/http/graphql-server';
import { createLogger } from '@core/log';
import { loadPopulationConfig } from './config';
import { createPopulationServer } from './server';

async function main(): Promise<void> {
  const config = loadPopulationConfig();
  const logger = createLogger('population', config.logLevel);
  const siak = connectSiak(config.storage, config.siak);
  const server = await createPopulationServer({ siak: siak.port, logger }, { contextSecret: config.contextSecret });
  const listening = await listen(server.http, config.port, config.host);
  logger.info('population subgraph listening', { url: `${listening.url}/graphql` });

  const stop = async (signal: string) => {
    logger.info('stopping', { signal });
    await listening.close();
    await server.apollo.stop();
    await siak.client.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`population subgraph failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
