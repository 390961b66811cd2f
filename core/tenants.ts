import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '@core/config/shared';
import { regions } from '@core/domain/regions';

/**
 * Tenants (regencies) are data: one JSON file each in tenants/ (or GERBANG_TENANTS_DIR), validated
 * when a process starts. Everything tenant-specific hangs off a tenant: its regency, its time
 * zone (dates and ages are the tenant's calendar, not the server's), and, as the estate grows, its
 * adapters, routing and service standards. Adding a regency is a file, not a code change.
 */
export interface Tenant {
  id: string;
  name: string;
  /** Kemendagri regency code, e.g. '36.74'. */
  regencyCode: string;
  /** IANA time zone of the regency's offices, e.g. 'Asia/Jakarta'. */
  timeZone: string;
}

const TENANT_ID = /^[a-z][a-z0-9-]{1,30}$/;

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const tenantFile = z.object({
  id: z.string().regex(TENANT_ID, 'lower-case letters, digits and -'),
  name: z.string().min(3),
  regencyCode: z.string().refine((code) => regions().get(code)?.level === 'regency', 'a regency code from the Kemendagri list, e.g. 36.74'),
  timeZone: z.string().refine(validTimeZone, 'an IANA time zone, e.g. Asia/Jakarta'),
});

export const DEFAULT_TENANTS_DIR = join(REPO_ROOT, 'tenants');

export class Tenants {
  private constructor(private readonly byId: ReadonlyMap<string, Tenant>) {}

  /** Reads and validates every tenants/*.json; throws with every problem listed. */
  static load(dir: string = DEFAULT_TENANTS_DIR): Tenants {
    const problems: string[] = [];
    const byId = new Map<string, Tenant>();
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => /^[a-z][a-z0-9-]*\.json$/.test(f)).sort();
    } catch {
      throw new Error(`Cannot read the tenants folder ${dir}`);
    }
    for (const file of files) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      } catch (error) {
        problems.push(`${file}: not valid JSON (${(error as Error).message})`);
        continue;
      }
      const result = tenantFile.safeParse(parsed);
      if (!result.success) {
        problems.push(...result.error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`));
        continue;
      }
      if (`${result.data.id}.json` !== file) problems.push(`${file}: the file name must be the tenant id (${result.data.id}.json)`);
      byId.set(result.data.id, result.data);
    }
    if (byId.size === 0 && problems.length === 0) problems.push(`no tenant files in ${dir}`);
    if (problems.length > 0) throw new Error(`Invalid tenants:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return new Tenants(byId);
  }

  /** These tenants only (e.g. the ones a subgraph's legacy apps hold data for). */
  only(ids: readonly string[]): Tenants {
    const unknown = ids.filter((id) => !this.byId.has(id));
    if (unknown.length > 0) throw new Error(`unknown tenants: ${unknown.join(', ')} (have: ${this.ids().join(', ')})`);
    return new Tenants(new Map(ids.map((id) => [id, this.byId.get(id)!])));
  }

  get(id: string): Tenant | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }
}

/** Today's date (YYYY-MM-DD) on the tenant's calendar. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Local wall-clock time 'YYYY-MM-DD hh:mm:ss' in a time zone, as legacy applications store it. */
export function localDateTimeIn(timeZone: string, now: Date = new Date()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Settings shared by every process that needs to know the tenants. */
export const tenantSchema = {
  GERBANG_TENANTS_DIR: z.string().default(DEFAULT_TENANTS_DIR),
  /** Tenant of requests until authentication assigns one (the security issue builds on this). */
  GERBANG_DEFAULT_TENANT: z.string().regex(TENANT_ID).default('tangsel'),
};

/** The tenants for a process's configuration; problems (and a default tenant without a file) go to `problems`. */
export function tenantsFrom(env: { GERBANG_TENANTS_DIR: string; GERBANG_DEFAULT_TENANT: string }, problems: string[]): Tenants | undefined {
  try {
    const tenants = Tenants.load(env.GERBANG_TENANTS_DIR);
    if (!tenants.has(env.GERBANG_DEFAULT_TENANT)) problems.push(`GERBANG_DEFAULT_TENANT: no tenant "${env.GERBANG_DEFAULT_TENANT}" in ${env.GERBANG_TENANTS_DIR} (have: ${tenants.ids().join(', ')})`);
    return tenants;
  } catch (error) {
    problems.push(`GERBANG_TENANTS_DIR: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * The one tenant an instance serves (`MOBILITY_TENANT`, `DELIVERY_TENANT`, …): the known tenants
 * narrowed to it, and it. An id the tenants directory does not have is a problem named after
 * `variable`; undefined then (the caller throws ConfigError with all problems at once).
 */
export function instanceTenantFrom(known: Tenants | undefined, variable: string, id: string, problems: string[]): { tenants: Tenants; tenant: Tenant } | undefined {
  if (!known) return undefined;
  try {
    const tenants = known.only([id.trim()]);
    return { tenants, tenant: tenants.get(id.trim())! };
  } catch (error) {
    problems.push(`${variable}: ${(error as Error).message}`);
    return undefined;
  }
}
