import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { HopVerifier } from '@core/context/hop-keys';
import { listen, type Listening } from '@core/http/graphql-server';
import { createLogger } from '@core/log';
import { createSubgraphApollo, createSubgraphHttpServers } from '@core/subgraph/subgraph-server';
import { Tenants } from '@core/tenants';
import { freePort } from '../support/ports';

/**
 * The gateway on several cores (GATEWAY_WORKERS): worker processes share the public port, and the
 * primary keeps what must stay one — the rate-limit counters (N workers allow the limit, not N
 * times it), the metrics (summed over workers), a dead worker replaced, a clean stop. The
 * gateway runs as its own process tree here, in front of a small real subgraph.
 */
const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { ping: String! }
`;

/** One request on a connection of its own (the cluster hands each new connection to a worker in turn). */
function post(port: number, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent: false, headers: { 'content-type': 'application/json', connection: 'close' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const workerPids = (primary: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(primary)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the gateway on several worker processes', () => {
  let subgraph: Listening;
  let stopSubgraph: () => Promise<void>;
  let dir: string;
  let gateway: ChildProcess;
  let port: number;
  let adminPort: number;
  let output = '';

  beforeAll(async () => {
    const definition = {
      name: 'probe',
      typeDefs: parse(SDL),
      resolvers: { Query: { ping: () => 'pong' } },
      buildContext: (request: unknown, deadline: unknown) => ({ request, deadline }),
      readinessChecks: {},
      logger: createLogger('test', 'silent'),
    };
    const apollo = createSubgraphApollo(definition as never);
    await apollo.start();
    const servers = createSubgraphHttpServers(definition as never, apollo, { verifier: HopVerifier.development(), tenants: Tenants.load(), maxDeadlineMs: 30_000, readinessCacheMs: 0 });
    subgraph = await listen(servers.http, 0, '127.0.0.1');
    stopSubgraph = async () => {
      servers.http.closeAllConnections();
      await subgraph.close();
      await apollo.stop();
    };
    const composed = composeServices([{ name: 'probe', typeDefs: parse(SDL), url: `${subgraph.url}/graphql` }]);
    dir = mkdtempSync(join(tmpdir(), 'gerbang-cluster-'));
    writeFileSync(join(dir, 'supergraph.graphql'), composed.supergraphSdl!);
    [port, adminPort] = [await freePort(), await freePort()];
    gateway = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'gateway', 'src', 'index.ts')], {
      env: {
        ...process.env,
        APOLLO_TELEMETRY_DISABLED: 'true',
        GERBANG_DEV_MODE: '1',
        GERBANG_LOG_LEVEL: 'warn',
        GERBANG_SUPERGRAPH_PATH: join(dir, 'supergraph.graphql'),
        GATEWAY_PORT: String(port),
        GATEWAY_ADMIN_PORT: String(adminPort),
        GATEWAY_WORKERS: '2',
        GATEWAY_RATE_LIMIT_PER_ADDRESS: '6/60s',
        GATEWAY_RATE_LIMIT_PER_PRINCIPAL: 'off',
        REDIS_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    gateway.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    gateway.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    await until('two workers listening', async () => {
      if (workerPids(gateway.pid!).length < 2) return undefined;
      try {
        return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok || undefined;
      } catch {
        return undefined;
      }
    }, 60_000);
  }, 90_000);

  afterAll(async () => {
    if (gateway && gateway.exitCode === null) gateway.kill('SIGKILL');
    await stopSubgraph?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shares one rate limit across the workers, and sums their metrics on the admin listener', async () => {
    const answers = [];
    for (let i = 0; i < 12; i += 1) answers.push(await post(port, JSON.stringify({ query: '{ ping }' })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(6);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(6);
    // A worker counts a request when its answer has been written, and the primary gathers the
    // workers' counts when asked: read until both are in (or give up and show what was read).
    const counts = async () => {
      const metrics = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
      const counted = (status: string) => Number(new RegExp(`gerbang_gateway_http_requests_total\\{route="graphql",status="${status}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
      return { ok: counted('2xx'), refused: counted('4xx') };
    };
    let seen = await counts();
    for (let i = 0; i < 50 && (seen.ok < 6 || seen.refused < 6); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await counts();
    }
    expect(seen).toEqual({ ok: 6, refused: 6 });
  }, 30_000);

  it('starts a worker again when one dies, and stops every process on SIGTERM', async () => {
    const [victim, other] = workerPids(gateway.pid!);
    process.kill(victim!, 'SIGKILL');
    const replaced = await until('a new worker', () => {
      const now = workerPids(gateway.pid!);
      return now.length === 2 && !now.includes(victim!) && now.includes(other!) ? now : undefined;
    });
    expect(replaced).toHaveLength(2);
    const exited = new Promise<number | null>((resolve) => gateway.once('exit', (code) => resolve(code)));
    gateway.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(workerPids(gateway.pid!)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    expect(output).not.toMatch(/keep dying/);
  }, 60_000);
});
