import { z } from 'zod';
import { optionalString } from '@core/config/load';
import { resilienceEnvSchema, resilienceFromEnv, type ResilienceSettings } from '../base/resilience';

/**
 * The move-in adapter's settings, for the config module of the process that uses it (it reads
 * no environment itself): z.object({ ...pindahDatangConfigSchema, ... }) then pindahDatangSettingsFrom(raw).
 *   PINDAH_DATANG_URL, PINDAH_DATANG_API_KEY, PINDAH_DATANG_TIMEOUT_MS, PINDAH_DATANG_RETRIES,
 *   PINDAH_DATANG_BREAKER_THRESHOLD, PINDAH_DATANG_HALF_OPEN_AFTER_MS
 */
export const pindahDatangConfigSchema = {
  PINDAH_DATANG_URL: z.string().url('PINDAH_DATANG_URL must be a URL like http://127.0.0.1:4322').default('http://127.0.0.1:4322'),
  /** The development emulator's key by default; a real deployment sets its own. */
  PINDAH_DATANG_API_KEY: optionalString,
  ...resilienceEnvSchema('PINDAH_DATANG'),
};

export interface PindahDatangSettings {
  baseUrl: string;
  apiKey: string;
  resilience: ResilienceSettings;
}

export const DEVELOPMENT_PINDAH_DATANG_KEY = 'dev-pindah-datang-key';

export function pindahDatangSettingsFrom(raw: { PINDAH_DATANG_URL: string; PINDAH_DATANG_API_KEY?: string; PINDAH_DATANG_TIMEOUT_MS?: number; PINDAH_DATANG_RETRIES?: number; PINDAH_DATANG_BREAKER_THRESHOLD?: number; PINDAH_DATANG_HALF_OPEN_AFTER_MS?: number }): PindahDatangSettings {
  return {
    baseUrl: raw.PINDAH_DATANG_URL,
    apiKey: raw.PINDAH_DATANG_API_KEY ?? DEVELOPMENT_PINDAH_DATANG_KEY,
    // Lookups join three tables but answer well under a second; 2.5 s leaves room for a busy day.
    resilience: resilienceFromEnv(raw, 'PINDAH_DATANG', { timeoutMs: 2_500 }),
  };
}
