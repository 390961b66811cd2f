import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { regions } from '@core/domain/regions';
import type { Channel, ServiceKind, ServicePointKind } from '@core/domain/services';
import type { Tenant, Tenants } from '@core/tenants';
import { CARD_PRINT_REASONS, FULFILMENT_REGISTERS, KNOWN, routeKey, serviceRouting, type FulfilmentRule, type Quota, type Route, type ServiceRouting } from './routing';

/**
 * Reads and validates each tenant's services file, `<tenant>.services.json`: its routes (which
 * application handles a service on a channel at a kind of service point), service standards in
 * working days, daily quotas per office and service, its working week and holidays, and its mall
 * kiosks, and what a finished request is written into (fulfilment: e.g. a first KTP-el finished at
 * a kecamatan counter is printed by ktp-cetak). Every problem in every file is listed at once (the
 * process refuses to start).
 */

/** The channel applications (catalogue #14–#19, #21) that can hold service requests. */
export const REQUEST_APPS = ['portal-online', 'antrian', 'sirena', 'kecamatan', 'adm-kiosk', 'legalisir', 'jemput-bola'] as const;

const WEEKDAYS = { MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6, SUN: 7 } as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const fileSchema = z.object({
  /** A note for people reading the file. */
  '//': z.string().optional(),
  tenant: z.string(),
  workingWeek: z.array(z.enum(Object.keys(WEEKDAYS) as [keyof typeof WEEKDAYS, ...Array<keyof typeof WEEKDAYS>])).min(1),
  holidays: z.array(z.string().regex(ISO_DATE, 'an ISO date YYYY-MM-DD')).default([]),
  kiosks: z.array(z.string().regex(/^[A-Z0-9-]{2,20}$/, 'a kiosk id: A-Z, 0-9 and -')).default([]),
  routes: z.array(z.object({
    app: z.string(),
    services: z.array(z.string()).min(1),
    channels: z.array(z.string()).min(1),
    servicePoints: z.array(z.string()).min(1),
  }).strict()).min(1),
  /** Working days per service. */
  standards: z.record(z.string(), z.object({ workingDays: z.number().int().min(0).max(60) }).strict()),
  quotas: z.array(z.object({ office: z.string(), service: z.string(), perDay: z.number().int().min(1).max(10_000) }).strict()).default([]),
  /** What a finished request is written into: a register, per service and holding application. */
  fulfilment: z.array(z.object({
    services: z.array(z.string()).min(1),
    apps: z.array(z.string()).min(1),
    register: z.enum(FULFILMENT_REGISTERS),
    cardPrintReason: z.enum(CARD_PRINT_REASONS).optional(),
  }).strict()).default([]),
}).strict();

type ServicesFile = z.infer<typeof fileSchema>;

function offices(tenant: Tenant, kiosks: readonly string[]): (office: string) => boolean {
  return (office) => {
    if (office === 'DINAS' || kiosks.includes(office)) return true;
    const region = regions().get(office);
    return !!region && (region.level === 'district' || region.level === 'village') && office.startsWith(`${tenant.regencyCode}.`);
  };
}

