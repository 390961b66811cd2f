import { z } from 'zod';
import { loadConfig, port } from '@core/config/load';
import { legacyStorageFrom, legacyStorageSchema, type LegacyStorage } from '@core/config/shared';

/** The signature application's own settings, when it runs as its own process (./serve.ts). */
const schema = z.object({
  ...legacyStorageSchema,
  TTE_SIM_PORT: port(4324),
  TTE_SIM_HOST: z.string().default('127.0.0.1'),
  /** The key callers must send in X-API-Key. The default is for development only. */
  TTE_SIM_API_KEY: z.string().min(8).default('dev-tte-key'),
  TTE_SIM_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
});

export interface TteSimConfig {
  storage: LegacyStorage;
  port: number;
  host: string;
  apiKey: string;
  latencyMs: number;
}

export function loadTteSimConfig(env?: Record<string, string | undefined>): TteSimConfig {
  const raw = loadConfig(schema, env);
  return { storage: legacyStorageFrom(raw), port: raw.TTE_SIM_PORT, host: raw.TTE_SIM_HOST, apiKey: raw.TTE_SIM_API_KEY, latencyMs: raw.TTE_SIM_LATENCY_MS };
}
