import { auditHash, GENESIS_HASH, isNikSubject, type AuditRecord } from './record';
import { recordFromRow, type AuditStore } from './store';

export type AuditBreakReason =
  /** The record's content (or its hash) was changed after it was written. */
  | 'CONTENT_CHANGED'
  /** Its prevHash is not the hash of the record before it: records were removed, reordered or inserted. */
  | 'CHAIN_BROKEN'
  /** seq does not follow the previous record's: records before it are missing. */
  | 'RECORDS_MISSING'
  /** AUDIT_NIK (what a resident's lookup reads) does not list exactly the record's NIKs. */
  | 'NIK_INDEX_CHANGED';

export interface AuditBreak {
  tenant: string;
  /** The first record found broken: its id and seq as stored now. */
  id: number;
  seq: number;
  reason: AuditBreakReason;
  detail: string;
}

export interface AuditChainSummary {
  tenant: string;
  records: number;
  /** The last record's seq and hash: write them down elsewhere to detect later truncation. */
  headSeq: number;
  headHash: string;
}

export type AuditVerification = { ok: true; chains: AuditChainSummary[] } | { ok: false; chains: AuditChainSummary[]; broken: AuditBreak };

const PAGE = 1000;

/**
 * Recomputes every chain (or one tenant's) from the first record and reports the first break:
 * an edited record fails its hash; a deleted one leaves a gap in seq and a prevHash that matches
 * nothing; reordered ones fail both. It also checks AUDIT_NIK against each record, so hiding an
 * access from a resident's lookup is caught too. Records are read a page at a time in seq order.
 *
 * What a chain cannot show by itself is the loss of its newest records (or of all of them): keep
 * the printed head (seq and hash) elsewhere and pass it as `expect` to check it is still there.
 */
export async function verifyAuditTrail(store: AuditStore, options: { tenant?: string; expect?: { tenant: string; seq: number; hash: string }[] } = {}): Promise<AuditVerification> {
  const tenants =
    options.tenant !== undefined ? [options.tenant] : (await store.select('SELECT DISTINCT tenant FROM AUDIT_RECORD ORDER BY tenant', [])).map((r) => String(r.tenant));
  const chains: AuditChainSummary[] = [];
  for (const tenant of tenants) {
    const summary: AuditChainSummary = { tenant, records: 0, headSeq: 0, headHash: GENESIS_HASH };
    chains.push(summary);
    const broken = await verifyChain(store, tenant, summary);
    if (broken) return { ok: false, chains, broken };
    for (const expected of options.expect ?? []) {
      if (expected.tenant !== tenant) continue;
      const found = await store.select('SELECT id, seq, hash FROM AUDIT_RECORD WHERE tenant = ? AND seq = ?', [tenant, expected.seq]);
      const row = found[0];
      if (!row || String(row.hash) !== expected.hash) {
        return {
          ok: false,
          chains,
          broken: { tenant, id: row ? Number(row.id) : 0, seq: expected.seq, reason: row ? 'CONTENT_CHANGED' : 'RECORDS_MISSING', detail: row ? 'the recorded head hash differs' : `the chain ends at seq ${summary.headSeq}, before the recorded head` },
        };
      }
    }
  }
  return { ok: true, chains };
}

async function verifyChain(store: AuditStore, tenant: string, summary: AuditChainSummary): Promise<AuditBreak | undefined> {
  let previous = { seq: 0, hash: GENESIS_HASH };
  for (;;) {
    const rows = await store.select('SELECT * FROM AUDIT_RECORD WHERE tenant = ? AND seq > ? ORDER BY seq LIMIT ?', [tenant, previous.seq, PAGE]);
    if (rows.length === 0) return undefined;
    const records = rows.map(recordFromRow);
    const ids = records.map((r) => r.id);
    const nikRows = await store.select(`SELECT record_id, nik FROM AUDIT_NIK WHERE record_id IN (${ids.map(() => '?').join(', ')})`, ids);
    const indexed = new Map<number, string[]>();
    for (const row of nikRows) {
      const id = Number(row.record_id);
      indexed.set(id, [...(indexed.get(id) ?? []), String(row.nik)]);
    }
    for (const record of records) {
      const broken = check(record, previous, indexed.get(record.id) ?? []);
      if (broken) return broken;
      previous = { seq: record.seq, hash: record.hash };
      summary.records += 1;
      summary.headSeq = record.seq;
      summary.headHash = record.hash;
    }
  }
}

function check(record: AuditRecord, previous: { seq: number; hash: string }, indexedNiks: string[]): AuditBreak | undefined {
  const at = { tenant: record.tenant, id: record.id, seq: record.seq };
  if (record.seq !== previous.seq + 1) {
    return { ...at, reason: 'RECORDS_MISSING', detail: `seq ${previous.seq + 1}${record.seq - 1 > previous.seq + 1 ? `–${record.seq - 1}` : ''} missing before this record` };
  }
  if (record.prevHash !== previous.hash) return { ...at, reason: 'CHAIN_BROKEN', detail: 'prevHash is not the hash of the record before it' };
  const { id: _id, seq: _seq, prevHash: _prev, hash: _hash, ...content } = record;
  if (auditHash(content, record.seq, record.prevHash) !== record.hash) return { ...at, reason: 'CONTENT_CHANGED', detail: 'the content does not match its hash' };
  // Only residents' NIKs are indexed; foreign residents' SKTT subjects live in the record alone.
  const expected = record.niks.filter(isNikSubject).sort().join(',');
  const found = [...indexedNiks].sort().join(',');
  if (expected !== found) return { ...at, reason: 'NIK_INDEX_CHANGED', detail: `AUDIT_NIK lists [${found}] for NIKs [${expected}]` };
  return undefined;
}
