import { z } from 'zod';
import { optionalString } from '@core/config/load';

/**
 * The archive adapter's settings, for the config module of the process that uses it (it reads no
 * environment itself): z.object({ ...arsipConfigSchema, ... }) then arsipSettingsFrom(raw).
 *   ARSIP_TIMEOUT_MS      per statement (default 3000)
 *   ARSIP_MAX_UPLOAD_BYTES  the largest file accepted (default 10 MiB)
 *   ARSIP_FOLDER          the archive's files, when mounted elsewhere (default: the app's folder tree)
 *   ARSIP_OFFICER         written in `petugas` for files archived through Gerbang (default GERBANG)
 */
export const arsipConfigSchema = {
  ARSIP_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
  ARSIP_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1_024).max(200 * 1024 * 1024).default(10 * 1024 * 1024),
  ARSIP_FOLDER: optionalString,
  ARSIP_OFFICER: z.string().min(1).max(30).default('GERBANG'),
};

export interface ArsipSettings {
  timeoutMs: number;
  maxBytes: number;
  archiveFolder?: string;
  officer: string;
}

export function arsipSettingsFrom(raw: { ARSIP_TIMEOUT_MS: number; ARSIP_MAX_UPLOAD_BYTES: number; ARSIP_FOLDER?: string; ARSIP_OFFICER: string }): ArsipSettings {
  return { timeoutMs: raw.ARSIP_TIMEOUT_MS, maxBytes: raw.ARSIP_MAX_UPLOAD_BYTES, archiveFolder: raw.ARSIP_FOLDER, officer: raw.ARSIP_OFFICER };
}
