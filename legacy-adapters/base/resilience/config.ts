import { z } from 'zod';

/**
 * How Gerbang treats one legacy application: how long one call may take, how often a read is
 * tried again, and when to stop calling an application that keeps failing. One set per app
 * (per adapter instance), validated at start by the process's config module.
 */
export const resilienceSettingsSchema = z.object({
  /** Longest one call may take, from the moment it is sent (the request's deadline may cut it shorter). */
  timeoutMs: z.coerce.number().int().min(10).max(120_000).default(3_000),
  /** Extra attempts for a read that failed on the way (never for a write). */
  retries: z.coerce.number().int().min(0).max(5).default(2),
  /** Consecutive failed calls after which the breaker opens and calls fail at once. */
  breakerThreshold: z.coerce.number().int().min(1).max(1_000).default(5),
  /** How long an open breaker refuses calls before it lets one through to probe the app. */
  halfOpenAfterMs: z.coerce.number().int().min(10).max(600_000).default(10_000),
  /** First pause before a retry; later pauses grow exponentially, with jitter. */
  backoffInitialMs: z.coerce.number().int().min(1).max(60_000).default(50),
  /** Longest pause between retries (a server's Retry-After is honoured even when longer). */
  backoffMaxMs: z.coerce.number().int().min(1).max(60_000).default(1_000),
  /** A retry is only started if, after its pause, at least this much of the deadline is left. */
  minAttemptMs: z.coerce.number().int().min(1).max(60_000).default(50),
});

export type ResilienceSettings = z.infer<typeof resilienceSettingsSchema>;
export type ResilienceInput = z.input<typeof resilienceSettingsSchema>;

export const DEFAULT_RESILIENCE: ResilienceSettings = resilienceSettingsSchema.parse({});

/** Settings from partial input, defaults filled in; throws a ZodError on bad values. */
export function resilienceSettings(input: ResilienceInput = {}): ResilienceSettings {
  return resilienceSettingsSchema.parse(input);
}

/**
 * The environment variables of one app's settings, for a process's config schema:
 *   z.object({ ...resilienceEnvSchema('KTP_CETAK'), ... })
 * gives KTP_CETAK_TIMEOUT_MS, KTP_CETAK_RETRIES, KTP_CETAK_BREAKER_THRESHOLD,
 * KTP_CETAK_HALF_OPEN_AFTER_MS (all optional); read them back with `resilienceFromEnv`.
 */
type EnvKey<P extends string> = `${P}_TIMEOUT_MS` | `${P}_RETRIES` | `${P}_BREAKER_THRESHOLD` | `${P}_HALF_OPEN_AFTER_MS`;

const ENV_FIELDS = {
  TIMEOUT_MS: 'timeoutMs',
  RETRIES: 'retries',
  BREAKER_THRESHOLD: 'breakerThreshold',
  HALF_OPEN_AFTER_MS: 'halfOpenAfterMs',
} as const;

export function resilienceEnvSchema<P extends string>(prefix: P): Record<EnvKey<P>, z.ZodOptional<z.ZodCoercedNumber>> {
  const shape = resilienceSettingsSchema.shape;
  const out: Record<string, z.ZodOptional<z.ZodCoercedNumber>> = {};
  for (const [suffix, field] of Object.entries(ENV_FIELDS)) {
    // The same bounds as the settings schema; the default is applied in resilienceFromEnv, so that
    // each app may bring its own.
    out[`${prefix}_${suffix}`] = (shape[field].unwrap() as z.ZodCoercedNumber).optional();
  }
  return out as Record<EnvKey<P>, z.ZodOptional<z.ZodCoercedNumber>>;
}

/** One app's settings from the parsed environment, with the app's own defaults under the project's. */
export function resilienceFromEnv<P extends string>(raw: Partial<Record<EnvKey<P>, number | undefined>>, prefix: P, defaults: ResilienceInput = {}): ResilienceSettings {
  const input: Record<string, unknown> = { ...defaults };
  for (const [suffix, field] of Object.entries(ENV_FIELDS)) {
    const value = (raw as Record<string, number | undefined>)[`${prefix}_${suffix}`];
    if (value !== undefined) input[field] = value;
  }
  return resilienceSettingsSchema.parse(input);
}
