import { z } from 'zod';
import { optionalString } from '@core/config/load';
import { resilienceEnvSchema, resilienceFromEnv, type ResilienceSettings } from '../base/resilience';

/**
 * The KIA adapter's settings, for the config module of the process that uses it (it reads no
 * environment itself): z.object({ ...kiaConfigSchema, ... }) then kiaSettingsFrom(raw).
 *   KIA_URL, KIA_API_KEY, KIA_TIMEOUT_MS, KIA_RETRIES, KIA_BREAKER_THRESHOLD, KIA_HALF_OPEN_AFTER_MS
 */
export const kiaConfigSchema = {
  KIA_URL: z.string().url('KIA_URL must be a URL like http://127.0.0.1:4304').default('http://127.0.0.1:4304'),
  /** The development emulator's key by default; a real deployment sets its own. */
  KIA_API_KEY: optionalString,
  ...resilienceEnvSchema('KIA'),
};

export interface KiaSettings {
  baseUrl: string;
  apiKey: string;
  resilience: ResilienceSettings;
}

export const DEVELOPMENT_KIA_KEY = 'dev-kia-key';

export function kiaSettingsFrom(raw: { KIA_URL: string; KIA_API_KEY?: string; KIA_TIMEOUT_MS?: number; KIA_RETRIES?: number; KIA_BREAKER_THRESHOLD?: number; KIA_HALF_OPEN_AFTER_MS?: number }): KiaSettings {
  return {
    baseUrl: raw.KIA_URL,
    apiKey: raw.KIA_API_KEY ?? DEVELOPMENT_KIA_KEY,
    // Lookups answer in well under a second; the family lookup is slower (it walks the family table).
    resilience: resilienceFromEnv(raw, 'KIA', { timeoutMs: 2_500 }),
  };
}
