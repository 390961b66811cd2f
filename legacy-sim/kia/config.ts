import { z } from 'zod';
import { loadConfig, port } from '@core/config/load';
import { legacyStorageFrom, legacyStorageSchema, type LegacyStorage } from '@core/config/shared';

/** The KIA application's own settings, when it runs as its own process (./serve.ts). */
const schema = z.object({
  ...legacyStorageSchema,
  KIA_SIM_PORT: port(4304),
  KIA_SIM_HOST: z.string().default('127.0.0.1'),
  /** The key callers must send in X-API-Key. The default is for development only. */
  KIA_SIM_API_KEY: z.string().min(8).default('dev-kia-key'),
  KIA_SIM_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  KIA_SIM_REGENCY: z.string().regex(/^\d{2}\.\d{2}$/).default('36.74'),
});

export interface KiaSimConfig {
  storage: LegacyStorage;
  port: number;
  host: string;
  apiKey: string;
  latencyMs: number;
  regencyCode: string;
}

export function loadKiaSimConfig(env?: Record<string, string | undefined>): KiaSimConfig {
  const raw = loadConfig(schema, env);
  return {
    storage: legacyStorageFrom(raw),
    port: raw.KIA_SIM_PORT,
    host: raw.KIA_SIM_HOST,
    apiKey: raw.KIA_SIM_API_KEY,
    latencyMs: raw.KIA_SIM_LATENCY_MS,
    regencyCode: raw.KIA_SIM_REGENCY,
  };
}
