import { z } from 'zod';
import { legacyStorageFrom, legacyStorageSchema, type LegacyStorage } from '@core/config/shared';
import { DEFAULT_AUDIT_BATCH, type AuditWriterOptions } from './writer';

/**
 * The audit trail's settings, to spread into a process's config schema (`...auditConfigSchema`).
 * The database is located like the legacy apps' (MYSQL_URL, GERBANG_MYSQL_DB_PREFIX, GERBANG_DATA_DIR).
 */
export const auditConfigSchema = {
  ...legacyStorageSchema,
  /** Most audit records written in one transaction. */
  GERBANG_AUDIT_BATCH_MAX: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_AUDIT_BATCH.maxBatch),
  /** How long a record waits for others to share its transaction when none is being written, ms (0: the next turn; see AuditWriter). */
  GERBANG_AUDIT_BATCH_DELAY_MS: z.coerce.number().int().min(0).max(1_000).default(DEFAULT_AUDIT_BATCH.maxDelayMs),
};

export interface AuditSettings {
  storage: LegacyStorage;
  writer: AuditWriterOptions;
}

export function auditSettingsFrom(env: z.infer<z.ZodObject<typeof auditConfigSchema>>): AuditSettings {
  return { storage: legacyStorageFrom(env), writer: { maxBatch: env.GERBANG_AUDIT_BATCH_MAX, maxDelayMs: env.GERBANG_AUDIT_BATCH_DELAY_MS } };
}
