import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createLogger } from '@core/log';
import { listen, type Listening } from '@core/http/graphql-server';
import { loadGatewayConfig } from '../../gateway/src/config';
import { createGatewayServer, type GatewayServer } from '../../gateway/src/server';
import { administratorHeaders } from '../support/stack';

/**
 * The gateway's deadline against subgraphs that misbehave, over real HTTP. The subgraphs here are
 * stand-ins on purpose: they play a subgraph that trickles its answer or holds it, which a real
 * one only does under faults. The deadline must hold whatever stage the call is in.
 */
interface FakeSubgraph {
  url: string;
  /** When each request arrived and when its connection closed (ms, performance.now()). */
  arrivals: number[];
  closes: number[];
  close(): Promise<void>;
}

async function fakeSubgraph(behaviour: (req: IncomingMessage, res: ServerResponse) => void): Promise<FakeSubgraph> {
  const arrivals: number[] = [];
  const closes: number[] = [];
  const server: Server = createServer((req, res) => {
    arrivals.push(performance.now());
    res.on('close', () => closes.push(performance.now()));
    req.resume();
    req.on('end', () => behaviour(req, res));
  });
  const listening = await listen(server, 0, '127.0.0.1');
  return {
    url: `${listening.url}/graphql`,
    arrivals,
    closes,
    close: async () => {
      server.closeAllConnections();
      await listening.close();
    },
  };
}

async function gatewayFor(subgraphUrl: string, env: Record<string, string> = {}): Promise<{ gateway: GatewayServer; listening: Listening }> {
  const config = loadGatewayConfig({ GERBANG_DEV_MODE: '1', GATEWAY_PORT: '0', SUBGRAPH_POPULATION_URL: subgraphUrl, ...env });
  const gateway = await createGatewayServer(config, createLogger('test', 'silent'));
  return { gateway, listening: await listen(gateway.http, 0, '127.0.0.1') };
}

async function timed(url: string, operationName: string, signal?: AbortSignal) {
  const started = performance.now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await administratorHeaders()) },
    body: JSON.stringify({ query: `query ${operationName} { resident(nik: "3674011708850003") { nik } }`, operationName }),
    signal,
  });
  const body = (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  return { ms: performance.now() - started, body };
}

describe('the request deadline at the gateway', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('ends a call to a subgraph that trickles its answer at the deadline, not after the trickle', async () => {
    // Headers at once, then a byte every 50 ms: an idle timer would never fire.
    const trickler = await fakeSubgraph((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":{"resident":');
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    });
    cleanups.push(trickler.close);
    const { gateway, listening } = await gatewayFor(trickler.url, { GATEWAY_REQUEST_DEADLINE_MS: '1000', GATEWAY_OPERATION_DEADLINES: 'Warmup=200' });
    cleanups.push(async () => {
      await listening.close();
      await gateway.stop();
    });
    // A first request pays for loading code and planning; the deadline is measured on the next.
    await timed(listening.url, 'Warmup');
    await new Promise((r) => setTimeout(r, 100));
    trickler.closes.length = 0;

    const { ms, body } = await timed(listening.url, 'Trickled');
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED', retryable: true });
    expect(ms).toBeGreaterThanOrEqual(990);
    // At its 1 s deadline, not after the 4 s trickle (slack for a loaded machine).
    expect(ms).toBeLessThan(2_000);
    // The gateway hung up on the subgraph too: nothing left streaming.
    await new Promise((r) => setTimeout(r, 100));
    expect(trickler.closes).toHaveLength(1);
  });

  it('counts the wait for a pooled connection against the deadline', async () => {
    // One socket to the subgraph, which holds every answer for 3 s: the second call waits in the pool.
    const holder = await fakeSubgraph((_req, res) => {
      const timer = setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data":{"resident":null}}');
      }, 3_000);
      res.on('close', () => clearTimeout(timer));
    });
    cleanups.push(holder.close);
    const { gateway, listening } = await gatewayFor(holder.url, { GATEWAY_SUBGRAPH_MAX_SOCKETS: '1', GATEWAY_REQUEST_DEADLINE_MS: '5000', GATEWAY_OPERATION_DEADLINES: 'Short=500' });
    cleanups.push(async () => {
      await listening.close();
      await gateway.stop();
    });

    const long = timed(listening.url, 'Long');
    await new Promise((r) => setTimeout(r, 100));
    const short = await timed(listening.url, 'Short');
    expect(short.body.errors?.[0]?.extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(short.ms).toBeGreaterThanOrEqual(450);
    // Answered at its 500 ms deadline, not after the 3 s the socket stays taken (slack for a loaded machine).
    expect(short.ms).toBeLessThan(1_500);
    // It never reached the subgraph: it was still waiting for the one socket when its time ran out.
    expect(holder.arrivals).toHaveLength(1);
    const first = await long;
    expect(first.body.errors).toBeUndefined();
    expect(first.ms).toBeGreaterThanOrEqual(2_900);
  });

  it('hangs up on the subgraph when the client hangs up', async () => {
    const holder = await fakeSubgraph((_req, res) => {
      const timer = setTimeout(() => res.end('{"data":{"resident":null}}'), 5_000);
      res.on('close', () => clearTimeout(timer));
    });
    cleanups.push(holder.close);
    const { gateway, listening } = await gatewayFor(holder.url);
    cleanups.push(async () => {
      await listening.close();
      await gateway.stop();
    });

    const leaving = new AbortController();
    const call = timed(listening.url, 'Abandoned', leaving.signal).catch(() => 'left');
    await new Promise((r) => setTimeout(r, 200));
    const left = performance.now();
    leaving.abort();
    expect(await call).toBe('left');
    await new Promise((r) => setTimeout(r, 300));
    expect(holder.closes).toHaveLength(1);
    expect(holder.closes[0]! - left).toBeLessThan(500);
  });
});
