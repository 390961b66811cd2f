import { z } from 'zod';
import { loadConfig, optionalString, port } from '@core/config/load';
import { legacyStorageFrom, legacyStorageSchema, type LegacyStorage } from '@core/config/shared';
import type { CallbackQuirks } from './callbacks';

/** The ojek-online partner's own settings, when it runs as its own process (./serve.ts). */
const chance = z.coerce.number().min(0).max(1);
const schema = z.object({
  ...legacyStorageSchema,
  // The delivery apps take 4341-4342 (ojol, notifikasi).
  OJOL_SIM_PORT: port(4341),
  OJOL_SIM_HOST: z.string().default('127.0.0.1'),
  /** The key callers must send in X-Mitra-Key. The default is for development only. */
  OJOL_SIM_API_KEY: z.string().min(8).default('dev-ojol-key'),
  OJOL_SIM_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** Where status changes are POSTed (the delivery subgraph's webhook); unset: they wait in the queue. */
  OJOL_SIM_CALLBACK_URL: optionalString.pipe(z.string().url('OJOL_SIM_CALLBACK_URL must be a URL like http://127.0.0.1:4006/webhooks/ojol').optional()),
  /** The secret callbacks are signed with; the caller's OJOL_CALLBACK_SECRET must be the same. */
  OJOL_SIM_CALLBACK_SECRET: z.string().min(16).default('dev-ojol-callback-secret'),
  OJOL_SIM_QUOTE_MINUTES: z.coerce.number().int().min(1).max(120).default(10),
  /** Couriers move each open order one step this often (ms); 0: only by hand (officer CLI). */
  OJOL_SIM_SIMULATE_MS: z.coerce.number().int().min(0).max(3_600_000).default(0),
  /** The partner's webhook quirks; unset: what its operators last set (seeded defaults). */
  OJOL_SIM_CALLBACK_DUPLICATE: chance.optional(),
  OJOL_SIM_CALLBACK_DELAY: chance.optional(),
  OJOL_SIM_CALLBACK_DELAY_MS: z.coerce.number().int().min(0).max(600_000).optional(),
  OJOL_SIM_CALLBACK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).optional(),
  OJOL_SIM_SEED: z.coerce.number().int().nonnegative().optional(),
});

export interface OjolSimConfig {
  storage: LegacyStorage;
  port: number;
  host: string;
  apiKey: string;
  latencyMs: number;
  quoteMinutes: number;
  simulateEveryMs: number;
  callback: { url: string | undefined; secret: string; quirks: Partial<CallbackQuirks> | undefined };
}

export function loadOjolSimConfig(env?: Record<string, string | undefined>): OjolSimConfig {
  const raw = loadConfig(schema, env);
  const quirks: Partial<CallbackQuirks> = {
    ...(raw.OJOL_SIM_CALLBACK_DUPLICATE !== undefined && { duplicateChance: raw.OJOL_SIM_CALLBACK_DUPLICATE }),
    ...(raw.OJOL_SIM_CALLBACK_DELAY !== undefined && { delayChance: raw.OJOL_SIM_CALLBACK_DELAY }),
    ...(raw.OJOL_SIM_CALLBACK_DELAY_MS !== undefined && { delayMs: raw.OJOL_SIM_CALLBACK_DELAY_MS }),
    ...(raw.OJOL_SIM_CALLBACK_MAX_ATTEMPTS !== undefined && { maxAttempts: raw.OJOL_SIM_CALLBACK_MAX_ATTEMPTS }),
    ...(raw.OJOL_SIM_SEED !== undefined && { seed: raw.OJOL_SIM_SEED }),
  };
  return {
    storage: legacyStorageFrom(raw),
    port: raw.OJOL_SIM_PORT,
    host: raw.OJOL_SIM_HOST,
    apiKey: raw.OJOL_SIM_API_KEY,
    latencyMs: raw.OJOL_SIM_LATENCY_MS,
    quoteMinutes: raw.OJOL_SIM_QUOTE_MINUTES,
    simulateEveryMs: raw.OJOL_SIM_SIMULATE_MS,
    callback: { url: raw.OJOL_SIM_CALLBACK_URL, secret: raw.OJOL_SIM_CALLBACK_SECRET, quirks: Object.keys(quirks).length > 0 ? quirks : undefined },
  };
}

