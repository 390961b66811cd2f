import { z } from 'zod';
import { optionalString } from '@core/config/load';
import { resilienceEnvSchema, resilienceFromEnv, type ResilienceSettings } from '../base/resilience';

/**
 * The divorce registry adapter's settings, for the config module of the process that uses it (it
 * reads no environment itself): z.object({ ...aktaCeraiConfigSchema, ... }) then aktaCeraiSettingsFrom(raw).
 *   AKTA_CERAI_URL (the service URL; the WSDL is at ?wsdl), AKTA_CERAI_USERNAME, AKTA_CERAI_PASSWORD,
 *   AKTA_CERAI_TIMEOUT_MS, AKTA_CERAI_RETRIES, AKTA_CERAI_BREAKER_THRESHOLD, AKTA_CERAI_HALF_OPEN_AFTER_MS
 */
export const aktaCeraiConfigSchema = {
  AKTA_CERAI_URL: z.string().url('AKTA_CERAI_URL must be a URL like http://127.0.0.1:4312/ws').default('http://127.0.0.1:4312/ws'),
  AKTA_CERAI_USERNAME: optionalString,
  /** The development emulator's password by default; a real deployment sets its own. */
  AKTA_CERAI_PASSWORD: optionalString,
  ...resilienceEnvSchema('AKTA_CERAI'),
};

export interface AktaCeraiSettings {
  url: string;
  credentials: { username: string; password: string };
  resilience: ResilienceSettings;
}

export const DEVELOPMENT_AKTA_CERAI_CREDENTIALS = { username: 'gerbang', password: 'dev-akta-cerai-pass' };

export function aktaCeraiSettingsFrom(raw: { AKTA_CERAI_URL: string; AKTA_CERAI_USERNAME?: string; AKTA_CERAI_PASSWORD?: string; AKTA_CERAI_TIMEOUT_MS?: number; AKTA_CERAI_RETRIES?: number; AKTA_CERAI_BREAKER_THRESHOLD?: number; AKTA_CERAI_HALF_OPEN_AFTER_MS?: number }): AktaCeraiSettings {
  return {
    url: raw.AKTA_CERAI_URL,
    credentials: {
      username: raw.AKTA_CERAI_USERNAME ?? DEVELOPMENT_AKTA_CERAI_CREDENTIALS.username,
      password: raw.AKTA_CERAI_PASSWORD ?? DEVELOPMENT_AKTA_CERAI_CREDENTIALS.password,
    },
    // SOAP lookups of the registry take well under a second; the first call also reads the WSDL.
    resilience: resilienceFromEnv(raw, 'AKTA_CERAI', { timeoutMs: 3_000 }),
  };
}
