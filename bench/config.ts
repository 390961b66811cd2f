import { z } from 'zod';
import { loadConfig, port } from '@core/config/load';

/** Benchmark settings (env); the world's scale comes from the legacy-sim config (GERBANG_WORLD_SCALE). */
const schema = z.object({
  BENCH_DURATION_S: z.coerce.number().min(1).max(600).default(10),
  BENCH_WARMUP_S: z.coerce.number().min(0).max(60).default(2),
  BENCH_CONNECTIONS: z.coerce.number().int().min(1).max(1000).default(16),
  BENCH_GATEWAY_PORT: port(4100),
  BENCH_POPULATION_PORT: port(4101),
  BENCH_GATEWAY_ADMIN_PORT: port(9500),
  BENCH_POPULATION_ADMIN_PORT: port(9501),
  BENCH_OPEN_GATEWAY_PORT: port(4102),
  BENCH_NO_AUDIT_PORT: port(4103),
  /** The `pass-through` target (bench/pass-through.ts). */
  BENCH_PASS_THROUGH_PORT: port(4104),
  BENCH_CIVIL_REGISTRY_PORT: port(4105),
  BENCH_CIVIL_REGISTRY_ADMIN_PORT: port(9505),
  BENCH_NO_AUDIT_ADMIN_PORT: port(9503),
  BENCH_OPEN_GATEWAY_ADMIN_PORT: port(9502),
  /** `npm run bench:upload`: file sizes in MB (decimal), and the documents subgraph's port. */
  BENCH_UPLOAD_SIZES_MB: z.string().regex(/^\d+(,\d+)*$/).default('2,20,200'),
  BENCH_DOCUMENTS_PORT: port(4106),
  /**
   * A gateway bundle built from another commit (`node scripts/build-gateway.mjs --at <commit>` writes
   * dist/gateway-baseline.cjs), path from the project root: run as the `gateway-baseline` target beside
   * `gateway`, same settings, alternating in every round, so a change is read against the code before
   * it on the same minutes of the machine.
   */
  BENCH_BASELINE_GATEWAY: z.string().optional(),
  /** Node flags for the baseline gateway instead of the gateway's own (space-separated): a flag measured against none, on the same bundle. */
  BENCH_BASELINE_GATEWAY_NODE_FLAGS: z.string().optional(),
  BENCH_BASELINE_GATEWAY_PORT: port(4107),
  BENCH_BASELINE_GATEWAY_ADMIN_PORT: port(9507),
  /** A folder: the gateways and the pass-through run with `--cpu-prof` and write their profiles there (open them in Chrome DevTools). */
  BENCH_GATEWAY_CPU_PROF_DIR: z.string().optional(),
  /**
   * Rounds: every target of every scenario is measured once per round, in turn, and the figures are
   * the rounds' medians (a ratio is the median of the rounds' ratios, printed with its range). On a
   * small shared machine one round's ratio moves by ±0.1; three rounds settle it within a few hundredths.
   */
  BENCH_ROUNDS: z.coerce.number().int().min(1).max(20).default(3),
  /**
   * Requests per second offered in each run (all connections together), instead of as many as the
   * targets answer: at one fixed load, CPU per request compares across runs and commits (closed-loop
   * runs batch more work per wake-up when busier, which moves it by ±10 %). 0: as fast as they answer.
   */
  BENCH_RATE: z.coerce.number().int().min(0).max(100_000).default(0),
  /**
   * `on`: the gateways and the load generator on CPU 0, the subgraphs and legacy apps on CPU 1 (all
   * their threads, with `taskset`), as the public benchmark pins its gateways: the gateway then
   * has CPU of its own, as in production, instead of taking it from the subgraph. `off`: the
   * scheduler shares both cores among them all (the figures compared across sessions).
   */
  BENCH_PIN: z.enum(['off', 'on']).default('off'),
  /** Comma-separated targets to run (direct, direct-no-audit, pass-through, gateway, gateway-baseline, gateway-no-rules); all when empty. */
  BENCH_TARGETS: z.string().default(''),
  /** Comma-separated scenario names to run; all when empty. */
  BENCH_SCENARIOS: z.string().default(''),
  /** Deaths registered in the write run (each a different living resident; 0 skips it). */
  BENCH_DEATHS: z.coerce.number().int().min(0).max(1_000).default(100),

  // `npm run chaos` (bench/chaos.ts): steady open-loop load through the gateway while faults happen.
  /** Seconds of load; the faults are placed at fixed fractions of it. */
  CHAOS_DURATION_S: z.coerce.number().int().min(10).max(3600).default(60),
  /** Requests per second offered through the gateway (open loop: a slow server does not slow it). */
  CHAOS_RATE: z.coerce.number().min(1).max(5_000).default(300),
  /** A second stream of requests whose clients hang up after 20–300 ms, per second (0: none). */
  CHAOS_HANGUP_RATE: z.coerce.number().min(0).max(1_000).default(30),
  /** Share of the main stream that is the hostile nested family/members query. */
  CHAOS_HOSTILE_SHARE: z.coerce.number().min(0).max(1).default(0.01),
  /** How many `family { members { ... } }` levels the hostile query nests. */
  CHAOS_HOSTILE_DEPTH: z.coerce.number().int().min(1).max(100).default(20),
  /** The gateway's request deadline (GATEWAY_REQUEST_DEADLINE_MS) during the test. */
  CHAOS_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(2_000),
  /** A request answered later than deadline + this, as the client measures it, fails the test. */
  CHAOS_DEADLINE_SLACK_MS: z.coerce.number().int().min(0).max(60_000).default(250),
  /** The faults to inject, comma-separated: `kill` (the subgraph), `siak` (its tables locked; MariaDB only); empty: none. */
  CHAOS_FAULTS: z
    .string()
    .default('kill,siak')
    .refine((v) => v.split(',').map((f) => f.trim()).filter(Boolean).every((f) => f === 'kill' || f === 'siak'), 'a comma-separated list of kill, siak (or empty)'),
  /** Seconds between the subgraph's SIGKILL and its restart (at a 60 s run; scaled with the duration). */
  CHAOS_SUBGRAPH_DOWN_S: z.coerce.number().min(0).max(600).default(5),
  /** Seconds SIAK's register tables are held locked (at a 60 s run; scaled with the duration). */
  CHAOS_SIAK_LOCK_S: z.coerce.number().min(1).max(600).default(8),
  /** Seconds of ordinary load before the test (rising to the full rate over the first half), then as long idle: the memory baseline is taken warm. */
  CHAOS_WARMUP_S: z.coerce.number().int().min(0).max(120).default(10),
  /** Idle seconds after the load (and after the warm-up) before memory is read. */
  CHAOS_COOLDOWN_S: z.coerce.number().int().min(3).max(300).default(10),
  /** RSS after the cool-down may exceed the warm baseline by at most this fraction. */
  CHAOS_MEMORY_TOLERANCE: z.coerce.number().min(0).max(10).default(0.2),
  /** Log level of the gateway and the subgraph during the test (warn logs every failed call). */
  CHAOS_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('error'),
  /** Ports of their own, so that the chaos test and the bench can run side by side. */
  CHAOS_GATEWAY_PORT: port(4110),
  CHAOS_POPULATION_PORT: port(4111),
  CHAOS_GATEWAY_ADMIN_PORT: port(9510),
  CHAOS_POPULATION_ADMIN_PORT: port(9511),
});

export type BenchConfig = z.infer<typeof schema>;

export function loadBenchConfig(): BenchConfig {
  return loadConfig(schema);
}
