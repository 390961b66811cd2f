import { z } from 'zod';
import { loadConfig, port } from '@core/config/load';
import { legacyStorageFrom, legacyStorageSchema, type LegacyStorage } from '@core/config/shared';

/** The kiosk application's own settings, when it runs as its own process (./serve.ts). */
const schema = z.object({
  ...legacyStorageSchema,
  // The channel apps take 4331-4333 (antrian, adm-kiosk, pengaduan).
  ADM_KIOSK_SIM_PORT: port(4332),
  ADM_KIOSK_SIM_HOST: z.string().default('127.0.0.1'),
  /** The key callers must send in X-API-Key. The default is for development only. */
  ADM_KIOSK_SIM_API_KEY: z.string().min(8).default('dev-adm-kiosk-key'),
  ADM_KIOSK_SIM_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** How long a PIN can be used, in minutes. */
  ADM_KIOSK_SIM_PIN_MINUTES: z.coerce.number().int().min(1).max(120).default(15),
  /** How long a print takes, in seconds (short for demonstrations). */
  ADM_KIOSK_SIM_PRINT_SECONDS: z.coerce.number().int().min(1).max(600).default(120),
});

export interface AdmKioskSimConfig {
  storage: LegacyStorage;
  port: number;
  host: string;
  apiKey: string;
  latencyMs: number;
  pinMinutes: number;
  printSeconds: number;
}

export function loadAdmKioskSimConfig(env?: Record<string, string | undefined>): AdmKioskSimConfig {
  const raw = loadConfig(schema, env);
  return {
    storage: legacyStorageFrom(raw),
    port: raw.ADM_KIOSK_SIM_PORT,
    host: raw.ADM_KIOSK_SIM_HOST,
    apiKey: raw.ADM_KIOSK_SIM_API_KEY,
    latencyMs: raw.ADM_KIOSK_SIM_LATENCY_MS,
    pinMinutes: raw.ADM_KIOSK_SIM_PIN_MINUTES,
    printSeconds: raw.ADM_KIOSK_SIM_PRINT_SECONDS,
  };
}
