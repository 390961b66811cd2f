import { z } from 'zod';
import { optionalString } from '@core/config/load';
import { resilienceEnvSchema, resilienceFromEnv, type ResilienceSettings } from '../base/resilience';

/**
 * The signature adapter's settings, for the config module of the process that uses it (it reads
 * no environment itself): z.object({ ...tteConfigSchema, ... }) then tteSettingsFrom(raw).
 *   TTE_URL, TTE_API_KEY, TTE_TIMEOUT_MS, TTE_RETRIES, TTE_BREAKER_THRESHOLD, TTE_HALF_OPEN_AFTER_MS
 */
export const tteConfigSchema = {
  TTE_URL: z.string().url('TTE_URL must be a URL like http://127.0.0.1:4324').default('http://127.0.0.1:4324'),
  /** The development emulator's key by default; a real deployment sets its own. */
  TTE_API_KEY: optionalString,
  ...resilienceEnvSchema('TTE'),
};

export interface TteSettings {
  baseUrl: string;
  apiKey: string;
  resilience: ResilienceSettings;
}

export const DEVELOPMENT_TTE_KEY = 'dev-tte-key';

export function tteSettingsFrom(raw: { TTE_URL: string; TTE_API_KEY?: string; TTE_TIMEOUT_MS?: number; TTE_RETRIES?: number; TTE_BREAKER_THRESHOLD?: number; TTE_HALF_OPEN_AFTER_MS?: number }): TteSettings {
  return {
    baseUrl: raw.TTE_URL,
    apiKey: raw.TTE_API_KEY ?? DEVELOPMENT_TTE_KEY,
    // Signing is a key operation and a row: well under a second; 2 s leaves room for a busy day.
    resilience: resilienceFromEnv(raw, 'TTE', { timeoutMs: 2_000 }),
  };
}
