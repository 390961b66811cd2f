import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfig, port, settingFrom } from '@core/config/load';
import { REPO_ROOT, hopVerifierFrom, hopVerifierSchema, legacyStorageFrom, legacyStorageSchema, logLevelSchema, type LegacyStorage } from '@core/config/shared';
import type { HopVerifier } from '@core/context/hop-keys';
import type { LogLevel } from '@core/log';
import { instanceTenantFrom, tenantSchema, tenantsFrom, type Tenants } from '@core/tenants';
import { auditConfigSchema, auditSettingsFrom, type AuditSettings } from '@core/audit';
import { eventSealFrom, eventsConfigSchema, eventsSettingsFrom, type EventFlowOptions, type EventSeal } from '@core/events';
import { outboxConfigSchema, outboxSettingsFrom, type OutboxSettings } from '@core/outbox';
import { admKioskConfigSchema, admKioskSettingsFrom, type AdmKioskSettings } from '@adapters/adm-kiosk';
import { arsipConfigSchema, arsipSettingsFrom, type ArsipSettings } from '@adapters/arsip';
import { antrianConfigSchema, antrianSettingsFrom, type AntrianSettings } from '@adapters/antrian';
import { ktpCetakConfigSchema, ktpCetakSettingsFrom, type KtpCetakSettings } from '@adapters/ktp-cetak';
import { kecamatanConfigSchema, kecamatanSettingsFrom, type KecamatanSettings } from '@adapters/kecamatan';
import { legalisirConfigSchema, legalisirSettingsFrom, type LegalisirSettings } from '@adapters/legalisir';
import { pengaduanConfigSchema, pengaduanSettingsFrom, type PengaduanSettings } from '@adapters/pengaduan';
import { portalOnlineConfigSchema, portalOnlineSettingsFrom, type PortalOnlineSettings } from '@adapters/portal-online';
import { sirenaConfigSchema, sirenaSettingsFrom, type SirenaSettings } from '@adapters/sirena';
import { loadServiceRoutings } from './routing/services-file';
import type { ServiceRouting } from './routing/routing';

/**
 * Where the tenants' services files are read from. They belong in tenants/ beside the tenant files
 * (`<tenant>.services.json`); until core/tenants.ts reads only `<id>.json` there, they live in this
 * subgraph's folder (see docs/subgraphs/services.md).
 */
/** Beside each tenant's own file: `tenants/<tenant>.services.json`. */
export const DEFAULT_ROUTING_DIR = join(REPO_ROOT, 'tenants');

/** The services subgraph's configuration; the only reader of process.env in this process. */
const timeout = (fallback: number) => z.coerce.number().int().min(20).max(60_000).default(fallback);
const schema = z.object({
  ...legacyStorageSchema,
  ...auditConfigSchema,
  ...outboxConfigSchema,
  ...eventsConfigSchema,
  ...hopVerifierSchema,
  ...logLevelSchema,
  ...tenantSchema,
  ...portalOnlineConfigSchema,
  ...sirenaConfigSchema,
  ...pengaduanConfigSchema,
  ...kecamatanConfigSchema,
  ...legalisirConfigSchema,
  ...antrianConfigSchema,
  ...admKioskConfigSchema,
  ...ktpCetakConfigSchema,
  ...arsipConfigSchema,
  KTP_REKAM_TIMEOUT_MS: timeout(3_000),
  KTP_REKAM_POOL_MAX: z.coerce.number().int().min(1).max(200).optional(),
  AKTA_LAHIR_TIMEOUT_MS: timeout(3_000),
  AKTA_LAHIR_POOL_MAX: z.coerce.number().int().min(1).max(200).optional(),
  /** Written in PETUGAS on the deeds a fulfilment issues, so officers can tell them apart. */
  SERVICES_OFFICER: z.string().min(1).max(20).default('GERBANG'),
  SERVICES_PORT: port(4004),
  SERVICES_HOST: z.string().default('127.0.0.1'),
  SERVICES_ADMIN_PORT: port(9404),
  SERVICES_ADMIN_HOST: z.string().default('127.0.0.1'),
  /** The one tenant whose applications this instance reaches. */
  SERVICES_TENANT: z.string().default('tangsel'),
  SERVICES_ROUTING_DIR: z.string().default(DEFAULT_ROUTING_DIR),
  SERVICES_MAX_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
  /** How often the applications' change feeds are read (a change is published within about this). */
  SERVICES_FEED_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  GERBANG_READINESS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_500),
  SIAK_TIMEOUT_MS: timeout(3_000),
  JEMPUT_BOLA_TIMEOUT_MS: timeout(3_000),
});

