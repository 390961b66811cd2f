import { z } from 'zod';
import { optionalString } from '@core/config/load';
import { resilienceEnvSchema, resilienceFromEnv, type ResilienceSettings } from '../base/resilience';

/**
 * The mall kiosk adapter's settings, for the config module of the process that uses it (it reads
 * no environment itself): z.object({ ...admKioskConfigSchema, ... }) then admKioskSettingsFrom(raw).
 *   ADM_KIOSK_URL, ADM_KIOSK_API_KEY, ADM_KIOSK_TIMEOUT_MS, ADM_KIOSK_RETRIES,
 *   ADM_KIOSK_BREAKER_THRESHOLD, ADM_KIOSK_HALF_OPEN_AFTER_MS
 */
export const admKioskConfigSchema = {
  ADM_KIOSK_URL: z.string().url('ADM_KIOSK_URL must be a URL like http://127.0.0.1:4332').default('http://127.0.0.1:4332'),
  /** The development emulator's key by default; a real deployment sets its own. */
  ADM_KIOSK_API_KEY: optionalString,
  ...resilienceEnvSchema('ADM_KIOSK'),
};

export interface AdmKioskSettings {
  baseUrl: string;
  apiKey: string;
  resilience: ResilienceSettings;
}

export const DEVELOPMENT_ADM_KIOSK_KEY = 'dev-adm-kiosk-key';

export function admKioskSettingsFrom(raw: { ADM_KIOSK_URL: string; ADM_KIOSK_API_KEY?: string; ADM_KIOSK_TIMEOUT_MS?: number; ADM_KIOSK_RETRIES?: number; ADM_KIOSK_BREAKER_THRESHOLD?: number; ADM_KIOSK_HALF_OPEN_AFTER_MS?: number }): AdmKioskSettings {
  return {
    baseUrl: raw.ADM_KIOSK_URL,
    apiKey: raw.ADM_KIOSK_API_KEY ?? DEVELOPMENT_ADM_KIOSK_KEY,
    // A resident stands at the kiosk waiting: fail within 2.5 s rather than hang.
    resilience: resilienceFromEnv(raw, 'ADM_KIOSK', { timeoutMs: 2_500 }),
  };
}
