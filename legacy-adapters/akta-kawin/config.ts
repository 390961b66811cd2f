import { z } from 'zod';
import { optionalString } from '@core/config/load';
import { resilienceEnvSchema, resilienceFromEnv, type ResilienceSettings } from '../base/resilience';

/**
 * The marriage registry adapter's settings, for the config module of the process that uses it (it
 * reads no environment itself): z.object({ ...aktaKawinConfigSchema, ... }) then aktaKawinSettingsFrom(raw).
 *   AKTA_KAWIN_URL (the service URL; the WSDL is at ?wsdl), AKTA_KAWIN_USERNAME, AKTA_KAWIN_PASSWORD,
 *   AKTA_KAWIN_TIMEOUT_MS, AKTA_KAWIN_RETRIES, AKTA_KAWIN_BREAKER_THRESHOLD, AKTA_KAWIN_HALF_OPEN_AFTER_MS
 */
export const aktaKawinConfigSchema = {
  AKTA_KAWIN_URL: z.string().url('AKTA_KAWIN_URL must be a URL like http://127.0.0.1:4311/ws').default('http://127.0.0.1:4311/ws'),
  AKTA_KAWIN_USERNAME: optionalString,
  /** The development emulator's password by default; a real deployment sets its own. */
  AKTA_KAWIN_PASSWORD: optionalString,
  ...resilienceEnvSchema('AKTA_KAWIN'),
};

export interface AktaKawinSettings {
  url: string;
  credentials: { username: string; password: string };
  resilience: ResilienceSettings;
}

export const DEVELOPMENT_AKTA_KAWIN_CREDENTIALS = { username: 'gerbang', password: 'dev-akta-kawin-pass' };

export function aktaKawinSettingsFrom(raw: { AKTA_KAWIN_URL: string; AKTA_KAWIN_USERNAME?: string; AKTA_KAWIN_PASSWORD?: string; AKTA_KAWIN_TIMEOUT_MS?: number; AKTA_KAWIN_RETRIES?: number; AKTA_KAWIN_BREAKER_THRESHOLD?: number; AKTA_KAWIN_HALF_OPEN_AFTER_MS?: number }): AktaKawinSettings {
  return {
    url: raw.AKTA_KAWIN_URL,
    credentials: {
      username: raw.AKTA_KAWIN_USERNAME ?? DEVELOPMENT_AKTA_KAWIN_CREDENTIALS.username,
      password: raw.AKTA_KAWIN_PASSWORD ?? DEVELOPMENT_AKTA_KAWIN_CREDENTIALS.password,
    },
    // SOAP lookups of the registry take well under a second; the first call also reads the WSDL.
    resilience: resilienceFromEnv(raw, 'AKTA_KAWIN', { timeoutMs: 3_000 }),
  };
}
