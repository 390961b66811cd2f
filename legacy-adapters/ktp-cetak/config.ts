import { z } from 'zod';
import { optionalString } from '@core/config/load';
import { resilienceEnvSchema, resilienceFromEnv, type ResilienceSettings } from '../base/resilience';

/**
 * The print queue adapter's settings, for the config module of the process that uses it (it reads
 * no environment itself): z.object({ ...ktpCetakConfigSchema, ... }) then ktpCetakSettingsFrom(raw).
 *   KTP_CETAK_URL, KTP_CETAK_API_KEY, KTP_CETAK_TIMEOUT_MS, KTP_CETAK_RETRIES,
 *   KTP_CETAK_BREAKER_THRESHOLD, KTP_CETAK_HALF_OPEN_AFTER_MS
 */
export const ktpCetakConfigSchema = {
  KTP_CETAK_URL: z.string().url('KTP_CETAK_URL must be a URL like http://127.0.0.1:4301').default('http://127.0.0.1:4301'),
  /** The development emulator's key by default; a real deployment sets its own. */
  KTP_CETAK_API_KEY: optionalString,
  ...resilienceEnvSchema('KTP_CETAK'),
};

export interface KtpCetakSettings {
  baseUrl: string;
  apiKey: string;
  resilience: ResilienceSettings;
}

export const DEVELOPMENT_KTP_CETAK_KEY = 'dev-ktp-cetak-key';

export function ktpCetakSettingsFrom(raw: { KTP_CETAK_URL: string; KTP_CETAK_API_KEY?: string; KTP_CETAK_TIMEOUT_MS?: number; KTP_CETAK_RETRIES?: number; KTP_CETAK_BREAKER_THRESHOLD?: number; KTP_CETAK_HALF_OPEN_AFTER_MS?: number }): KtpCetakSettings {
  return {
    baseUrl: raw.KTP_CETAK_URL,
    apiKey: raw.KTP_CETAK_API_KEY ?? DEVELOPMENT_KTP_CETAK_KEY,
    // The print queue answers lookups in well under a second; 2 s leaves room for a busy day.
    resilience: resilienceFromEnv(raw, 'KTP_CETAK', { timeoutMs: 2_000 }),
  };
}
