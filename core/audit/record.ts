import { createHash } from 'node:crypto';
import type { Principal, RequestContext } from '@core/context/request-context';

/**
 * One entry of the audit trail: who (principal, tenant, request) read or wrote which residents'
 * personal data (NIKs), for what purpose, in which operation, when.
 *
 * Records form one hash chain per tenant: `seq` counts 1, 2, 3, … within the tenant, `prevHash` is
 * the previous record's `hash` (GENESIS_HASH for seq 1) and `hash` is SHA-256 over the canonical
 * serialisation of the record's content and prevHash (canonicalAuditContent). Per tenant rather than
 * global because a tenant (regency) is the unit that owns, audits and exports its trail: its
 * auditor verifies its own chain (`npm run audit -- verify --tenant batang`) without needing the
 * other regencies' records, and one tenant's trail can be handed over or archived on its own.
 */
export type AuditAccess = 'read' | 'write';

export interface AuditPrincipal {
  kind: Principal['kind'];
  /** User or service id; absent for anonymous callers. */
  id?: string;
  roles: string[];
  institution?: string;
}

/** What the caller gives to `AuditWriter.append`. */
export interface AuditEntry {
  /** When the access happened; default: now. */
  at?: Date | string;
  requestId: string;
  correlationId?: string;
  tenant: string;
  principal: Principal | AuditPrincipal;
  /** The declared purpose of the access (e.g. a service request number), or null when none was given. */
  purpose: string | null;
  /** The GraphQL operation name, or a short label such as `resident` or `officer:edit-resident`. */
  operation: string;
  access: AuditAccess;
  /**
   * The people whose personal data was read or written: residents by their 16-digit NIK, foreign
   * residents (who have none) as `PASPOR:<number>` and `SKTT:<number>` (foreignResidentSubjects).
   */
  niks: readonly string[];
}

/** A record as stored: the entry, normalised, with its place in its tenant's chain. */
export interface AuditRecord {
  /** Global id in the audit database (insertion order across tenants); the paging cursor. */
  id: number;
  tenant: string;
  /** Position in the tenant's chain: 1, 2, 3, … with no gaps. */
  seq: number;
  /** ISO 8601 UTC with milliseconds, e.g. 2026-01-31T08:15:00.123Z. */
  at: string;
  requestId: string;
  correlationId?: string;
  principal: AuditPrincipal;
  purpose: string | null;
  operation: string;
  access: AuditAccess;
  /** Sorted, without duplicates. */
  niks: string[];
  prevHash: string;
  hash: string;
}

/** The content of a record before the store places it in a chain. */
export type AuditContent = Omit<AuditRecord, 'id' | 'seq' | 'prevHash' | 'hash'>;

export const GENESIS_HASH = '0'.repeat(64);
/** Bumped if the canonical serialisation ever changes; it is part of every hash. */
export const AUDIT_HASH_VERSION = 'gerbang-audit-v1';

export const LIMITS = { tenant: 40, requestId: 100, correlationId: 200, principalId: 200, role: 100, institution: 200, purpose: 500, operation: 200, niks: 10_000 } as const;

const NIK = /^\d{16}$/;
/**
 * A foreign resident's subjects (they have no NIK): their SKTT registration number and their
 * passport number, e.g. 'SKTT:3674-SKTT-05012026-0003', 'PASPOR:TZ1234567'.
 */
const FOREIGN_RESIDENT = /^(SKTT|PASPOR):[A-Z0-9][A-Z0-9-]{0,39}$/;

/** How a foreign resident is named in the trail: by passport, and by SKTT number once registered. */
export function foreignResidentSubjects(foreigner: { passportNumber: string; registrationNumber?: string | null }): string[] {
  return [`PASPOR:${foreigner.passportNumber}`, ...(foreigner.registrationNumber ? [`SKTT:${foreigner.registrationNumber}`] : [])];
}

/** True for a resident's NIK (indexed for their trail); false for other subjects (foreign residents). */
export function isNikSubject(subject: string): boolean {
  return NIK.test(subject);
}
const TENANT = /^[a-z][a-z0-9-]{0,39}$/;

export class AuditEntryError extends Error {
  constructor(message: string) {
    super(`Invalid audit entry: ${message}`);
    this.name = 'AuditEntryError';
  }
}

function text(value: unknown, field: string, max: number, optional = false): string | undefined {
  if (value === undefined || value === null) {
    if (optional) return undefined;
    throw new AuditEntryError(`${field} is required`);
  }
  if (typeof value !== 'string' || value.length === 0) throw new AuditEntryError(`${field} must be a non-empty string`);
  if (value.length > max) throw new AuditEntryError(`${field} is longer than ${max} characters`);
  return value;
}

