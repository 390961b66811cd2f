import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { RequestContext } from '@core/context/request-context';
import { HopVerifier } from '@core/context/hop-keys';
import { listen, type Listening } from '@core/http/graphql-server';
import { createLogger } from '@core/log';
import { createSubgraphApollo, createSubgraphHttpServers } from '@core/subgraph/subgraph-server';
import { Tenants } from '@core/tenants';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { loadGatewayConfig } from '../../gateway/src/config';
import { createGatewayServer, type GatewayServer } from '../../gateway/src/server';

/**
 * Identical queries in flight share one execution at the gateway (core/http/in-flight.ts) — and
 * never between callers who may see different data, never for mutations, never after the answer
 * is out. The subgraph here is a real one built on the project's subgraph server (hop tokens
 * verified), whose answers say who asked and hold back until the test opens a gate, so that the
 * requests are certainly in flight together.
 */
const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { whoAsks: Asker! }
  type Mutation { bump: Int! }
  type Asker { id: String! purpose: String counter: Int! }
`;

interface Probe {
  url: string;
  /** Executions of whoAsks / bump that reached the subgraph. */
  executions: number;
  counter: number;
  open(): void;
  close(): Promise<void>;
}

async function gatedSubgraph(): Promise<Probe> {
  let release!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  const probe = {
    url: '',
    executions: 0,
    counter: 0,
    open() {
      release();
      gate = new Promise<void>((r) => (release = r));
    },
    close: async () => undefined,
  };
  const definition = {
    name: 'probe',
    typeDefs: parse(SDL),
    resolvers: {
      Query: {
        whoAsks: async (_: unknown, __: unknown, ctx: { request: RequestContext }) => {
          probe.executions++;
          await gate;
          return { id: ctx.request.principal.kind === 'anonymous' ? 'anonymous' : ctx.request.principal.id, purpose: ctx.request.purpose ?? null, counter: probe.counter };
        },
      },
      Mutation: {
        bump: async () => {
          probe.executions++;
          await gate;
          return ++probe.counter;
        },
      },
    },
    buildContext: (request: RequestContext, deadline: unknown) => ({ request, deadline }),
    readinessChecks: {},
    logger: createLogger('test', 'silent'),
  };
  const apollo = createSubgraphApollo(definition as never);
  await apollo.start();
  const servers = createSubgraphHttpServers(definition as never, apollo, { verifier: HopVerifier.development(), tenants: Tenants.load(), maxDeadlineMs: 30_000, readinessCacheMs: 0 });
  const listening = await listen(servers.http, 0, '127.0.0.1');
  probe.url = `${listening.url}/graphql`;
  probe.close = async () => {
    probe.open();
    servers.http.closeAllConnections();
    await listening.close();
    await apollo.stop();
  };
  return probe;
}

describe('identical queries in flight at the gateway', () => {
  let probe: Probe;
  let supergraph: string;
  const logger = createLogger('test', 'silent');
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    probe = await gatedSubgraph();
    const composed = composeServices([{ name: 'probe', typeDefs: parse(SDL), url: probe.url }]);
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    supergraph = join(mkdtempSync(join(tmpdir(), 'gerbang-in-flight-')), 'supergraph.graphql');
    writeFileSync(supergraph, composed.supergraphSdl);
    for (const who of ['officer-a', 'officer-b']) tokens[who] = await issueToken({ sub: who, roles: ['OFFICER'], tenant: 'tangsel', region: '36.74' });
  });

  afterAll(async () => {
    await probe.close();
  });

  async function gateway(env: Record<string, string> = {}): Promise<{ server: GatewayServer; listening: Listening; stop(): Promise<void> }> {
    const config = loadGatewayConfig({ GERBANG_DEV_MODE: '1', GATEWAY_PORT: '0', GERBANG_SUPERGRAPH_PATH: supergraph, GATEWAY_RATE_LIMIT_PER_PRINCIPAL: 'off', GATEWAY_RATE_LIMIT_PER_ADDRESS: 'off', ...env });
    const server = await createGatewayServer(config, logger);
    const listening = await listen(server.http, 0, '127.0.0.1');
    return {
      server,
      listening,
      stop: async () => {
        server.http.closeAllConnections();
        await listening.close();
        await server.stop();
      },
    };
  }

  const post = async (url: string, query: string, who?: string, purpose?: string, signal?: AbortSignal) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (who) headers.authorization = `Bearer ${tokens[who]}`;
    if (purpose) headers['x-purpose'] = purpose;
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query }), signal });
    return (await res.json()) as { data?: any; errors?: unknown[] };
  };

  /** Waits until `n` executions have reached the subgraph (the rest, if any, are waiting on them). */
  const untilExecutions = async (n: number) => {
    const end = Date.now() + 5_000;
    while (probe.executions < n && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  };
  /** Lets the first ones through only once the others have had time to arrive and join. */
  const settle = () => new Promise((r) => setTimeout(r, 150));

  it('answers ten identical queries of one caller with one execution', async () => {
    const gw = await gateway();
    try {
      const before = probe.executions;
      const answers = Promise.all(Array.from({ length: 10 }, () => post(gw.listening.url, '{ whoAsks { id counter } }', 'officer-a', 'kerja')));
      await untilExecutions(before + 1);
      await settle();
      probe.open();
      const results = await answers;
      expect(probe.executions - before).toBe(1);
      for (const result of results) expect(result).toEqual({ data: { whoAsks: { id: 'officer-a', counter: probe.counter } } });
    } finally {
      await gw.stop();
    }
  });

  it('never shares between two callers, or one caller with two purposes', async () => {
    const gw = await gateway();
    try {
      const before = probe.executions;
      const query = '{ whoAsks { id purpose } }';
      const answers = Promise.all([post(gw.listening.url, query, 'officer-a', 'kerja'), post(gw.listening.url, query, 'officer-b', 'kerja'), post(gw.listening.url, query, 'officer-a', 'audit'), post(gw.listening.url, query)]);
      await untilExecutions(before + 4);
      probe.open();
      const [a, b, aOther, anonymous] = await answers;
      expect(probe.executions - before).toBe(4);
      expect(a!.data.whoAsks).toEqual({ id: 'officer-a', purpose: 'kerja' });
      expect(b!.data.whoAsks).toEqual({ id: 'officer-b', purpose: 'kerja' });
      expect(aOther!.data.whoAsks).toEqual({ id: 'officer-a', purpose: 'audit' });
      expect(anonymous!.data.whoAsks).toEqual({ id: 'anonymous', purpose: null });
    } finally {
      await gw.stop();
    }
  });

  it('never shares a mutation, and never an answer already given (no stale data)', async () => {
    const gw = await gateway();
    try {
      const before = probe.executions;
      const counter = probe.counter;
      const bumps = Promise.all(Array.from({ length: 3 }, () => post(gw.listening.url, 'mutation { bump }', 'officer-a', 'kerja')));
      await untilExecutions(before + 3);
      probe.open();
      expect((await bumps).map((r) => r.data.bump).sort()).toEqual([counter + 1, counter + 2, counter + 3]);
      expect(probe.executions - before).toBe(3);

      // The state changed after the last query's answer: the next identical query sees the change.
      const first = post(gw.listening.url, '{ whoAsks { counter } }', 'officer-a', 'kerja');
      await untilExecutions(before + 4);
      probe.open();
      expect((await first).data.whoAsks.counter).toBe(counter + 3);
      probe.counter += 10;
      const second = post(gw.listening.url, '{ whoAsks { counter } }', 'officer-a', 'kerja');
      await untilExecutions(before + 5);
      probe.open();
      expect((await second).data.whoAsks.counter).toBe(counter + 13);
    } finally {
      await gw.stop();
    }
  });

  it('keeps answering the others when the first caller hangs up', async () => {
    const gw = await gateway();
    try {
      const before = probe.executions;
      const leaving = new AbortController();
      const first = post(gw.listening.url, '{ whoAsks { id } }', 'officer-b', 'kerja', leaving.signal).catch((error: unknown) => error);
      await untilExecutions(before + 1);
      const second = post(gw.listening.url, '{ whoAsks { id } }', 'officer-b', 'kerja');
      await settle();
      leaving.abort();
      await first;
      await settle();
      probe.open();
      expect(await second).toEqual({ data: { whoAsks: { id: 'officer-b' } } });
      expect(probe.executions - before).toBe(1);
    } finally {
      await gw.stop();
    }
  });

  it('runs each request on its own with GATEWAY_MERGE_IN_FLIGHT=off', async () => {
    const gw = await gateway({ GATEWAY_MERGE_IN_FLIGHT: 'off' });
    try {
      const before = probe.executions;
      const answers = Promise.all(Array.from({ length: 4 }, () => post(gw.listening.url, '{ whoAsks { id } }', 'officer-a', 'kerja')));
      await untilExecutions(before + 4);
      probe.open();
      await answers;
      expect(probe.executions - before).toBe(4);
    } finally {
      await gw.stop();
    }
  });
});
