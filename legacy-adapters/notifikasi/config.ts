import { z } from 'zod';
import { optionalString } from '@core/config/load';
import { resilienceEnvSchema, resilienceFromEnv, type ResilienceSettings } from '../base/resilience';

/**
 * The notifications adapter's settings, for the config module of the process that uses it (it
 * reads no environment itself): z.object({ ...notifikasiConfigSchema, ... }) then
 * notifikasiSettingsFrom(raw).
 *   NOTIFIKASI_URL, NOTIFIKASI_API_KEY, NOTIFIKASI_TIMEOUT_MS, NOTIFIKASI_RETRIES,
 *   NOTIFIKASI_BREAKER_THRESHOLD, NOTIFIKASI_HALF_OPEN_AFTER_MS
 */
export const notifikasiConfigSchema = {
  NOTIFIKASI_URL: z.string().url('NOTIFIKASI_URL must be a URL like http://127.0.0.1:4342').default('http://127.0.0.1:4342'),
  /** The development emulator's key by default; a real deployment sets its own. */
  NOTIFIKASI_API_KEY: optionalString,
  ...resilienceEnvSchema('NOTIFIKASI'),
};

export interface NotifikasiSettings {
  baseUrl: string;
  apiKey: string;
  resilience: ResilienceSettings;
}

export const DEVELOPMENT_NOTIFIKASI_KEY = 'dev-notifikasi-key';

export function notifikasiSettingsFrom(raw: {
  NOTIFIKASI_URL: string;
  NOTIFIKASI_API_KEY?: string;
  NOTIFIKASI_TIMEOUT_MS?: number;
  NOTIFIKASI_RETRIES?: number;
  NOTIFIKASI_BREAKER_THRESHOLD?: number;
  NOTIFIKASI_HALF_OPEN_AFTER_MS?: number;
}): NotifikasiSettings {
  return {
    baseUrl: raw.NOTIFIKASI_URL,
    apiKey: raw.NOTIFIKASI_API_KEY ?? DEVELOPMENT_NOTIFIKASI_KEY,
    // The gateway answers a send as soon as it has stored it; 2 s is generous, and a send that
    // times out is looked up by its reference before anything is sent again.
    resilience: resilienceFromEnv(raw, 'NOTIFIKASI', { timeoutMs: 2_000 }),
  };
}
