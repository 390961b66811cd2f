/**
 * `npm run bench:federation`: The Guild's public federation benchmark (four subgraphs, one nested
 * query, 50 connections) as a suite of our own. Starts the four subgraphs pinned on the "other"
 * core, then for each round and each gateway (alternating order) starts the gateway alone on its
 * core, warms it, loads it and records req/s, p50/p99, peak memory of its process tree, subgraph
 * requests per query, errors and non-200s; checks that every gateway returned the same answer;
 * prints one table per variant (merging on / off) and writes the raw results under var/bench/.
 * See docs/federation-benchmark.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstDifference, isGoodAnswer } from './answer';
import { BENCH_SUPERGRAPH_PATH, composeBenchSupergraph } from './compose';
import { inheritedEnvironment, loadFederationBenchConfig, VARIANTS } from './config';
import { makeHopKeys } from './gateways/gerbang';
import type { GatewayUnderTest } from './gateways/kinds';
import { selectGateways } from './gateways/registry';
import { abortLoads } from './load';
import { measure, type Measurement } from './measure';
import { assertPortFree, startPinned, stopEverything, waitFor, type Pinned } from './processes';
import { disturbances, formatTable, rowsFor } from './report';
import { SUBGRAPHS, subgraphUrl } from './subgraphs/catalogue';

const ROOT = join(__dirname, '..', '..');
const OUT_DIR = join(ROOT, 'var', 'bench');

/** Which code was measured: the commit, and whether gateway/ or core/ had uncommitted changes. */
function codeState(): { commit: string; uncommittedGatewayOrCore: boolean } {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  try {
    return { commit: git('rev-parse', 'HEAD'), uncommittedGatewayOrCore: git('status', '--porcelain', '--', 'gateway', 'core') !== '' };
  } catch {
    return { commit: 'unknown', uncommittedGatewayOrCore: true };
  }
}

