import { z } from 'zod';
import { optionalString } from '@core/config/load';
import { resilienceEnvSchema, resilienceFromEnv, type ResilienceSettings } from '../base/resilience';
import { DEFAULT_CALLBACK_TOLERANCE_S } from './callbacks';

/**
 * The courier adapter's settings, for the config module of the process that uses it (it reads no
 * environment itself): z.object({ ...ojolConfigSchema, ... }) then ojolSettingsFrom(raw, { development }).
 *   OJOL_URL, OJOL_API_KEY, OJOL_CALLBACK_SECRET, OJOL_CALLBACK_TOLERANCE_S, OJOL_TIMEOUT_MS,
 *   OJOL_RETRIES, OJOL_BREAKER_THRESHOLD, OJOL_HALF_OPEN_AFTER_MS
 */
export const ojolConfigSchema = {
  OJOL_URL: z.string().url('OJOL_URL must be a URL like http://127.0.0.1:4341').default('http://127.0.0.1:4341'),
  /** The development emulator's key by default; a real deployment sets its own. */
  OJOL_API_KEY: optionalString,
  /** The secret the partner signs its callbacks with (at least 16 characters). */
  OJOL_CALLBACK_SECRET: optionalString.pipe(z.string().min(16, 'OJOL_CALLBACK_SECRET must be at least 16 characters').optional()),
  /** How old a callback may be when it arrives, in seconds. */
  OJOL_CALLBACK_TOLERANCE_S: z.coerce.number().int().min(10).max(3_600).default(DEFAULT_CALLBACK_TOLERANCE_S),
  ...resilienceEnvSchema('OJOL'),
};

export interface OjolSettings {
  baseUrl: string;
  apiKey: string;
  callbackSecret: string;
  callbackToleranceSeconds: number;
  resilience: ResilienceSettings;
}

export const DEVELOPMENT_OJOL_KEY = 'dev-ojol-key';
export const DEVELOPMENT_OJOL_CALLBACK_SECRET = 'dev-ojol-callback-secret';

type Raw = {
  OJOL_URL: string;
  OJOL_API_KEY?: string;
  OJOL_CALLBACK_SECRET?: string;
  OJOL_CALLBACK_TOLERANCE_S: number;
  OJOL_TIMEOUT_MS?: number;
  OJOL_RETRIES?: number;
  OJOL_BREAKER_THRESHOLD?: number;
  OJOL_HALF_OPEN_AFTER_MS?: number;
};

/**
 * Settings from the parsed environment. Outside development mode the API key and the callback
 * secret must be given: with the committed development secret anyone could forge a "delivered"
 * callback. `problems` collects what is missing, as the process's config module reports it.
 */
export function ojolSettingsFrom(raw: Raw, options: { development: boolean; problems?: string[] } = { development: true }): OjolSettings {
  if (!options.development) {
    const missing = [!raw.OJOL_API_KEY && 'OJOL_API_KEY', !raw.OJOL_CALLBACK_SECRET && 'OJOL_CALLBACK_SECRET'].filter((m): m is string => typeof m === 'string');
    if (missing.length > 0) {
      const problems = missing.map((name) => `${name}: required outside development mode`);
      if (options.problems) options.problems.push(...problems);
      else throw new Error(problems.join('; '));
    }
  }
  return {
    baseUrl: raw.OJOL_URL,
    apiKey: raw.OJOL_API_KEY ?? DEVELOPMENT_OJOL_KEY,
    callbackSecret: raw.OJOL_CALLBACK_SECRET ?? DEVELOPMENT_OJOL_CALLBACK_SECRET,
    callbackToleranceSeconds: raw.OJOL_CALLBACK_TOLERANCE_S,
    // Orders and quotes answer in well under a second; a partner's API over the internet gets 4 s.
    resilience: resilienceFromEnv(raw, 'OJOL', { timeoutMs: 4_000 }),
  };
}
