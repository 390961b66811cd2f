import { z } from 'zod';
import { optionalString } from '@core/config/load';
import { resilienceEnvSchema, resilienceFromEnv, type ResilienceSettings } from '../base/resilience';

/**
 * The complaints adapter's settings, for the config module of the process that uses it (it reads
 * no environment itself): z.object({ ...pengaduanConfigSchema, ... }) then pengaduanSettingsFrom(raw).
 *   PENGADUAN_URL, PENGADUAN_API_KEY, PENGADUAN_TIMEOUT_MS, PENGADUAN_RETRIES,
 *   PENGADUAN_BREAKER_THRESHOLD, PENGADUAN_HALF_OPEN_AFTER_MS
 */
export const pengaduanConfigSchema = {
  PENGADUAN_URL: z.string().url('PENGADUAN_URL must be a URL like http://127.0.0.1:4333').default('http://127.0.0.1:4333'),
  /** The development emulator's key by default; a real deployment sets its own. */
  PENGADUAN_API_KEY: optionalString,
  ...resilienceEnvSchema('PENGADUAN'),
};

export interface PengaduanSettings {
  baseUrl: string;
  apiKey: string;
  resilience: ResilienceSettings;
}

export const DEVELOPMENT_PENGADUAN_KEY = 'dev-pengaduan-key';

export function pengaduanSettingsFrom(raw: { PENGADUAN_URL: string; PENGADUAN_API_KEY?: string; PENGADUAN_TIMEOUT_MS?: number; PENGADUAN_RETRIES?: number; PENGADUAN_BREAKER_THRESHOLD?: number; PENGADUAN_HALF_OPEN_AFTER_MS?: number }): PengaduanSettings {
  return {
    baseUrl: raw.PENGADUAN_URL,
    apiKey: raw.PENGADUAN_API_KEY ?? DEVELOPMENT_PENGADUAN_KEY,
    // Lookups join the history but answer well under a second; 2.5 s leaves room for a busy day.
    resilience: resilienceFromEnv(raw, 'PENGADUAN', { timeoutMs: 2_500 }),
  };
}
