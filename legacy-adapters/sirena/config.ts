import { z } from 'zod';

/**
 * The Sirena adapter's settings, for the config module of the process that uses it (it reads no
 * environment itself): z.object({ ...sirenaConfigSchema, ... }) then sirenaSettingsFrom(raw).
 * The office's time zone comes from the tenant.
 *   SIRENA_TIMEOUT_MS   per statement (default 3000)
 *   SIRENA_POOL_MAX     MariaDB connections or SQLite worker threads (default: the base's)
 */
export const sirenaConfigSchema = {
  SIRENA_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
  SIRENA_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
};

export interface SirenaSettings {
  timeoutMs: number;
  poolMax?: number;
}

export function sirenaSettingsFrom(raw: { SIRENA_TIMEOUT_MS: number; SIRENA_POOL_MAX?: number }): SirenaSettings {
  return { timeoutMs: raw.SIRENA_TIMEOUT_MS, poolMax: raw.SIRENA_POOL_MAX };
}
