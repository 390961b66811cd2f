import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LegacyStorage } from '@core/config/shared';
import { openAppDatabase } from '@core/sql/app-database';
import { auditHash, locateAuditDatabase, normaliseEntry, openAuditStore, verifyAuditTrail, AuditWriter, type AuditContent, type AuditEntry, type AuditStore } from './index';
import { RECORD_COLUMNS } from './schema';
import { chainAfter, recordValues } from './store';

/**
 * The SQLite store runs its connection in a worker thread: what that must not change (the chain,
 * its hashes, the verifier's view) and what it is for (the event loop keeps turning during a commit).
 * Always on SQLite, whatever backend the rest of the run targets.
 */
const NIKS = Array.from({ length: 40 }, (_, i) => `36740304038${String(70001 + i).padStart(5, '0')}`);

function entry(tenant: string, n: number, nikCount = 1): AuditEntry {
  return {
    requestId: `req-${n}`,
    tenant,
    principal: { kind: 'user', id: `officer-${n % 3}`, roles: ['officer'], institution: 'Dukcapil Tangsel' },
    purpose: n % 2 ? `service request ${n}` : null,
    operation: 'resident',
    access: n % 5 ? 'read' : 'write',
    niks: Array.from({ length: nikCount }, (_, i) => NIKS[(n + i) % NIKS.length]!),
  };
}

describe('SQLite audit store in a worker thread', () => {
  let dataDir: string;
  let storage: LegacyStorage;
  const opened: AuditStore[] = [];

  async function open(): Promise<AuditStore> {
    const store = await openAuditStore(storage);
    opened.push(store);
    return store;
  }

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'gerbang-audit-worker-'));
    storage = { mysqlUrl: undefined, mysqlDatabasePrefix: 'gerbang_', dataDir };
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the event loop keeps turning while a large batch is inserted and committed', async () => {
    const store = await open();
    const contents = Array.from({ length: 4000 }, (_, i) => normaliseEntry(entry('large', i, 20)));
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 1);
    try {
      const started = performance.now();
      const appending = store.appendBatch(contents);
      // Placed and hashed on this thread (synchronously, as on MariaDB); inserted and committed in the worker.
      const ticksAtSend = ticks;
      const records = await appending;
      const took = performance.now() - started;
      expect(records).toHaveLength(4000);
      // 4,000 records with 80,000 NIK rows and an fsync take tens of milliseconds at least; the 1 ms
      // timer fired meanwhile. A store committing on this thread could not let it fire before it resolved.
      expect(took).toBeGreaterThan(10);
      expect(ticks - ticksAtSend).toBeGreaterThan(0);
    } finally {
      clearInterval(ticker);
    }
    expect((await verifyAuditTrail(store, { tenant: 'large' })).ok).toBe(true);
  });

  test('a trail written by the worker store verifies, record by record and with npm run audit', async () => {
    const store = await open();
    const writer = new AuditWriter(store, { maxBatch: 37, maxDelayMs: 1 });
    const records = await Promise.all(Array.from({ length: 300 }, (_, i) => writer.append(entry(i % 3 ? 'tangsel' : 'batang', i, 1 + (i % 4)))));
    await writer.flush();
    // Each hash is the canonical one over the record as returned and as stored.
    for (const record of records) {
      const { id: _id, seq, prevHash, hash, ...content } = record;
      expect(hash).toBe(auditHash(content, seq, prevHash));
    }
    const stored = await store.select('SELECT * FROM AUDIT_RECORD ORDER BY id', []);
    expect(stored.map((row) => String(row.hash))).toEqual([...records].sort((a, b) => a.id - b.id).map((r) => r.hash));
    expect(await verifyAuditTrail(store)).toMatchObject({ ok: true, chains: [{ tenant: 'batang', records: 100 }, { tenant: 'tangsel', records: 200 }] });

    const { runAuditCommand } = await import('../../scripts/audit');
    const out: string[] = [];
    const code = await runAuditCommand(['verify'], { GERBANG_DATA_DIR: dataDir }, { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(0);
    expect(out.join('\n')).toContain(`tangsel: 200 records intact; head tangsel:200:${records.filter((r) => r.tenant === 'tangsel').at(-1)!.hash}`);
  });

  test('continues a chain another connection wrote, reading the head inside its transaction', async () => {
    // Three records written the way the in-process store wrote them: chained by chainAfter, one transaction.
    const location = locateAuditDatabase(storage);
    const first = await open();
    const direct = openAppDatabase(location);
    try {
      const contents: AuditContent[] = [0, 1, 2].map((i) => normaliseEntry(entry('shared', i)));
      const earlier = chainAfter(contents, new Map());
      await direct.transaction(async (trx) => {
        for (const record of earlier) {
          const [id] = await trx('AUDIT_RECORD').insert(Object.fromEntries(RECORD_COLUMNS.map((c, i) => [c, recordValues(record)[i]])));
          for (const nik of record.niks) await trx('AUDIT_NIK').insert({ nik, record_id: id });
        }
      });
      // This store had not seen the tenant: it learns the head from its transaction, not a retry.
      const [fourth] = await first.appendBatch([normaliseEntry(entry('shared', 3))]);
      expect(fourth).toMatchObject({ seq: 4, prevHash: earlier[2]!.hash });
      expect(first.stats.retries).toBe(0);
      // Another writer moves the head this store remembers: the next batch is placed on the new one.
      const second = await open();
      const [fifth] = await second.appendBatch([normaliseEntry(entry('shared', 4))]);
      const [sixth, seventh] = await first.appendBatch([normaliseEntry(entry('shared', 5)), normaliseEntry(entry('shared', 6))]);
      expect(fifth).toMatchObject({ seq: 5, prevHash: fourth!.hash });
      expect(sixth).toMatchObject({ seq: 6, prevHash: fifth!.hash });
      expect(seventh).toMatchObject({ seq: 7, prevHash: sixth!.hash });
      expect(first.stats).toMatchObject({ transactions: 2, records: 3, retries: 1 });
      expect(await verifyAuditTrail(first)).toMatchObject({ ok: true, chains: [{ tenant: 'shared', records: 7, headSeq: 7, headHash: seventh!.hash }] });
    } finally {
      await direct.destroy();
    }
  });

  test('close waits for the batch in flight; a replaced file refuses writes', async () => {
    const store = await open();
    const appending = store.appendBatch(Array.from({ length: 500 }, (_, i) => normaliseEntry(entry('closing', i, 5))));
    await store.close();
    await expect(appending).resolves.toHaveLength(500);
    await expect(store.appendBatch([normaliseEntry(entry('closing', 500))])).rejects.toThrow(/closed/);

    const reopened = await open();
    expect((await verifyAuditTrail(reopened)).chains).toEqual([expect.objectContaining({ tenant: 'closing', records: 500 })]);
    const file = locateAuditDatabase(storage);
    if (file.client !== 'sqlite') throw new Error('expected SQLite');
    copyFileSync(file.file, `${file.file}.copy`);
    rmSync(file.file);
    copyFileSync(`${file.file}.copy`, file.file);
    await expect(reopened.appendBatch([normaliseEntry(entry('closing', 501))])).rejects.toMatchObject({ code: 'AUDIT_STORAGE_GONE' });
  });
});
