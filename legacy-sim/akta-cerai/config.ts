import { z } from 'zod';
import { loadConfig, port } from '@core/config/load';
import { legacyStorageFrom, legacyStorageSchema, type LegacyStorage } from '@core/config/shared';

/** The divorce registry's own settings, when it runs as its own process (./serve.ts). */
const schema = z.object({
  ...legacyStorageSchema,
  AKTA_CERAI_SIM_PORT: port(4312),
  AKTA_CERAI_SIM_HOST: z.string().default('127.0.0.1'),
  /** The UsernameToken callers must send. The defaults are for development only. */
  AKTA_CERAI_SIM_USERNAME: z.string().min(3).default('gerbang'),
  AKTA_CERAI_SIM_PASSWORD: z.string().min(8).default('dev-akta-cerai-pass'),
  AKTA_CERAI_SIM_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  AKTA_CERAI_SIM_REGENCY: z.string().regex(/^\d{2}\.\d{2}$/).default('36.74'),
});

export interface AktaCeraiSimConfig {
  storage: LegacyStorage;
  port: number;
  host: string;
  credentials: { username: string; password: string };
  latencyMs: number;
  regencyCode: string;
}

export function loadAktaCeraiSimConfig(env?: Record<string, string | undefined>): AktaCeraiSimConfig {
  const raw = loadConfig(schema, env);
  return {
    storage: legacyStorageFrom(raw),
    port: raw.AKTA_CERAI_SIM_PORT,
    host: raw.AKTA_CERAI_SIM_HOST,
    credentials: { username: raw.AKTA_CERAI_SIM_USERNAME, password: raw.AKTA_CERAI_SIM_PASSWORD },
    latencyMs: raw.AKTA_CERAI_SIM_LATENCY_MS,
    regencyCode: raw.AKTA_CERAI_SIM_REGENCY,
  };
}
