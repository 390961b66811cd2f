import { z } from 'zod';
import { loadConfig, port } from '@core/config/load';
import { legacyStorageFrom, legacyStorageSchema, type LegacyStorage } from '@core/config/shared';
import { clockFrom } from '../antrian/config';

/** The SMS/WhatsApp gateway's own settings, when it runs as its own process (./serve.ts). */
const schema = z.object({
  ...legacyStorageSchema,
  // The delivery partners take 4341-4342 (ojol #22, notifikasi #23).
  NOTIFIKASI_SIM_PORT: port(4342),
  NOTIFIKASI_SIM_HOST: z.string().default('127.0.0.1'),
  /** The key callers must send in X-API-Key. The default is for development only. */
  NOTIFIKASI_SIM_API_KEY: z.string().min(8).default('dev-notifikasi-key'),
  NOTIFIKASI_SIM_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** Messages per second the gateway accepts; unset keeps what the operator last set (10 when seeded). */
  NOTIFIKASI_SIM_RATE: z.coerce.number().int().min(1).max(10_000).optional(),
  /** From acceptance to the operator taking the message, and from then to its last report. */
  NOTIFIKASI_SIM_SEND_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(2_000),
  NOTIFIKASI_SIM_REPORT_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  /** Share of messages to served numbers that fail (0 to 1). */
  NOTIFIKASI_SIM_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0.05),
  /** Seed of the outcomes: the same seed and message id always end the same way. */
  NOTIFIKASI_SIM_SEED: z.coerce.number().int().nonnegative().default(1),
  /** Where the application's clock starts (ISO instant); it then runs on. Unset: the server's clock. */
  NOTIFIKASI_SIM_NOW: z.string().datetime({ offset: true }).optional(),
});

export interface NotifikasiSimConfig {
  storage: LegacyStorage;
  port: number;
  host: string;
  apiKey: string;
  latencyMs: number;
  rate: number | undefined;
  sendDelayMs: number;
  reportDelayMs: number;
  failureRate: number;
  seed: number;
  now: () => Date;
}

export function loadNotifikasiSimConfig(env?: Record<string, string | undefined>): NotifikasiSimConfig {
  const raw = loadConfig(schema, env);
  return {
    storage: legacyStorageFrom(raw),
    port: raw.NOTIFIKASI_SIM_PORT,
    host: raw.NOTIFIKASI_SIM_HOST,
    apiKey: raw.NOTIFIKASI_SIM_API_KEY,
    latencyMs: raw.NOTIFIKASI_SIM_LATENCY_MS,
    rate: raw.NOTIFIKASI_SIM_RATE,
    sendDelayMs: raw.NOTIFIKASI_SIM_SEND_DELAY_MS,
    reportDelayMs: raw.NOTIFIKASI_SIM_REPORT_DELAY_MS,
    failureRate: raw.NOTIFIKASI_SIM_FAILURE_RATE,
    seed: raw.NOTIFIKASI_SIM_SEED,
    now: clockFrom(raw.NOTIFIKASI_SIM_NOW),
  };
}