// Read from node_modules directly: some packages do not export their package.json.
const versionOf = (pkg: string): string => (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

async function startSubgraphs(cpus: string, env: Record<string, string>, logDir: string): Promise<Pinned[]> {
  for (const { port } of SUBGRAPHS) await assertPortFree(port);
  const started = SUBGRAPHS.map(({ subgraph }) =>
    startPinned({ name: `${subgraph.name} subgraph`, cpus, command: process.execPath, args: ['--import', 'tsx', join(__dirname, 'subgraphs', 'main.ts'), subgraph.name], env, cwd: ROOT, logFile: join(logDir, `subgraph-${subgraph.name}.log`) }),
  );
  await Promise.all(started.map((proc, i) => waitFor(proc, 'readiness', async () => (await fetch(subgraphUrl(SUBGRAPHS[i]!.port, '/healthz'))).ok)));
  return started;
}

interface Failure {
  round: number;
  gateway: string;
  problem: string;
}

async function main(): Promise<void> {
  const config = loadFederationBenchConfig();
  const baseEnv = inheritedEnvironment();
  // The runner shares the "other" core with the subgraphs and the load generator, never the gateway's.
  execFileSync('taskset', ['-pc', config.BENCH_FED_OTHER_CPUS, String(process.pid)], { stdio: 'ignore' });
  if (readFileSync(BENCH_SUPERGRAPH_PATH, 'utf8') !== composeBenchSupergraph()) throw new Error('bench/federation/supergraph.graphql is out of date: run `node --import tsx bench/federation/compose.ts`');

  const gateways = selectGateways(config.BENCH_FED_GATEWAYS, config.BENCH_FED_VARIANTS);
  const variants = VARIANTS.filter((v) => config.BENCH_FED_VARIANTS.includes(v));
  const startedAt = new Date();
  const code = codeState();
  const logDir = join(OUT_DIR, 'federation-logs');
  mkdirSync(logDir, { recursive: true });
  const hopKeysDir = gateways.some((g) => g.kind === 'gerbang') ? mkdtempSync(join(tmpdir(), 'gerbang-bench-keys-')) : undefined;
  if (hopKeysDir) makeHopKeys(ROOT, hopKeysDir, baseEnv);

  const cleanUp = async () => {
    abortLoads();
    await stopEverything();
    if (hopKeysDir) rmSync(hopKeysDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

  const measurements: Measurement[] = [];
  const failures: Failure[] = [];
  try {
    await startSubgraphs(config.BENCH_FED_OTHER_CPUS, baseEnv, logDir);
    const context = { port: config.BENCH_FED_GATEWAY_PORT, adminPort: config.BENCH_FED_GATEWAY_ADMIN_PORT, supergraphPath: BENCH_SUPERGRAPH_PATH, baseEnv, root: ROOT, hopKeysDir };
    let reference: { gateway: string; json: unknown } | undefined;
    for (let round = 1; round <= config.BENCH_FED_ROUNDS; round += 1) {
      // Alternating order, so no gateway always runs first (or last) on a machine that drifts.
      const order: GatewayUnderTest[] = round % 2 === 1 ? gateways : [...gateways].reverse();
      for (const gateway of order) {
        process.stdout.write(`round ${round}/${config.BENCH_FED_ROUNDS}: ${gateway.label} ... `);
        try {
          const m = await measure(gateway, context, {
            round,
            gatewayCpus: config.BENCH_FED_GATEWAY_CPUS,
            otherCpus: config.BENCH_FED_OTHER_CPUS,
            connections: config.BENCH_FED_CONNECTIONS,
            warmupS: config.BENCH_FED_WARMUP_S,
            durationS: config.BENCH_FED_DURATION_S,
            logDir,
          });
          measurements.push(m);
          process.stdout.write(`${m.load.requestsPerSecond.toFixed(1)} req/s, p99 ${m.load.p99Ms} ms, ${m.peakMemoryMb} MB, ${m.subgraphRequestsPerQuery.toFixed(2)} subgraph req/query, gateway cpu ${m.gatewayCpu}%\n`);
          if (!isGoodAnswer(m.answer)) failures.push({ round, gateway: gateway.id, problem: `bad answer after warm-up (HTTP ${m.answer.status})` });
          else if (!reference) reference = { gateway: gateway.id, json: m.answer.json };
          else {
            const difference = firstDifference(reference.json, m.answer.json);
            if (difference) failures.push({ round, gateway: gateway.id, problem: `answers differ between ${reference.gateway} and ${gateway.id}, first at ${difference} (${reference.gateway}'s ≠ ${gateway.id}'s)` });
          }
        } catch (error) {
          process.stdout.write('failed\n');
          failures.push({ round, gateway: gateway.id, problem: error instanceof Error ? error.message : String(error) });
        }
      }
    }
  } finally {
    await cleanUp();
  }

  const cpus = { gateway: config.BENCH_FED_GATEWAY_CPUS, other: config.BENCH_FED_OTHER_CPUS };
  const tables = variants.map((variant) => ({ variant, rows: rowsFor(variant, gateways, measurements, cpus.other) }));
  const setting = `${config.BENCH_FED_ROUNDS} round(s) × ${config.BENCH_FED_DURATION_S} s after ${config.BENCH_FED_WARMUP_S} s warm-up, ${config.BENCH_FED_CONNECTIONS} connections, gateway on cpu ${cpus.gateway}, subgraphs and load on cpu ${cpus.other}; medians over rounds`;
  process.stdout.write(`\n${setting}\n`);
  for (const { variant, rows } of tables) {
    const title = variant === 'dedup-on' ? 'In-flight merging ON (Hive: inboundInflightRequestDeduplication; Gerbang: GATEWAY_MERGE_IN_FLIGHT=on)' : 'In-flight merging OFF (Hive and Gerbang)';
    process.stdout.write(`\n${formatTable(title, rows)}\n`);
  }
  const labelOf = (id: string) => gateways.find((g) => g.id === id)?.label ?? id;
  const suspect = disturbances(measurements, cpus.other, labelOf);
  if (suspect.length > 0) process.stdout.write(`\nsuspect rounds (compare with care, or run again on a quieter machine):\n${suspect.map((s) => `  ${s}`).join('\n')}\n`);
  const bytes = measurements[0]?.answer.bytes;
  process.stdout.write(failures.length === 0 ? `\nanswers: every gateway returned the same answer (${bytes} bytes)\n` : `\nFAILURES:\n${failures.map((f) => `  round ${f.round}, ${f.gateway}: ${f.problem}`).join('\n')}\n`);

  const file = join(OUT_DIR, `federation-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const raw = {
    startedAt: startedAt.toISOString(),
    node: process.version,
    code,
    versions: { '@apollo/gateway': versionOf('@apollo/gateway'), '@apollo/server': versionOf('@apollo/server'), '@graphql-hive/gateway': versionOf('@graphql-hive/gateway') },
    settings: { ...config, setting },
    tables,
    failures,
    suspect,
    measurements: measurements.map(({ answer, ...m }) => ({ ...m, answer: { status: answer.status, bytes: answer.bytes } })),
  };
  writeFileSync(file, `${JSON.stringify(raw, null, 2)}\n`);
  process.stdout.write(`raw results: ${file}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:federation failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
