/**
 * `npm run bench`: the gateway and the population subgraph loaded with the same queries in one
 * run, so the gateway's cost is read as a ratio against the direct baseline measured minutes
 * apart on the same (noisy) machine. Prints requests/s, p50/p99 latency, gateway/direct ratios
 * and SQL statements per request (from the subgraph's own Prometheus counter).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { composeSupergraph } from '@core/schema/compose';
import { GATEWAY_NODE_FLAGS } from './federation/gateways/gerbang';
import { Tenants } from '@core/tenants';
import { Authenticator } from '../gateway/src/auth/authenticator';
import { DEVELOPMENT_ISSUER } from '../gateway/src/auth/development-issuer';
import { issueToken } from '../gateway/src/auth/issue-token';
import { withoutAccessRules } from '../gateway/src/authorization/rules';
import { loadSimConfig } from '../legacy-sim/config';
import { provisionEstate } from '../legacy-sim/provision';
import { civilRegistryLegacyApps, populationLegacyApps, startLegacyApps } from '../scripts/lib/legacy-apps';
import { startProcess, stopAll, waitUntilReady, type RunningProcess } from '../scripts/lib/processes';
import { loadBenchConfig } from './config';
import { median } from './federation/report';
import { cpuMicrosOf, ownCpuMicros } from './cpu';
import { benchHopHeader, BENCH_PURPOSE } from './hop';
import { loadSamples } from './samples';
import { deathRegistration, SCENARIOS, type Samples, type Scenario } from './scenarios';

/**
 * Where a run's requests go. `direct`: the subgraph itself (the baseline). `gateway`: the full path
 * with an administrator's token, the schema's access rules and masking. `gateway-no-rules`: a
 * second gateway on the same supergraph with its access rules taken out, same token: the
 * difference is what authorisation costs. `direct-no-audit`: a second subgraph process with the
 * audit trail off (allowed in development mode only): the difference to `direct` is what the
 * trail costs. `pass-through`: a bare Node hop in front of the subgraph (bench/pass-through.ts:
 * node:http, the hop signature, the gateway's transport, nothing else): the floor under any Node
 * gateway on this machine. `gateway-baseline`: with BENCH_BASELINE_GATEWAY, the gateway built from
 * another commit, same settings: a change read against the code before it. Row rules sit in the
 * subgraph and are in every target.
 */
type Target = 'direct' | 'direct-no-audit' | 'pass-through' | 'gateway' | 'gateway-baseline' | 'gateway-no-rules';

interface Measurement {
  scenario: string;
  target: Target;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
  sqlPerRequest: number;
  /** CPU per request, µs: the load generator (this process), the gateway (none for direct targets), the subgraph. */
  cpu: { loader: number; gateway?: number; subgraph?: number };
}



/** Per scenario and target, the rounds' medians (failures added up). */
function medians(rounds: Measurement[][]): Measurement[] {
  return rounds[0]!.map((first) => {
    const all = rounds.map((round) => round.find((m) => m.scenario === first.scenario && m.target === first.target)!);
    return {
      ...first,
      requestsPerSecond: median(all.map((m) => m.requestsPerSecond)),
      p50: median(all.map((m) => m.p50)),
      p99: median(all.map((m) => m.p99)),
      requests: all.reduce((sum, m) => sum + m.requests, 0),
      failures: all.reduce((sum, m) => sum + m.failures, 0),
      sqlPerRequest: median(all.map((m) => m.sqlPerRequest)),
      cpu: {
        loader: median(all.map((m) => m.cpu.loader)),
        ...(first.cpu.gateway !== undefined ? { gateway: median(all.map((m) => m.cpu.gateway ?? 0)) } : {}),
        ...(first.cpu.subgraph !== undefined ? { subgraph: median(all.map((m) => m.cpu.subgraph ?? 0)) } : {}),
      },
    };
  });
}

type Ratio = { median: number; min: number; max: number };

/**
 * The ratio of two targets' req/s (or of another figure, e.g. the CPU in front) in each round
 * (measured minutes apart, not hours): its median and range.
 */