function isoTime(at: Date | string | undefined): string {
  const date = at === undefined ? new Date() : at instanceof Date ? at : new Date(at);
  if (Number.isNaN(date.getTime())) throw new AuditEntryError(`at "${String(at)}" is not a time`);
  return date.toISOString();
}

/** Validates and normalises an entry (throws AuditEntryError): nothing malformed reaches the chain. */
export function normaliseEntry(entry: AuditEntry): AuditContent {
  const tenant = text(entry.tenant, 'tenant', LIMITS.tenant)!;
  if (!TENANT.test(tenant)) throw new AuditEntryError(`tenant "${tenant}" must be a tenant id (lower-case letters, digits, -)`);
  if (entry.access !== 'read' && entry.access !== 'write') throw new AuditEntryError(`access must be 'read' or 'write'`);
  if (!Array.isArray(entry.niks) || entry.niks.length === 0) throw new AuditEntryError('niks must name at least one NIK');
  if (entry.niks.length > LIMITS.niks) throw new AuditEntryError(`more than ${LIMITS.niks} NIKs in one entry`);
  for (const nik of entry.niks) {
    if (typeof nik !== 'string' || (!NIK.test(nik) && !FOREIGN_RESIDENT.test(nik))) throw new AuditEntryError(`"${String(nik)}" is not a 16-digit NIK (or PASPOR:/SKTT:<number> for a foreign resident)`);
  }
  const p = entry.principal as Partial<AuditPrincipal> | undefined;
  if (!p || (p.kind !== 'anonymous' && p.kind !== 'user' && p.kind !== 'service')) throw new AuditEntryError('principal.kind must be anonymous, user or service');
  const principal: AuditPrincipal = { kind: p.kind, roles: [] };
  if (p.kind !== 'anonymous') {
    principal.id = text(p.id, 'principal.id', LIMITS.principalId)!;
    const roles = p.roles ?? [];
    if (!Array.isArray(roles)) throw new AuditEntryError('principal.roles must be a list');
    principal.roles = [...new Set(roles.map((r) => text(r, 'principal.roles[]', LIMITS.role)!))].sort();
    const institution = text(p.institution, 'principal.institution', LIMITS.institution, true);
    if (institution !== undefined) principal.institution = institution;
  }
  const content: AuditContent = {
    tenant,
    at: isoTime(entry.at),
    requestId: text(entry.requestId, 'requestId', LIMITS.requestId)!,
    principal,
    purpose: entry.purpose === null ? null : text(entry.purpose, 'purpose', LIMITS.purpose)!,
    operation: text(entry.operation, 'operation', LIMITS.operation)!,
    access: entry.access,
    niks: [...new Set(entry.niks)].sort(),
  };
  const correlationId = text(entry.correlationId, 'correlationId', LIMITS.correlationId, true);
  if (correlationId !== undefined) content.correlationId = correlationId;
  return content;
}

/**
 * The exact bytes a record's hash covers: a JSON array in a fixed order (JSON.stringify of an
 * array of strings, numbers and nulls is deterministic), so the same content always hashes alike
 * on every backend and Node version.
 */
export function canonicalAuditContent(content: AuditContent, seq: number, prevHash: string): string {
  const p = content.principal;
  return JSON.stringify([
    AUDIT_HASH_VERSION,
    content.tenant,
    seq,
    content.at,
    content.requestId,
    content.correlationId ?? null,
    p.kind,
    p.id ?? null,
    p.roles,
    p.institution ?? null,
    content.purpose,
    content.operation,
    content.access,
    content.niks,
    prevHash,
  ]);
}

export function auditHash(content: AuditContent, seq: number, prevHash: string): string {
  return createHash('sha256').update(canonicalAuditContent(content, seq, prevHash), 'utf8').digest('hex');
}

/** The entry for an access made in a request: who, tenant and ids come from the request context. */
export function auditEntryFrom(
  context: RequestContext,
  access: { operation: string; access: AuditAccess; niks: readonly string[]; purpose?: string | null; at?: Date },
): AuditEntry {
  return {
    at: access.at,
    requestId: context.requestId,
    correlationId: context.correlationId,
    tenant: context.tenant,
    principal: context.principal,
    purpose: access.purpose ?? null,
    operation: access.operation,
    access: access.access,
    niks: access.niks,
  };
}
