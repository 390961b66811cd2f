import type { AppDatabaseLocation } from '@core/sql/app-database';
import { auditHash, GENESIS_HASH, type AuditAccess, type AuditContent, type AuditPrincipal, type AuditRecord } from './record';
import { RECORD_COLUMNS } from './schema';

/**
 * The audit database on one backend. Only `appendBatch` writes, and it only inserts. Open one with
 * `openAuditStore` (open.ts); a process has exactly one AuditWriter over it.
 */
export interface AuditStore {
  readonly location: AppDatabaseLocation;
  /**
   * Places the records at the end of their tenants' chains, in the order given, in one
   * transaction (all or nothing), under the database's writer lock so that several processes
   * writing to one database keep each chain single. Resolves once committed (durably: SQLite
   * synchronous=FULL, InnoDB's commit), with the stored records in the order given.
   */
  appendBatch(contents: readonly AuditContent[]): Promise<AuditRecord[]>;
  /** A read-only query in SQL both backends accept (`?` placeholders, upper-case table names). */
  select(sql: string, bindings: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Counters, for tests and metrics. */
  readonly stats: AuditStoreStats;
  close(): Promise<void>;
}

export interface AuditStoreStats {
  /** Committed write transactions. */
  transactions: number;
  /** Records committed. */
  records: number;
  /** Transactions retried because another writer held the lock or had moved a chain's head. */
  retries: number;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

/** The rows to insert: each content placed after its tenant's head, heads advanced in order. */
export function chainAfter(contents: readonly AuditContent[], heads: Map<string, ChainHead>): Omit<AuditRecord, 'id'>[] {
  return contents.map((content) => {
    const head = heads.get(content.tenant) ?? { seq: 0, hash: GENESIS_HASH };
    const seq = head.seq + 1;
    const hash = auditHash(content, seq, head.hash);
    heads.set(content.tenant, { seq, hash });
    return { ...content, seq, prevHash: head.hash, hash };
  });
}

/** The head (last seq and hash) of one tenant's chain: one index lookup on UNIQUE (tenant, seq). */
export const HEAD_SQL = 'SELECT seq, hash FROM AUDIT_RECORD WHERE tenant = ? ORDER BY seq DESC LIMIT 1';

export const INSERT_NIK_SQL = 'INSERT INTO AUDIT_NIK (nik, record_id) VALUES (?, ?)';

export function recordValues(record: Omit<AuditRecord, 'id'>): unknown[] {
  const p = record.principal;
  const values: Record<(typeof RECORD_COLUMNS)[number], unknown> = {
    tenant: record.tenant,
    seq: record.seq,
    accessed_at: record.at,
    request_id: record.requestId,
    correlation_id: record.correlationId ?? null,
    principal_kind: p.kind,
    principal_id: p.id ?? null,
    principal_roles: JSON.stringify(p.roles),
    principal_institution: p.institution ?? null,
    purpose: record.purpose,
    operation: record.operation,
    access_kind: record.access,
    niks: JSON.stringify(record.niks),
    prev_hash: record.prevHash,
    hash: record.hash,
  };
  return RECORD_COLUMNS.map((column) => values[column]);
}

function stringList(value: unknown): string[] {
  try {
    const parsed: unknown = JSON.parse(String(value));
    return Array.isArray(parsed) ? parsed.map(String) : [String(value)];
  } catch {
    // A hand-edited, malformed column: keep it visible (the verifier reports the record).
    return [String(value)];
  }
}

/** A row of AUDIT_RECORD (SELECT *) as a record, exactly as stored (not re-normalised). */
export function recordFromRow(row: Record<string, unknown>): AuditRecord {
  const principal: AuditPrincipal = { kind: String(row.principal_kind) as AuditPrincipal['kind'], roles: stringList(row.principal_roles) };
  if (row.principal_id != null) principal.id = String(row.principal_id);
  if (row.principal_institution != null) principal.institution = String(row.principal_institution);
  const record: AuditRecord = {
    id: Number(row.id),
    tenant: String(row.tenant),
    seq: Number(row.seq),
    at: String(row.accessed_at),
    requestId: String(row.request_id),
    principal,
    purpose: row.purpose == null ? null : String(row.purpose),
    operation: String(row.operation),
    access: String(row.access_kind) as AuditAccess,
    niks: stringList(row.niks),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
  if (row.correlation_id != null) record.correlationId = String(row.correlation_id);
  return record;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How often a transaction that lost a race with another writer is tried again before failing. */
export const MAX_ATTEMPTS = 8;
