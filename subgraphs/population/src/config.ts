import { z } from 'zod';
import { loadConfig, port } from '@core/config/load';
import { contextSecretFrom, contextSecretSchema, legacyStorageFrom, legacyStorageSchema, logLevelSchema, type LegacyStorage } from '@core/config/shared';
import { ConfigError } from '@core/config/load';
import type { LogLevel } from '@core/log';

/** The population subgraph's configuration; the only reader of process.env in this process. */
const schema = z.object({
  ...legacyStorageSchema,
  ...contextSecretSchema,
  ...logLevelSchema,
  POPULATION_PORT: port(4001),
  POPULATION_HOST: z.string().default('127.0.0.1'),
  /** Per-statement timeout for SIAK. */
  SIAK_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
  SIAK_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
});

export interface PopulationConfig {
  port: number;
  host: string;
  storage: LegacyStorage;
  contextSecret: string;
  logLevel: LogLevel;
  siak: { timeoutMs: number; poolMax: number };
}

export function loadPopulationConfig(env?: Record<string, string | undefined>): PopulationConfig {
  const raw = loadConfig(schema, env);
  const problems: string[] = [];
  const contextSecret = contextSecretFrom(raw, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: raw.POPULATION_PORT,
    host: raw.POPULATION_HOST,
    storage: legacyStorageFrom(raw),
    contextSecret,
    logLevel: raw.GERBANG_LOG_LEVEL,
    siak: { timeoutMs: raw.SIAK_TIMEOUT_MS, poolMax: raw.SIAK_POOL_MAX },
  };
}
