import type { AppDatabaseLocation } from '@core/sql/app-database';
import { GENESIS_HASH, isNikSubject, type AuditRecord } from './record';
import { SqliteAuditThread, type WireHead } from './sqlite-audit-thread';
import { chainAfter, MAX_ATTEMPTS, recordValues, sleep, type AuditStore, type AuditStoreStats, type ChainHead } from './store';

/**
 * How often a batch is placed again because another writer moved a chain's head first. Each such
 * retry means that writer committed (the trail progresses), and the next placement uses the heads
 * read under the lock, so a handful suffices; the bound only stops a pathological loop.
 */
const MAX_HEAD_MOVES = 64;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === 'SQLITE_CONSTRAINT_UNIQUE');
}

/**
 * The SQLite audit store: its own file (var/legacy/audit.sqlite by default), one better-sqlite3
 * connection in a worker thread (sqlite-audit-worker.mjs), so that a batch's inserts and its fsync
 * (synchronous=FULL: a record reported written survives a power cut) never stop the event loop.
 *
 * The chain stays computed here, by the same code as on MariaDB (chainAfter, auditHash): the batch
 * is placed after the heads this store last saw and sent with them; the worker's `BEGIN IMMEDIATE`
 * transaction reads the real heads under the write lock and inserts only if they are unchanged.
 * With one writer per database they always are (no extra round trip); when another process moved
 * a head, nothing is written, the worker answers the heads it found and the batch is placed again
 * on them. busy_timeout is 0: when another process holds the write lock the batch is retried after
 * a short sleep, as before. The worker checks before each batch that the file is still the one it
 * opened (AUDIT_STORAGE_GONE otherwise: fail closed).
 */
export async function openSqliteAuditStore(location: Extract<AppDatabaseLocation, { client: 'sqlite' }>): Promise<AuditStore> {
  const thread = await SqliteAuditThread.open(location.file);
  /** The heads as of this store's last look inside a transaction: a guess the worker checks. */
  const knownHeads = new Map<string, ChainHead>();
  const stats: AuditStoreStats = { transactions: 0, records: 0, retries: 0 };
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  function tracked<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    void work.then(
      () => inFlight.delete(work),
      () => inFlight.delete(work),
    );
    return work;
  }

  async function append(contents: Parameters<AuditStore['appendBatch']>[0]): Promise<AuditRecord[]> {
    const tenants = [...new Set(contents.map((c) => c.tenant))];
    for (let attempt = 1, moves = 0; ; ) {
      const guessed = tenants.filter((t) => knownHeads.has(t));
      const heads = new Map(guessed.map((t) => [t, { ...knownHeads.get(t)! }]));
      const expected: WireHead[] = tenants.map((t) => [t, heads.get(t)?.seq ?? 0, heads.get(t)?.hash ?? GENESIS_HASH]);
      const records = chainAfter(contents, heads);
      let reply;
      try {
        reply = await thread.append(
          expected,
          records.map(recordValues),
          // Only residents' NIKs are indexed for their trail.
          records.map((r) => r.niks.filter(isNikSubject)),
        );
      } catch (error) {
        if (!isBusy(error) || attempt >= MAX_ATTEMPTS) throw error;
        attempt += 1;
        stats.retries += 1;
        await sleep(Math.min(200, 2 ** (attempt - 1)) + Math.random() * 5);
        continue;
      }
      if ('ids' in reply) {
        for (const [tenant, head] of heads) knownHeads.set(tenant, head);
        stats.transactions += 1;
        stats.records += records.length;
        return records.map((record, i) => ({ id: reply.ids[i]!, ...record }));
      }
      // A head moved (or this store had not seen the tenant yet): place the batch on the heads found.
      const lostRace = reply.heads.some(([tenant, seq, hash]) => {
        const known = knownHeads.get(tenant);
        return known !== undefined && (known.seq !== seq || (seq > 0 && known.hash !== hash));
      });
      for (const [tenant, seq, hash] of reply.heads) knownHeads.set(tenant, seq === 0 ? { seq: 0, hash: GENESIS_HASH } : { seq, hash });
      if (lostRace) {
        stats.retries += 1;
        moves += 1;
        if (moves >= MAX_HEAD_MOVES) throw Object.assign(new Error(`the audit chain heads kept moving under ${MAX_HEAD_MOVES} placements of one batch`), { code: 'AUDIT_HEADS_MOVING' });
      }
    }
  }

  return {
    location,
    stats,
    async appendBatch(contents) {
      if (closed) throw new Error('the audit store is closed');
      return await tracked(append(contents));
    },
    async select(sql, bindings) {
      if (closed) throw new Error('the audit store is closed');
      return await tracked(thread.select(sql, bindings));
    },
    /** Waits for the batches and reads under way (with their retries), then closes the file. */
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...inFlight]);
      await thread.close();
    },
  };
}
