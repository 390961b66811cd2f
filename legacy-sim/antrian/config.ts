import { z } from 'zod';
import { loadConfig, port } from '@core/config/load';
import { legacyStorageFrom, legacyStorageSchema, type LegacyStorage } from '@core/config/shared';

/** The queue application's own settings, when it runs as its own process (./serve.ts). */
const schema = z.object({
  ...legacyStorageSchema,
  // The channel apps take 4331-4333 (antrian, adm-kiosk, pengaduan).
  ANTRIAN_SIM_PORT: port(4331),
  ANTRIAN_SIM_HOST: z.string().default('127.0.0.1'),
  /** The key callers must send in X-API-Key. The default is for development only. */
  ANTRIAN_SIM_API_KEY: z.string().min(8).default('dev-antrian-key'),
  ANTRIAN_SIM_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** How many days ahead the booking site opens. */
  ANTRIAN_SIM_WINDOW_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  /**
   * Where the application's clock starts (an ISO instant, e.g. 2026-12-07T02:00:00Z, a Monday
   * 09:00 WIB); it then runs on in real time. Unset: the server's clock. For end-to-end runs that
   * must book and check in on an open day whatever the real date.
   */
  ANTRIAN_SIM_NOW: z.string().datetime({ offset: true }).optional(),
});

export interface AntrianSimConfig {
  storage: LegacyStorage;
  port: number;
  host: string;
  apiKey: string;
  latencyMs: number;
  windowDays: number;
  /** The application's clock. */
  now: () => Date;
}

export function loadAntrianSimConfig(env?: Record<string, string | undefined>): AntrianSimConfig {
  const raw = loadConfig(schema, env);
  return {
    storage: legacyStorageFrom(raw),
    port: raw.ANTRIAN_SIM_PORT,
    host: raw.ANTRIAN_SIM_HOST,
    apiKey: raw.ANTRIAN_SIM_API_KEY,
    latencyMs: raw.ANTRIAN_SIM_LATENCY_MS,
    windowDays: raw.ANTRIAN_SIM_WINDOW_DAYS,
    now: clockFrom(raw.ANTRIAN_SIM_NOW),
  };
}

/** A clock that starts at `start` and runs on; the real one without it. */
export function clockFrom(start: string | undefined, started = Date.now()): () => Date {
  if (!start) return () => new Date();
  const offset = Date.parse(start) - started;
  return () => new Date(Date.now() + offset);
}
