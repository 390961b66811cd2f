import { z } from 'zod';
import { ConfigError, loadConfig, port, settingFrom } from '@core/config/load';
import { hopVerifierFrom, hopVerifierSchema, legacyStorageFrom, legacyStorageSchema, logLevelSchema, type LegacyStorage } from '@core/config/shared';
import type { HopVerifier } from '@core/context/hop-keys';
import type { LogLevel } from '@core/log';
import { instanceTenantFrom, tenantSchema, tenantsFrom, type Tenants } from '@core/tenants';
import { auditConfigSchema, auditSettingsFrom, type AuditSettings } from '@core/audit';
import { outboxConfigSchema, outboxSettingsFrom, type OutboxSettings } from '@core/outbox';
import { pindahDatangConfigSchema, pindahDatangSettingsFrom, type PindahDatangSettings } from '@adapters/pindah-datang';
import { pindahKeluarConfigSchema, pindahKeluarSettingsFrom, type PindahKeluarSettings } from '@adapters/pindah-keluar';

/** The mobility subgraph's configuration; the only reader of process.env in this process. */
const timeout = (fallback: number) => z.coerce.number().int().min(20).max(60_000).default(fallback);
const schema = z.object({
  ...legacyStorageSchema,
  ...auditConfigSchema,
  ...outboxConfigSchema,
  ...hopVerifierSchema,
  ...logLevelSchema,
  ...tenantSchema,
  ...pindahKeluarConfigSchema,
  ...pindahDatangConfigSchema,
  MOBILITY_PORT: port(4003),
  MOBILITY_HOST: z.string().default('127.0.0.1'),
  MOBILITY_ADMIN_PORT: port(9403),
  MOBILITY_ADMIN_HOST: z.string().default('127.0.0.1'),
  /** The one tenant whose applications this instance reaches ("the city" of its moves). */
  MOBILITY_TENANT: z.string().default('tangsel'),
  MOBILITY_MAX_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
  /** Written in PETUGAS on foreigners registered through Gerbang, so officers can tell them apart. */
  MOBILITY_OFFICER: z.string().min(1).max(20).default('GERBANG'),
  GERBANG_READINESS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_500),
  SIAK_TIMEOUT_MS: timeout(3_000),
  ORANG_ASING_TIMEOUT_MS: timeout(3_000),
});

export interface MobilityConfig {
  port: number;
  host: string;
  admin: { port: number; host: string };
  storage: LegacyStorage;
  audit: AuditSettings;
  outbox: OutboxSettings;
  verifier: HopVerifier;
  tenants: Tenants;
  /** The tenant this instance serves: its regency is "the city", its clock stamps the records. */
  site: { regencyCode: string; timeZone: string; officer: string };
  maxDeadlineMs: number;
  readinessCacheMs: number;
  logLevel: LogLevel;
  timeouts: { siak: number; orangAsing: number };
  pindahKeluar: PindahKeluarSettings;
  pindahDatang: PindahDatangSettings;
}

export function loadMobilityConfig(env?: Record<string, string | undefined>): MobilityConfig {
  const raw = loadConfig(schema, env);
  const problems: string[] = [];
  const verifier = hopVerifierFrom(raw, problems);
  const known = tenantsFrom(raw, problems);
  const instance = instanceTenantFrom(known, 'MOBILITY_TENANT', raw.MOBILITY_TENANT, problems);
  const tenants = instance?.tenants;
  const outbox = settingFrom(problems, () => outboxSettingsFrom(raw));
  const tenant = instance?.tenant;
  if (problems.length > 0 || !verifier || !tenants || !tenant || !outbox) throw new ConfigError(problems);
  return {
    port: raw.MOBILITY_PORT,
    host: raw.MOBILITY_HOST,
    admin: { port: raw.MOBILITY_ADMIN_PORT, host: raw.MOBILITY_ADMIN_HOST },
    storage: legacyStorageFrom(raw),
    audit: auditSettingsFrom(raw),
    outbox,
    verifier,
    tenants,
    site: { regencyCode: tenant.regencyCode, timeZone: tenant.timeZone, officer: raw.MOBILITY_OFFICER },
    maxDeadlineMs: raw.MOBILITY_MAX_DEADLINE_MS,
    readinessCacheMs: raw.GERBANG_READINESS_CACHE_MS,
    logLevel: raw.GERBANG_LOG_LEVEL,
    timeouts: { siak: raw.SIAK_TIMEOUT_MS, orangAsing: raw.ORANG_ASING_TIMEOUT_MS },
    pindahKeluar: pindahKeluarSettingsFrom(raw),
    pindahDatang: pindahDatangSettingsFrom(raw),
  };
}