function ratioOverRounds(rounds: Measurement[][], scenario: string, target: Target, baseline: Target, figure: (m: Measurement) => number | undefined = (m) => m.requestsPerSecond): Ratio | undefined {
  const ratios = rounds.map((round) => {
    const a = round.find((m) => m.scenario === scenario && m.target === target);
    const b = round.find((m) => m.scenario === scenario && m.target === baseline);
    const [x, y] = [a && figure(a), b && figure(b)];
    return x !== undefined && y !== undefined && y > 0 ? x / y : undefined;
  }).filter((r): r is number => r !== undefined);
  return ratios.length ? { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) } : undefined;
}

/** A ratio as the tables print it: median (range of the rounds). */
function ratioText(ratio: Ratio): string {
  return `${fmt(ratio.median, 2)} (${fmt(ratio.min, 2)}–${fmt(ratio.max, 2)})`;
}

async function statementsSoFar(subgraphAdminUrl: string): Promise<number> {
  const text = await (await fetch(`${subgraphAdminUrl}/metrics`)).text();
  const match = /^gerbang_legacy_statements_total\{app="siak"\} (\d+)/m.exec(text);
  return match ? Number(match[1]) : 0;
}

/**
 * Headers for one request. Straight to the subgraph, the bench signs each request as the gateway
 * would (a hop token is single-use and bound to its body), with the development key.
 */
type SignFor = (body: string) => Record<string, string>;
const unsigned: SignFor = () => ({});
const bearer = (token: string): SignFor => () => ({ authorization: `Bearer ${token}`, 'x-purpose': BENCH_PURPOSE });

/**
 * What checking callers' tokens costs the gateway, measured in this process (µs per request): a
 * token seen for the first time (signature verified), and one seen again (remembered).
 */
async function authenticationMicros(): Promise<{ first: number; again: number }> {
  const authenticator = new Authenticator({ keys: { kind: 'development' }, issuer: DEVELOPMENT_ISSUER, audience: 'gerbang', clockToleranceS: 30 }, Tenants.load());
  const tokens = await Promise.all(Array.from({ length: 400 }, (_, i) => issueToken({ sub: `bench-${i}`, roles: ['ADMINISTRATOR'], tenant: 'tangsel' })));
  for (const token of tokens.slice(0, 100)) await authenticator.authenticate(`Bearer ${token}`);
  let started = performance.now();
  for (const token of tokens.slice(100)) await authenticator.authenticate(`Bearer ${token}`);
  const first = ((performance.now() - started) * 1000) / 300;
  started = performance.now();
  for (let i = 0; i < 3_000; i += 1) await authenticator.authenticate(`Bearer ${tokens[i % 300]}`);
  return { first, again: ((performance.now() - started) * 1000) / 3_000 };
}

async function load(url: string, scenario: Scenario, samples: Samples, sign: SignFor, seconds: number, connections: number, rate: number): Promise<autocannon.Result> {
  let i = 0;
  return autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    connections,
    duration: seconds,
    ...(rate > 0 ? { overallRate: rate } : {}),
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          const body = JSON.stringify(scenario.body(i++, samples));
          return { ...req, body, headers: { ...req.headers, ...sign(body) } };
        },
      },
    ],
  });
}

async function checkAnswers(url: string, scenario: Scenario, samples: Samples, sign: SignFor): Promise<void> {
  const body = JSON.stringify(scenario.body(0, samples));
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(body) }, body });
  const answer = (await res.json()) as { data?: unknown; errors?: unknown };
  if (!res.ok || answer.errors || !answer.data) throw new Error(`${scenario.name} at ${url} does not answer correctly: ${JSON.stringify(answer).slice(0, 300)}`);
}

