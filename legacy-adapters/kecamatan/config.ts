import { z } from 'zod';

/**
 * The kecamatan counter adapter's settings, for the config module of the process that uses it (it
 * reads no environment itself): z.object({ ...kecamatanConfigSchema, ... }) then kecamatanSettingsFrom(raw).
 *   KECAMATAN_TIMEOUT_MS        per statement (default 3000)
 *   KECAMATAN_CHANGE_SETTLE_MS  how old a status change must be before it is polled (default 2000)
 */
export const kecamatanConfigSchema = {
  KECAMATAN_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
  KECAMATAN_CHANGE_SETTLE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
};

export interface KecamatanSettings {
  timeoutMs: number;
  changeSettleMs: number;
}

export function kecamatanSettingsFrom(raw: { KECAMATAN_TIMEOUT_MS: number; KECAMATAN_CHANGE_SETTLE_MS: number }): KecamatanSettings {
  return { timeoutMs: raw.KECAMATAN_TIMEOUT_MS, changeSettleMs: raw.KECAMATAN_CHANGE_SETTLE_MS };
}
