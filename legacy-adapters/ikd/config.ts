import { z } from 'zod';
import { optionalString } from '@core/config/load';
import { resilienceEnvSchema, resilienceFromEnv, type ResilienceSettings } from '../base/resilience';

/**
 * The IKD adapter's settings, for the config module of the process that uses it (it reads no
 * environment itself): z.object({ ...ikdConfigSchema, ... }) then ikdSettingsFrom(raw).
 *   IKD_URL, IKD_API_KEY, IKD_TIMEOUT_MS, IKD_RETRIES, IKD_BREAKER_THRESHOLD, IKD_HALF_OPEN_AFTER_MS
 */
export const ikdConfigSchema = {
  IKD_URL: z.string().url('IKD_URL must be a URL like http://127.0.0.1:4305').default('http://127.0.0.1:4305'),
  /** The development emulator's key by default; a real deployment sets its own. */
  IKD_API_KEY: optionalString,
  ...resilienceEnvSchema('IKD'),
};

export interface IkdSettings {
  baseUrl: string;
  apiKey: string;
  resilience: ResilienceSettings;
}

export const DEVELOPMENT_IKD_KEY = 'dev-ikd-key';

export function ikdSettingsFrom(raw: { IKD_URL: string; IKD_API_KEY?: string; IKD_TIMEOUT_MS?: number; IKD_RETRIES?: number; IKD_BREAKER_THRESHOLD?: number; IKD_HALF_OPEN_AFTER_MS?: number }): IkdSettings {
  return {
    baseUrl: raw.IKD_URL,
    apiKey: raw.IKD_API_KEY ?? DEVELOPMENT_IKD_KEY,
    // Rate-limited: a read pressed too hard waits the Retry-After it is given (about a second),
    // so the defaults leave room for one such wait within a request's deadline.
    resilience: resilienceFromEnv(raw, 'IKD', { timeoutMs: 2_000, retries: 2 }),
  };
}
