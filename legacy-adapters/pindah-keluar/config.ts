import { z } from 'zod';
import { optionalString } from '@core/config/load';
import { resilienceEnvSchema, resilienceFromEnv, type ResilienceSettings } from '../base/resilience';

/**
 * The move-out adapter's settings, for the config module of the process that uses it (it reads
 * no environment itself): z.object({ ...pindahKeluarConfigSchema, ... }) then pindahKeluarSettingsFrom(raw).
 *   PINDAH_KELUAR_URL, PINDAH_KELUAR_API_KEY, PINDAH_KELUAR_TIMEOUT_MS, PINDAH_KELUAR_RETRIES,
 *   PINDAH_KELUAR_BREAKER_THRESHOLD, PINDAH_KELUAR_HALF_OPEN_AFTER_MS
 */
export const pindahKeluarConfigSchema = {
  PINDAH_KELUAR_URL: z.string().url('PINDAH_KELUAR_URL must be a URL like http://127.0.0.1:4321').default('http://127.0.0.1:4321'),
  /** The development emulator's key by default; a real deployment sets its own. */
  PINDAH_KELUAR_API_KEY: optionalString,
  ...resilienceEnvSchema('PINDAH_KELUAR'),
};

export interface PindahKeluarSettings {
  baseUrl: string;
  apiKey: string;
  resilience: ResilienceSettings;
}

export const DEVELOPMENT_PINDAH_KELUAR_KEY = 'dev-pindah-keluar-key';

export function pindahKeluarSettingsFrom(raw: { PINDAH_KELUAR_URL: string; PINDAH_KELUAR_API_KEY?: string; PINDAH_KELUAR_TIMEOUT_MS?: number; PINDAH_KELUAR_RETRIES?: number; PINDAH_KELUAR_BREAKER_THRESHOLD?: number; PINDAH_KELUAR_HALF_OPEN_AFTER_MS?: number }): PindahKeluarSettings {
  return {
    baseUrl: raw.PINDAH_KELUAR_URL,
    apiKey: raw.PINDAH_KELUAR_API_KEY ?? DEVELOPMENT_PINDAH_KELUAR_KEY,
    // Lookups join two tables but answer well under a second; 2.5 s leaves room for a busy day.
    resilience: resilienceFromEnv(raw, 'PINDAH_KELUAR', { timeoutMs: 2_500 }),
  };
}
