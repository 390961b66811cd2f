import { z } from 'zod';
import { loadConfig, port } from '@core/config/load';
import { legacyStorageFrom, legacyStorageSchema, type LegacyStorage } from '@core/config/shared';

/** The move-in application's own settings, when it runs as its own process (./serve.ts). */
const schema = z.object({
  ...legacyStorageSchema,
  // 4311-4312 are the SOAP apps'; the mobility apps take 4321-4322.
  PINDAH_DATANG_SIM_PORT: port(4322),
  PINDAH_DATANG_SIM_HOST: z.string().default('127.0.0.1'),
  /** The key callers must send in X-API-Key. The default is for development only. */
  PINDAH_DATANG_SIM_API_KEY: z.string().min(8).default('dev-pindah-datang-key'),
  PINDAH_DATANG_SIM_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  PINDAH_DATANG_SIM_REGENCY: z.string().regex(/^\d{2}\.\d{2}$/).default('36.74'),
});

export interface PindahDatangSimConfig {
  storage: LegacyStorage;
  port: number;
  host: string;
  apiKey: string;
  latencyMs: number;
  regencyCode: string;
}

export function loadPindahDatangSimConfig(env?: Record<string, string | undefined>): PindahDatangSimConfig {
  const raw = loadConfig(schema, env);
  return {
    storage: legacyStorageFrom(raw),
    port: raw.PINDAH_DATANG_SIM_PORT,
    host: raw.PINDAH_DATANG_SIM_HOST,
    apiKey: raw.PINDAH_DATANG_SIM_API_KEY,
    latencyMs: raw.PINDAH_DATANG_SIM_LATENCY_MS,
    regencyCode: raw.PINDAH_DATANG_SIM_REGENCY,
  };
}
