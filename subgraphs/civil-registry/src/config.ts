import { z } from 'zod';
import { ConfigError, loadConfig, port, settingFrom } from '@core/config/load';
import { hopVerifierFrom, hopVerifierSchema, legacyStorageFrom, legacyStorageSchema, logLevelSchema, type LegacyStorage } from '@core/config/shared';
import type { HopVerifier } from '@core/context/hop-keys';
import type { LogLevel } from '@core/log';
import { instanceTenantFrom, tenantSchema, tenantsFrom, type Tenants } from '@core/tenants';
import { auditConfigSchema, auditSettingsFrom, type AuditSettings } from '@core/audit';
import { outboxConfigSchema, outboxSettingsFrom, type OutboxSettings } from '@core/outbox';
import { aktaCeraiConfigSchema, aktaCeraiSettingsFrom, type AktaCeraiSettings } from '@adapters/akta-cerai';
import { aktaKawinConfigSchema, aktaKawinSettingsFrom, type AktaKawinSettings } from '@adapters/akta-kawin';

/** The civil-registry subgraph's configuration; the only reader of process.env in this process. */
const timeout = (fallback: number) => z.coerce.number().int().min(20).max(60_000).default(fallback);
const schema = z.object({
  ...legacyStorageSchema,
  ...auditConfigSchema,
  ...outboxConfigSchema,
  ...hopVerifierSchema,
  ...logLevelSchema,
  ...tenantSchema,
  ...aktaKawinConfigSchema,
  ...aktaCeraiConfigSchema,
  CIVIL_REGISTRY_PORT: port(4002),
  CIVIL_REGISTRY_HOST: z.string().default('127.0.0.1'),
  CIVIL_REGISTRY_ADMIN_PORT: port(9402),
  CIVIL_REGISTRY_ADMIN_HOST: z.string().default('127.0.0.1'),
  /** The one tenant whose registries this instance reaches (deed numbers carry its regency code). */
  CIVIL_REGISTRY_TENANT: z.string().default('tangsel'),
  CIVIL_REGISTRY_MAX_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
  /** Written in PETUGAS on deeds that came through Gerbang, so officers can tell them apart. */
  CIVIL_REGISTRY_OFFICER: z.string().min(1).max(20).default('GERBANG'),
  GERBANG_READINESS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_500),
  SIAK_TIMEOUT_MS: timeout(3_000),
  AKTA_LAHIR_TIMEOUT_MS: timeout(3_000),
  AKTA_MATI_TIMEOUT_MS: timeout(3_000),
  /** Longest one file operation on capil-perubahan's folders may take (a hung share). */
  CAPIL_PERUBAHAN_TIMEOUT_MS: timeout(3_000),
});

export interface CivilRegistryConfig {
  port: number;
  host: string;
  admin: { port: number; host: string };
  storage: LegacyStorage;
  audit: AuditSettings;
  outbox: OutboxSettings;
  verifier: HopVerifier;
  tenants: Tenants;
  /** The tenant whose registries this instance serves: its regency numbers deeds, its clock stamps them. */
  site: { regencyCode: string; timeZone: string; officer: string };
  maxDeadlineMs: number;
  readinessCacheMs: number;
  logLevel: LogLevel;
  timeouts: { siak: number; aktaLahir: number; aktaMati: number; capilPerubahan: number };
  aktaKawin: AktaKawinSettings;
  aktaCerai: AktaCeraiSettings;
}

export function loadCivilRegistryConfig(env?: Record<string, string | undefined>): CivilRegistryConfig {
  const raw = loadConfig(schema, env);
  const problems: string[] = [];
  const verifier = hopVerifierFrom(raw, problems);
  const known = tenantsFrom(raw, problems);
  const instance = instanceTenantFrom(known, 'CIVIL_REGISTRY_TENANT', raw.CIVIL_REGISTRY_TENANT, problems);
  const tenants = instance?.tenants;
  const outbox = settingFrom(problems, () => outboxSettingsFrom(raw));
  const tenant = instance?.tenant;
  if (problems.length > 0 || !verifier || !tenants || !tenant || !outbox) throw new ConfigError(problems);
  return {
    port: raw.CIVIL_REGISTRY_PORT,
    host: raw.CIVIL_REGISTRY_HOST,
    admin: { port: raw.CIVIL_REGISTRY_ADMIN_PORT, host: raw.CIVIL_REGISTRY_ADMIN_HOST },
    storage: legacyStorageFrom(raw),
    audit: auditSettingsFrom(raw),
    outbox,
    verifier,
    tenants,
    site: { regencyCode: tenant.regencyCode, timeZone: tenant.timeZone, officer: raw.CIVIL_REGISTRY_OFFICER },
    maxDeadlineMs: raw.CIVIL_REGISTRY_MAX_DEADLINE_MS,
    readinessCacheMs: raw.GERBANG_READINESS_CACHE_MS,
    logLevel: raw.GERBANG_LOG_LEVEL,
    timeouts: { siak: raw.SIAK_TIMEOUT_MS, aktaLahir: raw.AKTA_LAHIR_TIMEOUT_MS, aktaMati: raw.AKTA_MATI_TIMEOUT_MS, capilPerubahan: raw.CAPIL_PERUBAHAN_TIMEOUT_MS },
    aktaKawin: aktaKawinSettingsFrom(raw),
    aktaCerai: aktaCeraiSettingsFrom(raw),
  };
}