/** BENCH_PIN=on: the gateways and this process (the load generator) on CPU 0, every other process (subgraphs, legacy apps) on CPU 1. */
function pinToCores(running: RunningProcess[], gateways: RunningProcess[]): void {
  const pin = (cpus: string, pid: number | undefined) => pid !== undefined && execFileSync('taskset', ['-a', '-pc', cpus, String(pid)], { stdio: 'ignore' });
  pin('0', process.pid);
  for (const proc of running) pin(gateways.includes(proc) ? '0' : '1', proc.child.pid);
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

async function main(): Promise<void> {
  const bench = loadBenchConfig();
  const sim = loadSimConfig();
  const started = Date.now();
  await provisionEstate(sim.storage, sim.world, { log: (l) => process.stderr.write(l + '\n') });
  const samples = await loadSamples();

  const populationUrl = `http://127.0.0.1:${bench.BENCH_POPULATION_PORT}`;
  const gatewayUrl = `http://127.0.0.1:${bench.BENCH_GATEWAY_PORT}`;
  const openGatewayUrl = `http://127.0.0.1:${bench.BENCH_OPEN_GATEWAY_PORT}`;
  const passThroughUrl = `http://127.0.0.1:${bench.BENCH_PASS_THROUGH_PORT}`;
  const noAuditUrl = `http://127.0.0.1:${bench.BENCH_NO_AUDIT_PORT}`;
  const noAuditAdminUrl = `http://127.0.0.1:${bench.BENCH_NO_AUDIT_ADMIN_PORT}`;
  const civilRegistryUrl = `http://127.0.0.1:${bench.BENCH_CIVIL_REGISTRY_PORT}`;
  const running: RunningProcess[] = [];
  try {
    // The bench signs direct calls with the development key, so both processes run in development mode.
    const populationAdminUrl = `http://127.0.0.1:${bench.BENCH_POPULATION_ADMIN_PORT}`;
    // The IKD app's own rate limit (it answers 429 when pressed) would measure the app, not Gerbang.
    const cardEnv = startLegacyApps(populationLegacyApps(), running, { GERBANG_LOG_LEVEL: 'warn', IKD_SIM_RATE_LIMIT: '100000' });
    const subgraphEnv = { ...cardEnv, GERBANG_DEV_MODE: '1', GERBANG_LOG_LEVEL: 'warn' };
    const sub = startProcess('population subgraph', 'subgraphs/population/src/index.ts', { ...subgraphEnv, POPULATION_PORT: String(bench.BENCH_POPULATION_PORT), POPULATION_ADMIN_PORT: String(bench.BENCH_POPULATION_ADMIN_PORT) });
    running.push(sub);
    const noAudit = startProcess('population subgraph without audit', 'subgraphs/population/src/index.ts', { ...subgraphEnv, POPULATION_AUDIT_FOR_BENCHMARK: 'off', POPULATION_PORT: String(bench.BENCH_NO_AUDIT_PORT), POPULATION_ADMIN_PORT: String(bench.BENCH_NO_AUDIT_ADMIN_PORT) });
    running.push(noAudit);
    // The civil registry: its SOAP registries and capil-perubahan's batch job, then the subgraph.
    const registryEnv = startLegacyApps(civilRegistryLegacyApps(), running, { GERBANG_LOG_LEVEL: 'warn' });
    const registry = startProcess('civil-registry subgraph', 'subgraphs/civil-registry/src/index.ts', { ...registryEnv, GERBANG_DEV_MODE: '1', GERBANG_LOG_LEVEL: 'warn', CIVIL_REGISTRY_PORT: String(bench.BENCH_CIVIL_REGISTRY_PORT), CIVIL_REGISTRY_ADMIN_PORT: String(bench.BENCH_CIVIL_REGISTRY_ADMIN_PORT) });
    running.push(registry);
    await waitUntilReady(sub, `${populationUrl}/readyz`);
    await waitUntilReady(noAudit, `${noAuditUrl}/readyz`);
    await waitUntilReady(registry, `${civilRegistryUrl}/readyz`);
    // The supergraph of the two subgraphs the bench runs (the committed one names every subgraph).
    const benchSupergraph = join(__dirname, '..', 'var', 'bench', 'supergraph-bench.graphql');
    mkdirSync(dirname(benchSupergraph), { recursive: true });
    writeFileSync(benchSupergraph, composeSupergraph(['population', 'civil-registry']));
    const gatewayEnv = { GERBANG_DEV_MODE: '1', GERBANG_SUPERGRAPH_PATH: benchSupergraph, GATEWAY_RATE_LIMIT_PER_ADDRESS: 'off', GATEWAY_RATE_LIMIT_PER_PRINCIPAL: 'off', SUBGRAPH_POPULATION_URL: `${populationUrl}/graphql`, SUBGRAPH_CIVIL_REGISTRY_URL: `${civilRegistryUrl}/graphql`, GERBANG_LOG_LEVEL: 'warn' };
    // The gateway as `npm run gateway` runs it: built into one file, with its Node flags.
    execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'build-gateway.mjs')], { stdio: 'ignore' });
    const profile = bench.BENCH_GATEWAY_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${bench.BENCH_GATEWAY_CPU_PROF_DIR}`] : [];
    const gatewayRun = { nodeFlags: [...GATEWAY_NODE_FLAGS, ...profile] };
    const gw = startProcess('gateway', 'dist/gateway.cjs', { ...gatewayEnv, GATEWAY_PORT: String(bench.BENCH_GATEWAY_PORT), GATEWAY_ADMIN_PORT: String(bench.BENCH_GATEWAY_ADMIN_PORT) }, gatewayRun);
    running.push(gw);
    // The same supergraph without its access rules: what the gateway costs without authorisation.
    const openSupergraph = join(__dirname, '..', 'var', 'bench', 'supergraph-without-rules.graphql');
    writeFileSync(openSupergraph, withoutAccessRules(readFileSync(benchSupergraph, 'utf8')));
    const open = startProcess('gateway without rules', 'dist/gateway.cjs', { ...gatewayEnv, GERBANG_SUPERGRAPH_PATH: openSupergraph, GATEWAY_PORT: String(bench.BENCH_OPEN_GATEWAY_PORT), GATEWAY_ADMIN_PORT: String(bench.BENCH_OPEN_GATEWAY_ADMIN_PORT) }, gatewayRun);
    running.push(open);
    // The floor: a bare Node hop to the same subgraph (bench/pass-through.ts), on the gateways' flags.
    const passThrough = startProcess('pass-through', 'bench/pass-through.ts', { GERBANG_DEV_MODE: '1' }, gatewayRun);
    running.push(passThrough);
    // A change against the code before it: the gateway built from another commit, same settings.
    const baselineUrl = `http://127.0.0.1:${bench.BENCH_BASELINE_GATEWAY_PORT}`;
    const baseline = bench.BENCH_BASELINE_GATEWAY
      ? startProcess('gateway (baseline)', bench.BENCH_BASELINE_GATEWAY, { ...gatewayEnv, GATEWAY_PORT: String(bench.BENCH_BASELINE_GATEWAY_PORT), GATEWAY_ADMIN_PORT: String(bench.BENCH_BASELINE_GATEWAY_ADMIN_PORT) }, bench.BENCH_BASELINE_GATEWAY_NODE_FLAGS === undefined ? gatewayRun : { nodeFlags: [...bench.BENCH_BASELINE_GATEWAY_NODE_FLAGS.split(' ').filter(Boolean), ...profile] })
      : undefined;
    if (baseline) running.push(baseline);
    await waitUntilReady(gw, `${gatewayUrl}/readyz`);
    if (baseline) await waitUntilReady(baseline, `${baselineUrl}/readyz`);
    await waitUntilReady(open, `${openGatewayUrl}/readyz`);
    await waitUntilReady(passThrough, `${passThroughUrl}/readyz`);
    if (bench.BENCH_PIN === 'on') pinToCores(running, [gw, open, passThrough, ...(baseline ? [baseline] : [])]);
    const token = await issueToken({ sub: 'bench-administrator', roles: ['ADMINISTRATOR'], tenant: 'tangsel', ttlS: 6 * 3600 });
    const targets: Record<Target, { url: string; sign: SignFor; subgraphAdminUrl: string; gatewayPid?: number; subgraphPid?: number } | undefined> = {
      direct: { url: populationUrl, sign: benchHopHeader, subgraphAdminUrl: populationAdminUrl, subgraphPid: sub.child.pid },
      'direct-no-audit': { url: noAuditUrl, sign: benchHopHeader, subgraphAdminUrl: noAuditAdminUrl, subgraphPid: noAudit.child.pid },
      'pass-through': { url: passThroughUrl, sign: unsigned, subgraphAdminUrl: populationAdminUrl, gatewayPid: passThrough.child.pid, subgraphPid: sub.child.pid },
      gateway: { url: gatewayUrl, sign: bearer(token), subgraphAdminUrl: populationAdminUrl, gatewayPid: gw.child.pid, subgraphPid: sub.child.pid },
      'gateway-baseline': baseline ? { url: baselineUrl, sign: bearer(token), subgraphAdminUrl: populationAdminUrl, gatewayPid: baseline.child.pid, subgraphPid: sub.child.pid } : undefined,
      'gateway-no-rules': { url: openGatewayUrl, sign: bearer(token), subgraphAdminUrl: populationAdminUrl, gatewayPid: open.child.pid, subgraphPid: sub.child.pid },
    };

    const wanted = bench.BENCH_SCENARIOS ? bench.BENCH_SCENARIOS.split(',') : SCENARIOS.map((s) => s.name);
    const scenarios = SCENARIOS.filter((s) => wanted.includes(s.name));
    // Each scenario's answers checked once per target, then the rounds: every target in turn, so that
    // a slow minute of the machine falls on all of them alike.
    const wantedTargets = bench.BENCH_TARGETS ? bench.BENCH_TARGETS.split(',') : undefined;
    const targetsOf = (scenario: (typeof SCENARIOS)[number]) => (scenario.gatewayOnly ? (['gateway', 'gateway-baseline', 'gateway-no-rules'] as const) : (['direct', 'direct-no-audit', 'pass-through', 'gateway', 'gateway-baseline', 'gateway-no-rules'] as const))
      .filter((t) => targets[t] && (!wantedTargets || wantedTargets.includes(t)));
    for (const scenario of scenarios) for (const target of targetsOf(scenario)) await checkAnswers(targets[target]!.url, scenario, samples, targets[target]!.sign);
    const rounds: Measurement[][] = [];
    for (let round = 1; round <= bench.BENCH_ROUNDS; round++) {
      const measured: Measurement[] = [];
      for (const scenario of scenarios) {
        for (const target of targetsOf(scenario)) {
          const { url, sign, subgraphAdminUrl, gatewayPid, subgraphPid } = targets[target]!;
          if (bench.BENCH_WARMUP_S > 0) await load(url, scenario, samples, sign, bench.BENCH_WARMUP_S, bench.BENCH_CONNECTIONS, bench.BENCH_RATE);
          const before = await statementsSoFar(subgraphAdminUrl);
          const cpuBefore = { loader: ownCpuMicros(), gateway: cpuMicrosOf(gatewayPid), subgraph: cpuMicrosOf(subgraphPid) };
          const r = await load(url, scenario, samples, sign, bench.BENCH_DURATION_S, bench.BENCH_CONNECTIONS, bench.BENCH_RATE);
          const cpuAfter = { loader: ownCpuMicros(), gateway: cpuMicrosOf(gatewayPid), subgraph: cpuMicrosOf(subgraphPid) };
          const statements = (await statementsSoFar(subgraphAdminUrl)) - before;
          const perRequest = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && r.requests.total > 0 ? (b - a) / r.requests.total : undefined);
          const m: Measurement = {
            scenario: scenario.name,
            target,
            requestsPerSecond: r.requests.average,
            p50: r.latency.p50,
            p99: r.latency.p99,
            requests: r.requests.total,
            failures: r.non2xx + r.errors + r.timeouts,
            sqlPerRequest: r.requests.total > 0 ? statements / r.requests.total : 0,
            cpu: {
              loader: perRequest(cpuBefore.loader, cpuAfter.loader) ?? 0,
              ...(gatewayPid !== undefined ? { gateway: perRequest(cpuBefore.gateway, cpuAfter.gateway) } : {}),
              ...(subgraphPid !== undefined ? { subgraph: perRequest(cpuBefore.subgraph, cpuAfter.subgraph) } : {}),
            },
          };
          measured.push(m);
          process.stderr.write(`round ${round}, ${scenario.name} ${target}: ${fmt(m.requestsPerSecond)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, ${fmt(m.sqlPerRequest, 2)} SQL/req, ${m.failures} failures, CPU µs/req loader ${fmt(m.cpu.loader)} in front ${fmt(m.cpu.gateway ?? 0)} subgraph ${fmt(m.cpu.subgraph ?? 0)}\n`);
        }
      }
      rounds.push(measured);
    }
    const results = medians(rounds);

    const lines = [
      `Gerbang bench: world scale ${fmt(sim.world.scale)} residents (${sim.storage.mysqlUrl ? 'MariaDB' : 'SQLite'}), ${bench.BENCH_CONNECTIONS} connections, ${bench.BENCH_DURATION_S}s per run, median of ${bench.BENCH_ROUNDS} round${bench.BENCH_ROUNDS > 1 ? 's' : ''}${bench.BENCH_PIN === 'on' ? ', pinned (gateways and load generator on CPU 0, subgraphs and legacy apps on CPU 1)' : ''}`,
      '',
      '| scenario | target | req/s | p50 ms | p99 ms | target/direct req/s (range) | target/direct p50 (added ms) | SQL/request | failures |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ];
    for (const m of results) {
      const direct = results.find((d) => d.scenario === m.scenario && d.target === 'direct');
      // Every target in front of the subgraph is read against it.
      const inFront = (m.target === 'pass-through' || m.target.startsWith('gateway')) && direct;
      const ratio = inFront ? ratioOverRounds(rounds, m.scenario, m.target, 'direct') : undefined;
      const ratioCell = ratio ? ratioText(ratio) : '';
      const latencyRatio = inFront && direct.p50 > 0 ? `${fmt(m.p50 / direct.p50, 2)} (+${fmt(m.p50 - direct.p50, 0)})` : '';
      lines.push(`| ${m.scenario} | ${m.target} | ${fmt(m.requestsPerSecond)} | ${m.p50} | ${m.p99} | ${ratioCell} | ${latencyRatio} | ${fmt(m.sqlPerRequest, 2)} | ${m.failures} |`);
    }
    // Where a request's CPU goes: steadier than req/s, and what decides req/s when the processes share the cores.
    lines.push('');
    lines.push('| scenario | target | CPU µs/request: load generator | in front (gateway or pass-through) | subgraph | all three |');
    lines.push('|---|---|---:|---:|---:|---:|');
    for (const m of results) {
      const all = m.cpu.loader + (m.cpu.gateway ?? 0) + (m.cpu.subgraph ?? 0);
      lines.push(`| ${m.scenario} | ${m.target} | ${fmt(m.cpu.loader)} | ${m.cpu.gateway !== undefined ? fmt(m.cpu.gateway) : ''} | ${m.cpu.subgraph !== undefined ? fmt(m.cpu.subgraph) : ''} | ${fmt(all)} |`);
    }
    // The floor: what any Node hop costs here, and what Gerbang's gateway adds above it.
    const floors = [...new Set(results.map((m) => m.scenario))].flatMap((scenario) => {
      const hop = results.find((m) => m.scenario === scenario && m.target === 'pass-through');
      const full = results.find((m) => m.scenario === scenario && m.target === 'gateway');
      const bare = ratioOverRounds(rounds, scenario, 'pass-through', 'direct');
      const above = ratioOverRounds(rounds, scenario, 'gateway', 'pass-through');
      return hop && full && bare && above ? [`| ${scenario} | ${ratioText(bare)} | ${ratioText(above)} | ${fmt(hop.cpu.gateway ?? 0)} | ${fmt(full.cpu.gateway ?? 0)} |`] : [];
    });
    if (floors.length) {
      lines.push('');
      lines.push('| scenario | pass-through/direct req/s: any Node hop | gateway/pass-through req/s: what Gerbang adds | CPU µs/request: pass-through | gateway |');
      lines.push('|---|---:|---:|---:|---:|');
      lines.push(...floors);
    }
    // The write: deaths registered through the outbox into akta-mati and SIAK, a fixed number of them.
    let deaths: { count: number; requestsPerSecond: number; p50: number; p99: number; delivered: number; failures: number } | undefined;
    const pool = samples.deathPool.length;
    const wantedDeaths = Math.min(bench.BENCH_DEATHS, pool);
    if (wantedDeaths > 0) {
      const run = Date.now().toString(36);
      let i = 0;
      let delivered = 0;
      const result = await autocannon({
        url: `${gatewayUrl}/graphql`,
        method: 'POST',
        connections: Math.min(4, bench.BENCH_CONNECTIONS),
        amount: wantedDeaths,
        headers: { 'content-type': 'application/json', ...bearer(token)('') },
        requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(deathRegistration(i++, samples, run)) }), onResponse: (_status, body) => {
          if (String(body).includes('"state":"DELIVERED"')) delivered += 1;
        } }],
      });
      deaths = { count: result.requests.total, requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, delivered, failures: result.non2xx + result.errors + result.timeouts };
      process.stderr.write(`register-death: ${deaths.count} requests, ${fmt(deaths.requestsPerSecond)} req/s, p50 ${deaths.p50} ms, p99 ${deaths.p99} ms, ${deaths.delivered} delivered to both apps at once\n`);
    }
    // A change against the code before it (BENCH_BASELINE_GATEWAY): per round, then the median and range.
    const changes = [...new Set(results.map((m) => m.scenario))].flatMap((scenario) => {
      const now = results.find((m) => m.scenario === scenario && m.target === 'gateway');
      const before = results.find((m) => m.scenario === scenario && m.target === 'gateway-baseline');
      const throughput = ratioOverRounds(rounds, scenario, 'gateway', 'gateway-baseline');
      const cpu = ratioOverRounds(rounds, scenario, 'gateway', 'gateway-baseline', (m) => m.cpu.gateway);
      return now && before && throughput && cpu ? [`| ${scenario} | ${ratioText(throughput)} | ${ratioText(cpu)} | ${fmt(before.cpu.gateway ?? 0)} | ${fmt(now.cpu.gateway ?? 0)} |`] : [];
    });
    if (changes.length) {
      lines.push('');
      lines.push(`| scenario | gateway/gateway-baseline req/s | gateway/gateway-baseline CPU per request | CPU µs/request: baseline (${bench.BENCH_BASELINE_GATEWAY}) | gateway |`);
      lines.push('|---|---:|---:|---:|---:|');
      lines.push(...changes);
    }
    if (deaths) {
      lines.push('');
      lines.push('| write | requests | req/s | p50 ms | p99 ms | delivered to akta-mati and SIAK before answering | failures |');
      lines.push('|---|---:|---:|---:|---:|---:|---:|');
      lines.push(`| registerDeath (gateway, 4 connections) | ${deaths.count} | ${fmt(deaths.requestsPerSecond)} | ${deaths.p50} | ${deaths.p99} | ${deaths.delivered} | ${deaths.failures} |`);
    }
    const authMicros = await authenticationMicros();
    lines.push('');
    lines.push('| security cost | measured |');
    lines.push('|---|---:|');
    for (const scenario of [...new Set(results.map((m) => m.scenario))]) {
      const full = results.find((m) => m.scenario === scenario && m.target === 'gateway');
      const open = results.find((m) => m.scenario === scenario && m.target === 'gateway-no-rules');
      const authorisation = ratioOverRounds(rounds, scenario, 'gateway', 'gateway-no-rules');
      if (full && open && authorisation) lines.push(`| ${scenario}: authorisation (gateway / gateway-no-rules req/s) | ${fmt(authorisation.median, 2)} |`);
      const audited = results.find((m) => m.scenario === scenario && m.target === 'direct');
      const unaudited = results.find((m) => m.scenario === scenario && m.target === 'direct-no-audit');
      const trail = ratioOverRounds(rounds, scenario, 'direct', 'direct-no-audit');
      if (audited && unaudited && trail) lines.push(`| ${scenario}: audit trail (direct / direct-no-audit req/s) | ${fmt(trail.median, 2)} |`);
    }
    lines.push(`| authentication: a token seen for the first time (EdDSA verified by jose) | ${fmt(authMicros.first, 0)} µs |`);
    lines.push(`| authentication: a token seen again (remembered until it expires) | ${fmt(authMicros.again, 1)} µs |`);
    process.stdout.write(`\n${lines.join('\n')}\n\n(total ${fmt((Date.now() - started) / 1000, 0)}s)\n`);
    const dir = join(__dirname, '..', 'var', 'bench');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), scale: sim.world.scale, bench, results, rounds, deaths }, null, 2));
    if (results.some((m) => m.failures > 0) || (deaths?.failures ?? 0) > 0) process.exitCode = 1;
  } finally {
    await stopAll(running);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
