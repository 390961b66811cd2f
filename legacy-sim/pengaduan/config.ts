import { z } from 'zod';
import { loadConfig, port } from '@core/config/load';
import { legacyStorageFrom, legacyStorageSchema, type LegacyStorage } from '@core/config/shared';

/** The complaints desk's own settings, when it runs as its own process (./serve.ts). */
const schema = z.object({
  ...legacyStorageSchema,
  // The channel apps take 4331-4338; the complaints desk is #20.
  PENGADUAN_SIM_PORT: port(4333),
  PENGADUAN_SIM_HOST: z.string().default('127.0.0.1'),
  /** The key callers must send in X-API-Key. The default is for development only. */
  PENGADUAN_SIM_API_KEY: z.string().min(8).default('dev-pengaduan-key'),
  PENGADUAN_SIM_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
});

export interface PengaduanSimConfig {
  storage: LegacyStorage;
  port: number;
  host: string;
  apiKey: string;
  latencyMs: number;
}

export function loadPengaduanSimConfig(env?: Record<string, string | undefined>): PengaduanSimConfig {
  const raw = loadConfig(schema, env);
  return {
    storage: legacyStorageFrom(raw),
    port: raw.PENGADUAN_SIM_PORT,
    host: raw.PENGADUAN_SIM_HOST,
    apiKey: raw.PENGADUAN_SIM_API_KEY,
    latencyMs: raw.PENGADUAN_SIM_LATENCY_MS,
  };
}