/** Validates one tenant's parsed file; pushes each problem (prefixed with the file's name). */
export function routingFrom(tenant: Tenant, raw: unknown, file: string, problems: string[], apps: readonly string[] = REQUEST_APPS): ServiceRouting | undefined {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(file)'}: ${i.message}`));
    return undefined;
  }
  const data: ServicesFile = parsed.data;
  const before = problems.length;
  const problem = (where: string, message: string) => problems.push(`${file}: ${where}: ${message}`);
  if (data.tenant !== tenant.id) problem('tenant', `names "${data.tenant}", but the file is for "${tenant.id}"`);
  const routes: Route[] = [];
  const seen = new Map<string, string>();
  data.routes.forEach((r, i) => {
    if (!apps.includes(r.app)) problem(`routes.${i}.app`, `unknown application "${r.app}" (have: ${apps.join(', ')})`);
    for (const s of r.services) if (!KNOWN.services.includes(s)) problem(`routes.${i}.services`, `unknown service kind "${s}"`);
    for (const c of r.channels) if (!KNOWN.channels.includes(c)) problem(`routes.${i}.channels`, `unknown channel "${c}"`);
    for (const p of r.servicePoints) if (!KNOWN.points.includes(p)) problem(`routes.${i}.servicePoints`, `unknown service point kind "${p}"`);
    for (const service of r.services) for (const channel of r.channels) for (const point of r.servicePoints) {
      const key = routeKey(service, channel, point);
      const earlier = seen.get(key);
      if (earlier !== undefined) problem(`routes.${i}`, `${service} on ${channel} at ${point} is routed twice (also ${earlier})`);
      else seen.set(key, `routes.${i} → ${r.app}`);
      routes.push({ service: service as ServiceKind, channel: channel as Channel, servicePoint: point as ServicePointKind, app: r.app });
    }
  });
  for (const s of Object.keys(data.standards)) if (!KNOWN.services.includes(s)) problem(`standards.${s}`, 'unknown service kind');
  for (const service of new Set(routes.map((r) => r.service))) {
    if (!(service in data.standards)) problem('standards', `${service} is routed but has no service standard`);
  }
  const isOffice = offices(tenant, data.kiosks);
  const quotas: Quota[] = [];
  data.quotas.forEach((q, i) => {
    if (!isOffice(q.office)) problem(`quotas.${i}.office`, `"${q.office}" is not an office of ${tenant.name} (DINAS, one of its kecamatan or kelurahan codes, or a kiosk of the file)`);
    if (!KNOWN.services.includes(q.service)) problem(`quotas.${i}.service`, `unknown service kind "${q.service}"`);
    quotas.push({ office: q.office, service: q.service as ServiceKind, perDay: q.perDay });
  });
  const fulfilment: FulfilmentRule[] = [];
  const fulfilled = new Set<string>();
  data.fulfilment.forEach((f, i) => {
    for (const app of f.apps) if (!apps.includes(app)) problem(`fulfilment.${i}.apps`, `unknown application "${app}"`);
    if ((f.register === 'ktp-cetak') !== (f.cardPrintReason !== undefined)) problem(`fulfilment.${i}.cardPrintReason`, 'a ktp-cetak print names its reason (NEW, LOST, DAMAGED, DATA_CHANGE); other registers take none');
    for (const service of f.services) {
      if (!KNOWN.services.includes(service)) problem(`fulfilment.${i}.services`, `unknown service kind "${service}"`);
      for (const app of f.apps) {
        if (fulfilled.has(`${service}|${app}`)) problem(`fulfilment.${i}`, `${service} in ${app} is fulfilled twice`);
        fulfilled.add(`${service}|${app}`);
        fulfilment.push({ service: service as ServiceKind, app, register: f.register, ...(f.cardPrintReason ? { cardPrintReason: f.cardPrintReason } : {}) });
      }
    }
  });
  if (problems.length > before) return undefined;
  return serviceRouting(
    tenant.id,
    routes,
    new Map(Object.entries(data.standards).map(([s, v]) => [s as ServiceKind, v.workingDays])),
    quotas,
    { workingDays: new Set(data.workingWeek.map((d) => WEEKDAYS[d])), holidays: new Set(data.holidays) },
    data.kiosks,
    fulfilment,
  );
}

/** Every tenant's routing from `<dir>/<tenant>.services.json`; throws with every problem listed. */
export function loadServiceRoutings(tenants: Tenants, dir: string, apps: readonly string[] = REQUEST_APPS): Map<string, ServiceRouting> {
  const problems: string[] = [];
  const result = new Map<string, ServiceRouting>();
  for (const id of tenants.ids()) {
    const file = `${id}.services.json`;
    const path = join(dir, file);
    if (!existsSync(path)) {
      problems.push(`${file}: missing in ${dir} (every tenant the subgraph serves needs its routing)`);
      continue;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      problems.push(`${file}: not valid JSON (${(error as Error).message})`);
      continue;
    }
    const routing = routingFrom(tenants.get(id)!, raw, file, problems, apps);
    if (routing) result.set(id, routing);
  }
  if (problems.length > 0) throw new Error(`Invalid service routing:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return result;
}
