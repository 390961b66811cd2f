import { z } from 'zod';
import { loadConfig, port } from '@core/config/load';

/** `npm run bench:federation` settings (env), the only reader of process.env in the bench. */
export const GATEWAY_KINDS = ['apollo', 'hive', 'gerbang'] as const;
export const VARIANTS = ['dedup-on', 'dedup-off'] as const;
export type GatewayKind = (typeof GATEWAY_KINDS)[number];
export type Variant = (typeof VARIANTS)[number];

const list = <T extends string>(allowed: readonly T[], fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((items) => items.length > 0 && items.every((i) => (allowed as readonly string[]).includes(i)), `a comma-separated list of ${allowed.join(', ')}`)
    .transform((items) => [...new Set(items)] as T[]);

const cpu = (fallback: string) => z.string().regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'a taskset CPU list such as 0 or 0-1').default(fallback);

const schema = z.object({
  /** Seconds of measured load per gateway per round. */
  BENCH_FED_DURATION_S: z.coerce.number().int().min(1).max(600).default(20),
  /** Seconds of unmeasured load first (plan caches, JIT). */
  BENCH_FED_WARMUP_S: z.coerce.number().int().min(0).max(120).default(5),
  BENCH_FED_ROUNDS: z.coerce.number().int().min(1).max(50).default(3),
  /** Concurrent connections: the benchmark's 50 virtual users. */
  BENCH_FED_CONNECTIONS: z.coerce.number().int().min(1).max(1_000).default(50),
  BENCH_FED_GATEWAYS: list(GATEWAY_KINDS, GATEWAY_KINDS.join(',')),
  BENCH_FED_VARIANTS: list(VARIANTS, VARIANTS.join(',')),
  BENCH_FED_GATEWAY_PORT: port(4600),
  BENCH_FED_GATEWAY_ADMIN_PORT: port(9600),
  /** Cores for the gateway, and for everything else (subgraphs, load generator, this runner). */
  BENCH_FED_GATEWAY_CPUS: cpu('0'),
  BENCH_FED_OTHER_CPUS: cpu('1'),
});

export type FederationBenchConfig = z.infer<typeof schema>;

export function loadFederationBenchConfig(): FederationBenchConfig {
  return loadConfig(schema);
}

/**
 * The environment the bench's children inherit (PATH for taskset and npm, the caller's own
 * GATEWAY_* tuning for Gerbang's gateway), read here so that nothing else reads process.env.
 */
export function inheritedEnvironment(): Record<string, string> {
  const copy = z.unknown().transform((env) => Object.fromEntries(Object.entries(env as object).filter((e): e is [string, string] => typeof e[1] === 'string')));
  return loadConfig(copy);
}
