import { z } from 'zod';
import { ConfigError, loadConfig, port, settingFrom } from '@core/config/load';
import { hopVerifierFrom, hopVerifierSchema, legacyStorageFrom, legacyStorageSchema, logLevelSchema, type LegacyStorage } from '@core/config/shared';
import type { HopVerifier } from '@core/context/hop-keys';
import type { LogLevel } from '@core/log';
import { instanceTenantFrom, tenantSchema, tenantsFrom, type Tenants } from '@core/tenants';
import { auditConfigSchema, auditSettingsFrom, type AuditSettings } from '@core/audit';
import { outboxConfigSchema, outboxSettingsFrom, type OutboxSettings } from '@core/outbox';
import { arsipConfigSchema, arsipSettingsFrom, type ArsipSettings } from '@adapters/arsip';
import { tteConfigSchema, tteSettingsFrom, type TteSettings } from '@adapters/tte';

/** The documents subgraph's configuration; the only reader of process.env in this process. */
const schema = z.object({
  ...legacyStorageSchema,
  ...auditConfigSchema,
  ...outboxConfigSchema,
  ...hopVerifierSchema,
  ...logLevelSchema,
  ...tenantSchema,
  ...tteConfigSchema,
  ...arsipConfigSchema,
  DOCUMENTS_PORT: port(4006),
  DOCUMENTS_HOST: z.string().default('127.0.0.1'),
  DOCUMENTS_ADMIN_PORT: port(9406),
  DOCUMENTS_ADMIN_HOST: z.string().default('127.0.0.1'),
  /** The one tenant whose signature application and archive this instance reaches. */
  DOCUMENTS_TENANT: z.string().default('tangsel'),
  /** Uploads stream for as long as this: a 200 MB file over a slow counter line takes minutes. */
  DOCUMENTS_MAX_DEADLINE_MS: z.coerce.number().int().min(100).max(900_000).default(300_000),
  GERBANG_READINESS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_500),
  SIAK_TIMEOUT_MS: z.coerce.number().int().min(20).max(60_000).default(3_000),
});

export interface DocumentsConfig {
  port: number;
  host: string;
  admin: { port: number; host: string };
  storage: LegacyStorage;
  audit: AuditSettings;
  outbox: OutboxSettings;
  verifier: HopVerifier;
  tenants: Tenants;
  /** The tenant this instance serves: its clock stamps archived files. */
  site: { timeZone: string };
  maxDeadlineMs: number;
  readinessCacheMs: number;
  logLevel: LogLevel;
  timeouts: { siak: number };
  tte: TteSettings;
  arsip: ArsipSettings;
}

export function loadDocumentsConfig(env?: Record<string, string | undefined>): DocumentsConfig {
  const raw = loadConfig(schema, env);
  const problems: string[] = [];
  const verifier = hopVerifierFrom(raw, problems);
  const known = tenantsFrom(raw, problems);
  const instance = instanceTenantFrom(known, 'DOCUMENTS_TENANT', raw.DOCUMENTS_TENANT, problems);
  const tenants = instance?.tenants;
  const outbox = settingFrom(problems, () => outboxSettingsFrom(raw));
  const tenant = instance?.tenant;
  if (problems.length > 0 || !verifier || !tenants || !tenant || !outbox) throw new ConfigError(problems);
  return {
    port: raw.DOCUMENTS_PORT,
    host: raw.DOCUMENTS_HOST,
    admin: { port: raw.DOCUMENTS_ADMIN_PORT, host: raw.DOCUMENTS_ADMIN_HOST },
    storage: legacyStorageFrom(raw),
    audit: auditSettingsFrom(raw),
    outbox,
    verifier,
    tenants,
    site: { timeZone: tenant.timeZone },
    maxDeadlineMs: raw.DOCUMENTS_MAX_DEADLINE_MS,
    readinessCacheMs: raw.GERBANG_READINESS_CACHE_MS,
    logLevel: raw.GERBANG_LOG_LEVEL,
    timeouts: { siak: raw.SIAK_TIMEOUT_MS },
    tte: tteSettingsFrom(raw),
    arsip: arsipSettingsFrom(raw),
  };
}
