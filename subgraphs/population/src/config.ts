import { z } from 'zod';
import { ConfigError, loadConfig, port } from '@core/config/load';
import { hopVerifierFrom, hopVerifierSchema, legacyStorageFrom, legacyStorageSchema, logLevelSchema, type LegacyStorage } from '@core/config/shared';
import type { HopVerifier } from '@core/context/hop-keys';
import type { LogLevel } from '@core/log';
import { tenantSchema, tenantsFrom, type Tenants } from '@core/tenants';
import { auditConfigSchema, auditSettingsFrom, type AuditSettings } from '@core/audit';
import { ikdConfigSchema, ikdSettingsFrom, type IkdSettings } from '@adapters/ikd';
import { kiaConfigSchema, kiaSettingsFrom, type KiaSettings } from '@adapters/kia';
import { ktpCetakConfigSchema, ktpCetakSettingsFrom, type KtpCetakSettings } from '@adapters/ktp-cetak';

/** The population subgraph's configuration; the only reader of process.env in this process. */
const schema = z.object({
  ...legacyStorageSchema,
  ...auditConfigSchema,
  ...hopVerifierSchema,
  ...logLevelSchema,
  ...tenantSchema,
  POPULATION_PORT: port(4001),
  POPULATION_HOST: z.string().default('127.0.0.1'),
  /** /metrics (and a copy of /healthz, /readyz) listen here, apart from the GraphQL port. */
  POPULATION_ADMIN_PORT: port(9401),
  POPULATION_ADMIN_HOST: z.string().default('127.0.0.1'),
  /**
   * The tenants whose SIAK this subgraph reads (its storage holds their register). Callers of any
   * other tenant are refused: no path leads to another regency's data.
   */
  POPULATION_TENANTS: z.string().default('tangsel'),
  /**
   * `off` only for `npm run bench`'s baseline, which measures what the audit trail costs; refused
   * outside development mode, so real data is never read without its trail.
   */
  POPULATION_AUDIT_FOR_BENCHMARK: z.enum(['on', 'off']).default('on'),
  /** The longest any request may run here, whatever deadline the gateway sends. */
  POPULATION_MAX_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
  GERBANG_READINESS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_500),
  /** Per-statement timeout for SIAK. */
  SIAK_TIMEOUT_MS: z.coerce.number().int().min(20).max(60_000).default(3_000),
  /** MariaDB connections (default 10), or SQLite worker threads (default 2), for SIAK. */
  SIAK_POOL_MAX: z.coerce.number().int().min(1).max(200).optional(),
  /** KTP-el enrolment (ktp-rekam): SQL, in the same legacy storage as SIAK. */
  KTP_REKAM_TIMEOUT_MS: z.coerce.number().int().min(20).max(60_000).default(3_000),
  KTP_REKAM_POOL_MAX: z.coerce.number().int().min(1).max(200).optional(),
  /** The REST card applications: URL, API key, timeout, retries, breaker (see each adapter's config.ts). */
  ...ktpCetakConfigSchema,
  ...kiaConfigSchema,
  ...ikdConfigSchema,
});

export interface PopulationConfig {
  port: number;
  host: string;
  admin: { port: number; host: string };
  storage: LegacyStorage;
  audit: AuditSettings;
  verifier: HopVerifier;
  tenants: Tenants;
  maxDeadlineMs: number;
  readinessCacheMs: number;
  logLevel: LogLevel;
  /** The bench's no-audit baseline (development mode only). */
  auditDisabledForBenchmark: boolean;
  siak: { timeoutMs: number; poolMax?: number };
  ktpRekam: { timeoutMs: number; poolMax?: number };
  ktpCetak: KtpCetakSettings;
  kia: KiaSettings;
  ikd: IkdSettings;
}

export function loadPopulationConfig(env?: Record<string, string | undefined>): PopulationConfig {
  const raw = loadConfig(schema, env);
  const problems: string[] = [];
  const verifier = hopVerifierFrom(raw, problems);
  const known = tenantsFrom(raw, problems);
  let tenants: Tenants | undefined;
  try {
    tenants = known?.only(raw.POPULATION_TENANTS.split(',').map((t) => t.trim()).filter(Boolean));
  } catch (error) {
    problems.push(`POPULATION_TENANTS: ${(error as Error).message}`);
  }
  if (raw.POPULATION_AUDIT_FOR_BENCHMARK === 'off' && verifier && !verifier.development) {
    problems.push('POPULATION_AUDIT_FOR_BENCHMARK: "off" is for the benchmark in development mode only; personal data is never read without its audit trail');
  }
  if (problems.length > 0 || !verifier || !tenants) throw new ConfigError(problems);
  return {
    auditDisabledForBenchmark: raw.POPULATION_AUDIT_FOR_BENCHMARK === 'off',
    port: raw.POPULATION_PORT,
    host: raw.POPULATION_HOST,
    admin: { port: raw.POPULATION_ADMIN_PORT, host: raw.POPULATION_ADMIN_HOST },
    storage: legacyStorageFrom(raw),
    audit: auditSettingsFrom(raw),
    verifier,
    tenants,
    maxDeadlineMs: raw.POPULATION_MAX_DEADLINE_MS,
    readinessCacheMs: raw.GERBANG_READINESS_CACHE_MS,
    logLevel: raw.GERBANG_LOG_LEVEL,
    siak: { timeoutMs: raw.SIAK_TIMEOUT_MS, poolMax: raw.SIAK_POOL_MAX },
    ktpRekam: { timeoutMs: raw.KTP_REKAM_TIMEOUT_MS, poolMax: raw.KTP_REKAM_POOL_MAX },
    ktpCetak: ktpCetakSettingsFrom(raw),
    kia: kiaSettingsFrom(raw),
    ikd: ikdSettingsFrom(raw),
  };
}
