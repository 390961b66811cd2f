import { z } from 'zod';
import { optionalString } from '@core/config/load';
import { resilienceEnvSchema, resilienceFromEnv, type ResilienceSettings } from '../base/resilience';

/**
 * The appointment adapter's settings, for the config module of the process that uses it (it reads
 * no environment itself): z.object({ ...antrianConfigSchema, ... }) then antrianSettingsFrom(raw).
 *   ANTRIAN_URL, ANTRIAN_API_KEY, ANTRIAN_TIMEOUT_MS, ANTRIAN_RETRIES,
 *   ANTRIAN_BREAKER_THRESHOLD, ANTRIAN_HALF_OPEN_AFTER_MS
 */
export const antrianConfigSchema = {
  ANTRIAN_URL: z.string().url('ANTRIAN_URL must be a URL like http://127.0.0.1:4331').default('http://127.0.0.1:4331'),
  /** The development emulator's key by default; a real deployment sets its own. */
  ANTRIAN_API_KEY: optionalString,
  ...resilienceEnvSchema('ANTRIAN'),
};

export interface AntrianSettings {
  baseUrl: string;
  apiKey: string;
  resilience: ResilienceSettings;
}

export const DEVELOPMENT_ANTRIAN_KEY = 'dev-antrian-key';

export function antrianSettingsFrom(raw: { ANTRIAN_URL: string; ANTRIAN_API_KEY?: string; ANTRIAN_TIMEOUT_MS?: number; ANTRIAN_RETRIES?: number; ANTRIAN_BREAKER_THRESHOLD?: number; ANTRIAN_HALF_OPEN_AFTER_MS?: number }): AntrianSettings {
  return {
    baseUrl: raw.ANTRIAN_URL,
    apiKey: raw.ANTRIAN_API_KEY ?? DEVELOPMENT_ANTRIAN_KEY,
    // The worklist is a slow report (about 300 ms in the emulator, more on a busy morning): 3 s leaves room.
    resilience: resilienceFromEnv(raw, 'ANTRIAN', { timeoutMs: 3_000 }),
  };
}
