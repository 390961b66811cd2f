import { CHANNELS, SERVICE_KINDS, SERVICE_POINT_KINDS, type Channel, type ServiceKind, type ServicePointKind } from '@core/domain/services';
import type { WorkingCalendar } from './calendar';

/**
 * A tenant's routing, service standards and quotas, as validated from its services file
 * (routing/services-file.ts). No routing rule lives in code: which application handles a
 * (service, channel, service point kind) is looked up here.
 */
export interface Route {
  service: ServiceKind;
  channel: Channel;
  servicePoint: ServicePointKind;
  app: string;
}

export interface Quota {
  /** 'DINAS', a kecamatan or kelurahan code of the tenant, or a kiosk id. */
  office: string;
  service: ServiceKind;
  perDay: number;
}

/** The registers a finished request is written into (fulfilment/), by catalogue id. */
export const FULFILMENT_REGISTERS = ['ktp-cetak', 'siak', 'akta-lahir'] as const;
export type FulfilmentRegister = (typeof FULFILMENT_REGISTERS)[number];
export const CARD_PRINT_REASONS = ['NEW', 'LOST', 'DAMAGED', 'DATA_CHANGE'] as const;

/** When a request of `service` held by `app` is COMPLETED, this is written into `register`. */
export interface FulfilmentRule {
  service: ServiceKind;
  app: string;
  register: FulfilmentRegister;
  /** ktp-cetak: the print's reason (required there, refused elsewhere). */
  cardPrintReason?: (typeof CARD_PRINT_REASONS)[number];
}

export interface ServiceRouting {
  tenant: string;
  calendar: WorkingCalendar;
  /** Standards in working days, per service. */
  standards: ReadonlyMap<ServiceKind, number>;
  quotas: readonly Quota[];
  kiosks: readonly string[];
  /** The application handling this combination, or undefined when the tenant does not route it. */
  route(service: ServiceKind, channel: Channel, servicePoint: ServicePointKind): string | undefined;
  /** Every application some route names. */
  apps(): string[];
  routes(): readonly Route[];
  /** What a finished request of this service in this application is written into, if anything. */
  fulfilmentOf(service: ServiceKind | null, app: string): FulfilmentRule | undefined;
}

export const routeKey = (service: string, channel: string, point: string) => `${service}|${channel}|${point}`;

export function serviceRouting(tenant: string, routes: readonly Route[], standards: ReadonlyMap<ServiceKind, number>, quotas: readonly Quota[], calendar: WorkingCalendar, kiosks: readonly string[], fulfilment: readonly FulfilmentRule[] = []): ServiceRouting {
  const byKey = new Map(routes.map((r) => [routeKey(r.service, r.channel, r.servicePoint), r.app]));
  const fulfilmentByKey = new Map(fulfilment.map((f) => [`${f.service}|${f.app}`, f]));
  return {
    tenant,
    calendar,
    standards,
    quotas,
    kiosks,
    route: (service, channel, point) => byKey.get(routeKey(service, channel, point)),
    apps: () => [...new Set(routes.map((r) => r.app))].sort(),
    routes: () => routes,
    fulfilmentOf: (service, app) => (service ? fulfilmentByKey.get(`${service}|${app}`) : undefined),
  };
}

export const KNOWN = { services: SERVICE_KINDS as readonly string[], channels: CHANNELS as readonly string[], points: SERVICE_POINT_KINDS as readonly string[] };
