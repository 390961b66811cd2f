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
  /** Comma-separated scenario names to run; all when empty. */
  BENCH_SCENARIOS: z.string().default(''),
});

export type BenchConfig = z.infer<typeof schema>;

export function loadBenchConfig(): BenchConfig {
  return loadConfig(schema);
}