export interface ServicesConfig {
  port: number;
  host: string;
  admin: { port: number; host: string };
  storage: LegacyStorage;
  audit: AuditSettings;
  outbox: OutboxSettings;
  /** The `services` event flow: embedded, or RabbitMQ with AMQP_URL. */
  events: EventFlowOptions;
  /** Seals the applicant into status-change events for the notifier (GERBANG_EVENT_SEAL_KEY_FILE; the development key in development mode). */
  eventSeal: EventSeal | undefined;
  verifier: HopVerifier;
  tenants: Tenants;
  routings: Map<string, ServiceRouting>;
  site: { tenant: string; regencyCode: string; timeZone: string };
  maxDeadlineMs: number;
  readinessCacheMs: number;
  feedPollMs: number;
  logLevel: LogLevel;
  timeouts: { siak: number; jemputBola: number };
  portalOnline: PortalOnlineSettings;
  sirena: SirenaSettings;
  pengaduan: PengaduanSettings;
  kecamatan: KecamatanSettings;
  legalisir: LegalisirSettings;
  antrian: AntrianSettings;
  admKiosk: AdmKioskSettings;
  ktpCetak: KtpCetakSettings;
  ktpRekam: { timeoutMs: number; poolMax?: number };
  aktaLahir: { timeoutMs: number; poolMax?: number; officer: string };
  arsip: ArsipSettings;
}

export function loadServicesConfig(env?: Record<string, string | undefined>): ServicesConfig {
  const raw = loadConfig(schema, env);
  const problems: string[] = [];
  const verifier = hopVerifierFrom(raw, problems);
  const known = tenantsFrom(raw, problems);
  const instance = instanceTenantFrom(known, 'SERVICES_TENANT', raw.SERVICES_TENANT, problems);
  const tenants = instance?.tenants;
  const outbox = settingFrom(problems, () => outboxSettingsFrom(raw));
  const events = settingFrom(problems, () => eventsSettingsFrom(raw));
  const eventSeal = eventSealFrom(raw, problems);
  let routings: Map<string, ServiceRouting> | undefined;
  if (tenants) {
    try {
      routings = loadServiceRoutings(tenants, raw.SERVICES_ROUTING_DIR);
    } catch (error) {
      problems.push(`SERVICES_ROUTING_DIR: ${(error as Error).message}`);
    }
  }
  const tenant = instance?.tenant;
  if (problems.length > 0 || !verifier || !tenants || !tenant || !outbox || !events || !routings) throw new ConfigError(problems);
  return {
    port: raw.SERVICES_PORT,
    host: raw.SERVICES_HOST,
    admin: { port: raw.SERVICES_ADMIN_PORT, host: raw.SERVICES_ADMIN_HOST },
    storage: legacyStorageFrom(raw),
    audit: auditSettingsFrom(raw),
    outbox,
    events,
    eventSeal,
    verifier,
    tenants,
    routings,
    site: { tenant: tenant.id, regencyCode: tenant.regencyCode, timeZone: tenant.timeZone },
    maxDeadlineMs: raw.SERVICES_MAX_DEADLINE_MS,
    readinessCacheMs: raw.GERBANG_READINESS_CACHE_MS,
    feedPollMs: raw.SERVICES_FEED_POLL_MS,
    logLevel: raw.GERBANG_LOG_LEVEL,
    timeouts: { siak: raw.SIAK_TIMEOUT_MS, jemputBola: raw.JEMPUT_BOLA_TIMEOUT_MS },
    portalOnline: portalOnlineSettingsFrom(raw),
    sirena: sirenaSettingsFrom(raw),
    pengaduan: pengaduanSettingsFrom(raw),
    kecamatan: kecamatanSettingsFrom(raw),
    legalisir: legalisirSettingsFrom(raw),
    antrian: antrianSettingsFrom(raw),
    admKiosk: admKioskSettingsFrom(raw),
    ktpCetak: ktpCetakSettingsFrom(raw),
    ktpRekam: { timeoutMs: raw.KTP_REKAM_TIMEOUT_MS, poolMax: raw.KTP_REKAM_POOL_MAX },
    aktaLahir: { timeoutMs: raw.AKTA_LAHIR_TIMEOUT_MS, poolMax: raw.AKTA_LAHIR_POOL_MAX, officer: raw.SERVICES_OFFICER },
    arsip: arsipSettingsFrom(raw),
  };
}
