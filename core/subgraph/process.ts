import type { Server } from 'node:http';
import { reloadHopKeysOnSignal, type HopVerifier } from '@core/context/hop-keys';
import { listen } from '@core/http/graphql-server';
import type { Logger } from '@core/log';

/**
 * What every subgraph's process (subgraphs/<name>/src/index.ts) does once its adapters and server
 * are built: listen on its GraphQL and admin ports, follow hop-key rotation without a restart (the
 * key file is re-read when it changes, or at once on SIGHUP), and on SIGINT or SIGTERM stop
 * listening, stop Apollo, run `shutdown` (the process's own loops and connections) and exit.
 */
export interface SubgraphListenConfig {
  port: number;
  host: string;
  admin: { port: number; host: string };
  verifier: HopVerifier;
}

export interface SubgraphServers {
  http: Server;
  admin: Server;
  apollo: { stop(): Promise<void> };
}

export async function serveSubgraph(name: string, server: SubgraphServers, config: SubgraphListenConfig, logger: Logger, shutdown: () => Promise<void>): Promise<void> {
  const listening = await listen(server.http, config.port, config.host);
  const admin = await listen(server.admin, config.admin.port, config.admin.host);
  const onProblem = (problem: string) => logger.error('hop key problem; keeping the current keys', { problem });
  const onReload = (result: { kids?: string[] }) => logger.info('hop keys reloaded', { kids: result.kids });
  const unwatch = config.verifier.watch(onProblem, { onReload });
  const unhup = reloadHopKeysOnSignal([config.verifier], onProblem, { onReload });
  logger.info(`${name} subgraph listening`, { url: `${listening.url}/graphql`, admin: `${admin.url}/metrics`, development: config.verifier.development });

  const stop = async (signal: string) => {
    logger.info('stopping', { signal });
    unwatch();
    unhup();
    await Promise.all([listening.close(), admin.close()]);
    await server.apollo.stop();
    await shutdown();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/** Closes what may hang (an SQLite worker inside a slow statement), giving up after `ms`: a stopping process does not wait for it. */
export async function closeWithin(ms: number, closes: ReadonlyArray<Promise<unknown>>): Promise<void> {
  await Promise.race([Promise.all(closes), new Promise((r) => setTimeout(r, ms).unref())]);
}

/** Runs a subgraph process's `main`; a failure to start is one line on stderr and exit code 1. */
export function startSubgraphProcess(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${name} subgraph failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
