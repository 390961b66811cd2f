import type { AuditRecord } from './record';
import { recordFromRow, type AuditStore } from './store';

export interface AuditPageRequest {
  /** Records per page (1–500, default 50). */
  first?: number;
  /** The `nextCursor` of the previous page. */
  after?: string;
}

export interface AuditPage {
  /** Newest first. */
  records: AuditRecord[];
  /** Present when there are older records: pass it as `after`. */
  nextCursor?: string;
}

export interface AuditFilter {
  tenant?: string;
  /** The principal's id (user or service). */
  principalId?: string;
  /** Only records with this NIK among theirs. */
  nik?: string;
  /** Accessed at or after (inclusive). */
  from?: Date | string;
  /** Accessed before (exclusive). */
  to?: Date | string;
  access?: 'read' | 'write';
}

export class AuditQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditQueryError';
  }
}

const MAX_PAGE = 500;

function pageSize(first: number | undefined): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw new AuditQueryError(`first must be an integer from 1 to ${MAX_PAGE}`);
  return n;
}

/** Cursors are the last record id seen, opaque to callers. */
function cursorId(after: string | undefined): number | undefined {
  if (after === undefined) return undefined;
  const id = Number(Buffer.from(after, 'base64url').toString('utf8').replace(/^audit:/, ''));
  if (!Number.isSafeInteger(id) || id < 1) throw new AuditQueryError('after is not a cursor from this trail');
  return id;
}

/** The paging cursor that points just past a record (pass it as `after`). */
export const auditCursorOf = (id: number): string => Buffer.from(`audit:${id}`, 'utf8').toString('base64url');

function isoTime(value: Date | string, field: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new AuditQueryError(`${field} is not a time`);
  return date.toISOString();
}

/**
 * Reads the trail, newest first, a page at a time (keyset on id: a page costs the same however deep).
 * It does not decide who may read what: the caller allows a resident only their own NIK and an
 * auditor only their tenants (and should audit the auditor's reads too).
 */
export class AuditReader {
  constructor(private readonly store: AuditStore) {}

  /** A resident's trail: every access to this NIK, through AUDIT_NIK (indexed on (nik, record_id)). */
  async byNik(nik: string, page: AuditPageRequest = {}, options: { tenant?: string } = {}): Promise<AuditPage> {
    return this.search({ nik, tenant: options.tenant }, page);
  }

  /** For auditors: by tenant, principal, NIK, time range and access, any combination. */
  async search(filter: AuditFilter, page: AuditPageRequest = {}): Promise<AuditPage> {
    const limit = pageSize(page.first);
    const before = cursorId(page.after);
    const where: string[] = [];
    const bindings: unknown[] = [];
    let from = 'AUDIT_RECORD r';
    if (filter.nik !== undefined) {
      if (!/^\d{16}$/.test(filter.nik)) throw new AuditQueryError('nik must be 16 digits');
      from = 'AUDIT_NIK n JOIN AUDIT_RECORD r ON r.id = n.record_id';
      where.push('n.nik = ?');
      bindings.push(filter.nik);
      if (before !== undefined) {
        where.push('n.record_id < ?');
        bindings.push(before);
      }
    } else if (before !== undefined) {
      where.push('r.id < ?');
      bindings.push(before);
    }
    if (filter.tenant !== undefined) {
      where.push('r.tenant = ?');
      bindings.push(filter.tenant);
    }
    if (filter.principalId !== undefined) {
      where.push('r.principal_id = ?');
      bindings.push(filter.principalId);
    }
    if (filter.from !== undefined) {
      where.push('r.accessed_at >= ?');
      bindings.push(isoTime(filter.from, 'from'));
    }
    if (filter.to !== undefined) {
      where.push('r.accessed_at < ?');
      bindings.push(isoTime(filter.to, 'to'));
    }
    if (filter.access !== undefined) {
      where.push('r.access_kind = ?');
      bindings.push(filter.access);
    }
    const order = filter.nik !== undefined ? 'n.record_id' : 'r.id';
    const sql = `SELECT r.* FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} DESC LIMIT ?`;
    const rows = await this.store.select(sql, [...bindings, limit + 1]);
    const records = rows.slice(0, limit).map(recordFromRow);
    const last = records[records.length - 1];
    return rows.length > limit && last ? { records, nextCursor: auditCursorOf(last.id) } : { records };
  }
}
