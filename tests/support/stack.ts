import { connectSiak, type SiakConnection } from '@adapters/siak';
import type { RequestContext } from '@core/context/request-context';
import { listen, type Listening } from '@core/http/graphql-server';
import { createLogger } from '@core/log';
import type { LegacyStorage } from '@core/config/shared';
import { createSubgraphApollo, createSubgraphHttpServer } from '@core/subgraph/subgraph-server';
import { loadGatewayConfig } from '../../gateway/src/config';
import { createGatewayServer, type GatewayServer } from '../../gateway/src/server';
import { populationSubgraph } from '../../subgraphs/population/src/server';

/**
 * The whole path in one process, over real HTTP on free ports: gateway -> population subgraph ->
 * SIAK adapter -> SIAK emulator storage. `seen` records the request context each subgraph call
 * arrived with, so tests can check what the gateway propagated.
 */
export const TEST_CONTEXT_SECRET = 'test-context-secret-of-at-least-32-chars';

export interface Stack {
  gatewayUrl: string;
  subgraphUrl: string;
  siak: SiakConnection;
  seen: RequestContext[];
  gateway: GatewayServer;
  stopSubgraph(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(storage: LegacyStorage, env: Record<string, string> = {}): Promise<Stack> {
  const logger = createLogger('test', 'silent');
  const siak = connectSiak(storage, { timeoutMs: 5_000 });
  const definition = populationSubgraph({ siak: siak.port, logger });
  const seen: RequestContext[] = [];
  const build = definition.buildContext;
  definition.buildContext = (request) => {
    seen.push(request);
    return build(request);
  };
  const subgraphApollo = createSubgraphApollo(definition);
  await subgraphApollo.start();
  const subgraph = await listen(createSubgraphHttpServer(definition, subgraphApollo, { contextSecret: TEST_CONTEXT_SECRET }), 0, '127.0.0.1');
  let subgraphUp = true;

  const config = loadGatewayConfig({ GATEWAY_PORT: '0', GERBANG_CONTEXT_SECRET: TEST_CONTEXT_SECRET, SUBGRAPH_POPULATION_URL: `${subgraph.url}/graphql`, GATEWAY_SUBGRAPH_TIMEOUT_MS: '3000', ...env });
  const gateway = await createGatewayServer(config, logger);
  const gw: Listening = await listen(gateway.http, 0, '127.0.0.1');

  const stopSubgraph = async () => {
    if (!subgraphUp) return;
    subgraphUp = false;
    await subgraph.close();
    await subgraphApollo.stop();
  };
  return {
    gatewayUrl: gw.url,
    subgraphUrl: subgraph.url,
    siak,
    seen,
    gateway,
    stopSubgraph,
    async stop() {
      await gw.close();
      await gateway.apollo.stop();
      await stopSubgraph();
      await siak.client.close();
    },
  };
}

export async function postGraphQL(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}
