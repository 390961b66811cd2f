import { z } from 'zod';

/**
 * The legalisation adapter's settings, for the config module of the process that uses it (it reads
 * no environment itself): z.object({ ...legalisirConfigSchema, ... }) then legalisirSettingsFrom(raw).
 *   LEGALISIR_TIMEOUT_MS        per statement (default 3000)
 *   LEGALISIR_CHANGE_SETTLE_MS  how old a step must be before it is polled (default 2000; the current second always waits)
 */
export const legalisirConfigSchema = {
  LEGALISIR_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
  LEGALISIR_CHANGE_SETTLE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
};

export interface LegalisirSettings {
  timeoutMs: number;
  changeSettleMs: number;
}

export function legalisirSettingsFrom(raw: { LEGALISIR_TIMEOUT_MS: number; LEGALISIR_CHANGE_SETTLE_MS: number }): LegalisirSettings {
  return { timeoutMs: raw.LEGALISIR_TIMEOUT_MS, changeSettleMs: raw.LEGALISIR_CHANGE_SETTLE_MS };
}
