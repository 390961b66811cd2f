import { z } from 'zod';
import { loadConfig, port } from '@core/config/load';
import { legacyStorageFrom, legacyStorageSchema, type LegacyStorage } from '@core/config/shared';

/** The IKD application's own settings, when it runs as its own process (./serve.ts). */
const schema = z.object({
  ...legacyStorageSchema,
  IKD_SIM_PORT: port(4305),
  IKD_SIM_HOST: z.string().default('127.0.0.1'),
  /** The key callers must send in X-IKD-Key. The default is for development only. */
  IKD_SIM_API_KEY: z.string().min(8).default('dev-ikd-key'),
  IKD_SIM_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** Calls allowed per key per window (the gateway in front of the application). */
  IKD_SIM_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(50),
  IKD_SIM_RATE_WINDOW_MS: z.coerce.number().int().min(100).max(3_600_000).default(1_000),
});

export interface IkdSimConfig {
  storage: LegacyStorage;
  port: number;
  host: string;
  apiKey: string;
  latencyMs: number;
  rateLimit: { requests: number; windowMs: number };
}

export function loadIkdSimConfig(env?: Record<string, string | undefined>): IkdSimConfig {
  const raw = loadConfig(schema, env);
  return {
    storage: legacyStorageFrom(raw),
    port: raw.IKD_SIM_PORT,
    host: raw.IKD_SIM_HOST,
    apiKey: raw.IKD_SIM_API_KEY,
    latencyMs: raw.IKD_SIM_LATENCY_MS,
    rateLimit: { requests: raw.IKD_SIM_RATE_LIMIT, windowMs: raw.IKD_SIM_RATE_WINDOW_MS },
  };
}
