import { z } from 'zod';
import { ConfigError, loadConfig, port, settingFrom } from '@core/config/load';
import { hopVerifierFrom, hopVerifierSchema, legacyStorageFrom, legacyStorageSchema, logLevelSchema, type LegacyStorage } from '@core/config/shared';
import type { HopVerifier } from '@core/context/hop-keys';
import type { LogLevel } from '@core/log';
import { instanceTenantFrom, tenantSchema, tenantsFrom, type Tenants } from '@core/tenants';
import { auditConfigSchema, auditSettingsFrom, type AuditSettings } from '@core/audit';
import { eventSealFrom, eventsConfigSchema, eventsSettingsFrom, type EventFlowOptions, type EventSeal } from '@core/events';
import { outboxConfigSchema, outboxSettingsFrom, type OutboxSettings } from '@core/outbox';
import { notifikasiConfigSchema, notifikasiSettingsFrom, type NotifikasiSettings } from '@adapters/notifikasi';
import { ojolConfigSchema, ojolSettingsFrom, type OjolSettings } from '@adapters/ojol';
import type { OfficePlace } from './orders';

/** The delivery subgraph's configuration; the only reader of process.env in this process. */
const schema = z.object({
  ...legacyStorageSchema,
  ...auditConfigSchema,
  ...outboxConfigSchema,
  ...hopVerifierSchema,
  ...logLevelSchema,
  ...tenantSchema,
  ...ojolConfigSchema,
  ...notifikasiConfigSchema,
  ...eventsConfigSchema,
  DELIVERY_PORT: port(4005),
  DELIVERY_HOST: z.string().default('127.0.0.1'),
  DELIVERY_ADMIN_PORT: port(9405),
  DELIVERY_ADMIN_HOST: z.string().default('127.0.0.1'),
  /** The one tenant whose courier partner this instance reaches. */
  DELIVERY_TENANT: z.string().default('tangsel'),
  DELIVERY_MAX_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /**
   * How often the partner's change feed is read to recover callbacks that never came (Gerbang down,
   * the partner gave up); 0: never (tests drive it).
   */
  DELIVERY_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
  /** The office's counter for couriers: where pickups end and deliveries start (the partner quotes from here). */
  DELIVERY_OFFICE_ADDRESS: z.string().min(10).max(200).default('Gedung Pusat Pemerintahan Kota Tangerang Selatan, Jl. Maruga Raya No. 1, Ciater, Serpong'),
  DELIVERY_OFFICE_LATITUDE: z.coerce.number().min(-90).max(90).default(-6.3196),
  DELIVERY_OFFICE_LONGITUDE: z.coerce.number().min(-180).max(180).default(106.6978),
  DELIVERY_OFFICE_CONTACT: z.string().min(1).max(60).default('LOKET OJOL DISDUKCAPIL'),
  DELIVERY_OFFICE_PHONE: z.string().regex(/^(\+62|62|0)8\d{7,12}$/, 'DELIVERY_OFFICE_PHONE must be an Indonesian mobile number').default('081215379901'),
  /** Who signs the notices residents get at each status change of their requests. */
  DELIVERY_NOTICE_SENDER: z.string().min(3).max(40).default('Disdukcapil Tangsel'),
  GERBANG_READINESS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_500),
  SIAK_TIMEOUT_MS: z.coerce.number().int().min(20).max(60_000).default(3_000),
});

export interface DeliveryConfig {
  port: number;
  host: string;
  admin: { port: number; host: string };
  storage: LegacyStorage;
  audit: AuditSettings;
  outbox: OutboxSettings;
  verifier: HopVerifier;
  tenants: Tenants;
  tenant: string;
  site: { timeZone: string };
  maxDeadlineMs: number;
  pollMs: number;
  office: OfficePlace;
  readinessCacheMs: number;
  logLevel: LogLevel;
  timeouts: { siak: number };
  ojol: OjolSettings;
  notifikasi: NotifikasiSettings;
  /** The services event flow the notifications follow (src/notifications). */
  events: EventFlowOptions;
  /** Opens the applicant the services' status changes carry sealed (GERBANG_EVENT_SEAL_KEY_FILE, shared with the services subgraph). */
  eventSeal: EventSeal | undefined;
  noticeSender: string;
}

export function loadDeliveryConfig(env?: Record<string, string | undefined>): DeliveryConfig {
  const raw = loadConfig(schema, env);
  const problems: string[] = [];
  const verifier = hopVerifierFrom(raw, problems);
  const known = tenantsFrom(raw, problems);
  const tenantId = raw.DELIVERY_TENANT.trim();
  const instance = instanceTenantFrom(known, 'DELIVERY_TENANT', raw.DELIVERY_TENANT, problems);
  const tenants = instance?.tenants;
  const outbox = settingFrom(problems, () => outboxSettingsFrom(raw));
  // Outside development mode the partner's key and callback secret must be real: with the committed
  // secret anyone could forge a "delivered".
  const ojol = ojolSettingsFrom(raw, { development: verifier?.development ?? false, problems });
  const eventSeal = eventSealFrom(raw, problems);
  const events = settingFrom(problems, () => eventsSettingsFrom(raw));
  const tenant = instance?.tenant;
  if (problems.length > 0 || !verifier || !tenants || !tenant || !outbox || !events) throw new ConfigError(problems);
  return {
    port: raw.DELIVERY_PORT,
    host: raw.DELIVERY_HOST,
    admin: { port: raw.DELIVERY_ADMIN_PORT, host: raw.DELIVERY_ADMIN_HOST },
    storage: legacyStorageFrom(raw),
    audit: auditSettingsFrom(raw),
    outbox,
    verifier,
    tenants,
    tenant: tenantId,
    site: { timeZone: tenant.timeZone },
    maxDeadlineMs: raw.DELIVERY_MAX_DEADLINE_MS,
    pollMs: raw.DELIVERY_POLL_MS,
    office: {
      address: raw.DELIVERY_OFFICE_ADDRESS,
      location: { latitude: raw.DELIVERY_OFFICE_LATITUDE, longitude: raw.DELIVERY_OFFICE_LONGITUDE },
      contactName: raw.DELIVERY_OFFICE_CONTACT,
      contactPhone: raw.DELIVERY_OFFICE_PHONE,
    },
    readinessCacheMs: raw.GERBANG_READINESS_CACHE_MS,
    logLevel: raw.GERBANG_LOG_LEVEL,
    timeouts: { siak: raw.SIAK_TIMEOUT_MS },
    ojol,
    notifikasi: notifikasiSettingsFrom(raw),
    events,
    eventSeal,
    noticeSender: raw.DELIVERY_NOTICE_SENDER,
  };
}
