import { z } from 'zod';

/**
 * The portal adapter's settings, for the config module of the process that uses it (it reads no
 * environment itself): z.object({ ...portalOnlineConfigSchema, ... }) then portalOnlineSettingsFrom(raw).
 * The regency and the office's time zone come from the tenant, not from here.
 *   PORTAL_ONLINE_TIMEOUT_MS   per statement (default 3000)
 *   PORTAL_ONLINE_POOL_MAX     MariaDB connections or SQLite worker threads (default: the base's)
 */
export const portalOnlineConfigSchema = {
  PORTAL_ONLINE_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
  PORTAL_ONLINE_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
};

export interface PortalOnlineSettings {
  timeoutMs: number;
  poolMax?: number;
}

export function portalOnlineSettingsFrom(raw: { PORTAL_ONLINE_TIMEOUT_MS: number; PORTAL_ONLINE_POOL_MAX?: number }): PortalOnlineSettings {
  return { timeoutMs: raw.PORTAL_ONLINE_TIMEOUT_MS, poolMax: raw.PORTAL_ONLINE_POOL_MAX };
}
