import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Knex } from 'knex';
import { z } from 'zod';
import { loadConfig } from '@core/config/load';
import { legacyStorageSchema, type LegacyStorage } from '@core/config/shared';
import { dropAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { testBackend } from '../../tests/support/legacy-databases';
import { AuditReader, AuditWriteError, AuditWriter, foreignResidentSubjects, locateAuditDatabase, openAuditStore, verifyAuditTrail, type AuditEntry, type AuditStore } from './index';

/** A fresh audit database per storage, on the backend this jest run targets. */
async function tempStorage(name: string): Promise<{ storage: LegacyStorage; cleanup(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `gerbang-audit-${name}-`));
  let storage: LegacyStorage = { mysqlUrl: undefined, mysqlDatabasePrefix: 'gerbang_', dataDir };
  if (testBackend() === 'mysql') {
    // The environment through the config loader, as every process reads it.
    const url = loadConfig(z.object(legacyStorageSchema)).MYSQL_URL;
    if (!url) throw new Error('GERBANG_TEST_SQL=mysql needs MYSQL_URL (e.g. mysql://root@127.0.0.1:3306)');
    storage = { ...storage, mysqlUrl: url, mysqlDatabasePrefix: `gt_audit_${name.replace(/[^a-z0-9]/g, '_')}_${process.pid}_` };
  }
  await dropAppDatabase(locateAuditDatabase(storage));
  return {
    storage,
    async cleanup() {
      await dropAppDatabase(locateAuditDatabase(storage));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const NIK = ['3674030403870001', '3674030403870002', '3674030403870003', '3674014107900004'];

function entry(tenant: string, n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    requestId: `req-${n}`,
    tenant,
    principal: { kind: 'user', id: `officer-${n % 3}`, roles: ['officer'] },
    purpose: `service request ${n}`,
    operation: 'resident',
    access: 'read',
    niks: [NIK[n % NIK.length]!],
    ...overrides,
  };
}

describe(`audit trail (${testBackend()})`, () => {
  let temp: Awaited<ReturnType<typeof tempStorage>>;
  let store: AuditStore;
  let writer: AuditWriter;
  let direct: Knex;

  beforeAll(async () => {
    temp = await tempStorage('main');
    store = await openAuditStore(temp.storage);
    writer = new AuditWriter(store);
    direct = openAppDatabase(locateAuditDatabase(temp.storage));
  });
  afterAll(async () => {
    await writer.close();
    await direct.destroy();
    await temp.cleanup();
  });

  /** What someone with DDL rights on the audit database could do: drop the append-only triggers. */
  async function dropTriggers(): Promise<void> {
    for (const name of ['AUDIT_RECORD_NO_UPDATE', 'AUDIT_RECORD_NO_DELETE', 'AUDIT_NIK_NO_UPDATE', 'AUDIT_NIK_NO_DELETE']) await direct.raw(`DROP TRIGGER IF EXISTS ${name}`);
  }

  test('appends and reads back by NIK (newest first, paged) and by auditor filters', async () => {
    const at = new Date('2026-01-05T03:00:00.000Z');
    const records = [];
    for (let i = 0; i < 5; i += 1) {
      records.push(
        await writer.append({
          ...entry('read-back', i, { correlationId: i === 0 ? 'client-1' : undefined }),
          at: new Date(at.getTime() + i * 60_000),
          niks: [NIK[0]!, NIK[1 + (i % 2)]!],
        }),
      );
    }
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[1]!.prevHash).toBe(records[0]!.hash);
    expect(records[0]).toMatchObject({ correlationId: 'client-1', principal: { kind: 'user', id: 'officer-0', roles: ['officer'] }, access: 'read' });

    const reader = new AuditReader(store);
    const first = await reader.byNik(NIK[0]!, { first: 2 });
    expect(first.records.map((r) => r.seq)).toEqual([5, 4]);
    expect(first.records[0]).toEqual(records[4]);
    const second = await reader.byNik(NIK[0]!, { first: 2, after: first.nextCursor });
    const third = await reader.byNik(NIK[0]!, { first: 2, after: second.nextCursor });
    expect([...second.records, ...third.records].map((r) => r.seq)).toEqual([3, 2, 1]);
    expect(third.nextCursor).toBeUndefined();
    expect((await reader.byNik(NIK[1]!)).records.map((r) => r.seq)).toEqual([5, 3, 1]);
    expect((await reader.byNik(NIK[3]!)).records).toEqual([]);

    const byOfficer = await reader.search({ tenant: 'read-back', principalId: 'officer-1' });
    expect(byOfficer.records.map((r) => r.seq)).toEqual([5, 2]);
    const inRange = await reader.search({ tenant: 'read-back', from: '2026-01-05T03:01:00Z', to: new Date('2026-01-05T03:03:00Z') });
    expect(inRange.records.map((r) => r.seq)).toEqual([3, 2]);
    expect((await verifyAuditTrail(store, { tenant: 'read-back' })).ok).toBe(true);
  });

  test('refuses malformed entries before they reach the chain', async () => {
    await expect(writer.append(entry('bad', 1, { niks: ['12345'] }))).rejects.toThrow(/16-digit NIK/);
    await expect(writer.append(entry('bad', 1, { niks: [] }))).rejects.toThrow(/at least one NIK/);
    await expect(writer.append(entry('Bad Tenant', 1))).rejects.toThrow(/tenant/);
  });

  test('records foreign residents by passport and SKTT number: chained and verified, outside the NIK index', async () => {
    const subjects = foreignResidentSubjects({ passportNumber: 'TZ1234567', registrationNumber: '3674-SKTT-05012026-0003' });
    expect(subjects).toEqual(['PASPOR:TZ1234567', 'SKTT:3674-SKTT-05012026-0003']);
    const record = await writer.append(entry('foreigners', 1, { niks: [...subjects, NIK[0]!] }));
    expect(record.niks).toEqual([NIK[0]!, ...subjects]);
    const again = await writer.append(entry('foreigners', 2, { niks: ['PASPOR:TZ1234567'] }));
    expect(again.prevHash).toBe(record.hash);
    expect((await verifyAuditTrail(store, { tenant: 'foreigners' })).ok).toBe(true);
    // The resident's trail still finds the record that names them too; nothing else is indexed as a NIK.
    expect((await new AuditReader(store).byNik(NIK[0]!)).records.map((r) => r.requestId)).toContain('req-1');
    await expect(writer.append(entry('foreigners', 3, { niks: ['PASPOR:tz 123'] }))).rejects.toThrow(/16-digit NIK/);
    await expect(writer.append(entry('foreigners', 3, { niks: ['KITAS:123'] }))).rejects.toThrow(/16-digit NIK/);
  });

  test('many concurrent appends share a few transactions, in order, and the chain verifies', async () => {
    const batched = new AuditWriter(store, { maxBatch: 100, maxDelayMs: 5 });
    const before = store.stats.transactions;
    const records = await Promise.all(Array.from({ length: 600 }, (_, i) => batched.append(entry('busy', i))));
    const transactions = store.stats.transactions - before;
    expect(transactions).toBeGreaterThanOrEqual(6);
    expect(transactions).toBeLessThanOrEqual(8);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(records.map((r) => r.requestId)).toEqual(Array.from({ length: 600 }, (_, i) => `req-${i}`));
    const result = await verifyAuditTrail(store, { tenant: 'busy' });
    expect(result).toMatchObject({ ok: true, chains: [{ tenant: 'busy', records: 600, headSeq: 600, headHash: records[599]!.hash }] });
  });

  test('by default a record goes without a timer: with the others of its turn, or in the transaction after the one in flight', async () => {
    // Timers frozen: a writer that waited on setTimeout would never write, and this test would time out.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'hrtime', 'performance', 'Date'] });
    try {
      const groupCommit = new AuditWriter(store);
      const before = store.stats.transactions;
      // One turn's appends (the requests handled together) share one transaction.
      const first = Array.from({ length: 5 }, (_, i) => groupCommit.append(entry('group-commit', i)));
      await new Promise((resolve) => setImmediate(resolve));
      expect(groupCommit.pending).toBe(0);
      // Appended while that transaction is being written: the next one, as soon as it ends.
      const second = Array.from({ length: 3 }, (_, i) => groupCommit.append(entry('group-commit', 5 + i)));
      const records = await Promise.all([...first, ...second]);
      expect(store.stats.transactions - before).toBe(2);
      expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      // A lone record later: one transaction of its own, at once.
      expect((await groupCommit.append(entry('group-commit', 8))).seq).toBe(9);
      expect(store.stats.transactions - before).toBe(3);
    } finally {
      jest.useRealTimers();
    }
  });

  test('the tables refuse UPDATE and DELETE (append-only)', async () => {
    const record = await writer.append(entry('append-only', 1));
    // Each statement awaited on its own (a knex builder is a thenable, not a promise).
    const attempt = async (run: () => Promise<unknown>) => {
      try {
        return `changed ${JSON.stringify(await run())}`;
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(await attempt(async () => await direct('AUDIT_RECORD').where({ id: record.id }).update({ purpose: 'nothing to see' }))).toMatch(/append-only/);
    expect(await attempt(async () => await direct('AUDIT_RECORD').where({ id: record.id }).delete())).toMatch(/append-only/);
    expect(await attempt(async () => await direct('AUDIT_NIK').where({ record_id: record.id }).delete())).toMatch(/append-only/);
  });

  describe('tampering, once the triggers are dropped, is found at the record', () => {
    beforeAll(dropTriggers);

    async function chain(tenant: string, n = 6) {
      const records = [];
      for (let i = 0; i < n; i += 1) records.push(await writer.append(entry(tenant, i)));
      expect((await verifyAuditTrail(store, { tenant })).ok).toBe(true);
      return records;
    }

    test("editing a past record's NIKs", async () => {
      const records = await chain('edit-niks');
      await direct('AUDIT_RECORD').where({ id: records[2]!.id }).update({ niks: JSON.stringify([NIK[3]]) });
      expect(await verifyAuditTrail(store, { tenant: 'edit-niks' })).toMatchObject({ ok: false, broken: { id: records[2]!.id, seq: 3, reason: 'CONTENT_CHANGED' } });
    });

    test("editing a past record's purpose (and recomputing its hash does not help)", async () => {
      const records = await chain('edit-purpose');
      await direct('AUDIT_RECORD').where({ id: records[1]!.id }).update({ purpose: 'routine check' });
      expect(await verifyAuditTrail(store, { tenant: 'edit-purpose' })).toMatchObject({ ok: false, broken: { id: records[1]!.id, reason: 'CONTENT_CHANGED' } });
      // A forger who also rewrites the hash breaks the link to the next record instead.
      const { auditHash } = await import('./record');
      const edited = { ...records[1]!, purpose: 'routine check' };
      const { id: _i, seq: _s, prevHash: _p, hash: _h, ...content } = edited;
      await direct('AUDIT_RECORD').where({ id: records[1]!.id }).update({ hash: auditHash(content, edited.seq, edited.prevHash) });
      expect(await verifyAuditTrail(store, { tenant: 'edit-purpose' })).toMatchObject({ ok: false, broken: { id: records[2]!.id, reason: 'CHAIN_BROKEN' } });
    });

    test('deleting a record in the middle', async () => {
      const records = await chain('delete-middle');
      await direct('AUDIT_RECORD').where({ id: records[3]!.id }).delete();
      expect(await verifyAuditTrail(store, { tenant: 'delete-middle' })).toMatchObject({ ok: false, broken: { id: records[4]!.id, seq: 5, reason: 'RECORDS_MISSING' } });
    });

    test('swapping two records (seq exchanged)', async () => {
      const records = await chain('reorder');
      await direct('AUDIT_RECORD').where({ id: records[2]!.id }).update({ seq: 1000 });
      await direct('AUDIT_RECORD').where({ id: records[3]!.id }).update({ seq: 3 });
      await direct('AUDIT_RECORD').where({ id: records[2]!.id }).update({ seq: 4 });
      expect(await verifyAuditTrail(store, { tenant: 'reorder' })).toMatchObject({ ok: false, broken: { id: records[3]!.id, seq: 3 } });
    });

    test("hiding an access from a resident's lookup (AUDIT_NIK row removed)", async () => {
      const records = await chain('hide-nik');
      await direct('AUDIT_NIK').where({ record_id: records[4]!.id }).delete();
      expect(await verifyAuditTrail(store, { tenant: 'hide-nik' })).toMatchObject({ ok: false, broken: { id: records[4]!.id, reason: 'NIK_INDEX_CHANGED' } });
    });

    test('dropping the newest records is found against a recorded head', async () => {
      const records = await chain('truncate');
      const head = { tenant: 'truncate', seq: records[5]!.seq, hash: records[5]!.hash };
      expect((await verifyAuditTrail(store, { tenant: 'truncate', expect: [head] })).ok).toBe(true);
      await direct('AUDIT_RECORD').where({ id: records[5]!.id }).delete();
      expect(await verifyAuditTrail(store, { tenant: 'truncate', expect: [head] })).toMatchObject({ ok: false, broken: { seq: 6, reason: 'RECORDS_MISSING' } });
    });
  });
});

describe(`audit trail under failure and contention (${testBackend()})`, () => {
  test('a storage that cannot be written rejects every pending append (fail closed)', async () => {
    const temp = await tempStorage('gone');
    const store = await openAuditStore(temp.storage);
    const writer = new AuditWriter(store, { maxDelayMs: 5 });
    try {
      await writer.append(entry('gone', 0));
      const location = locateAuditDatabase(temp.storage);
      if (location.client === 'sqlite') rmSync(dirname(location.file), { recursive: true, force: true });
      else await dropAppDatabase(location);
      const pending = Array.from({ length: 20 }, (_, i) => writer.append(entry('gone', i + 1)));
      const settled = await Promise.allSettled(pending);
      expect(settled.every((s) => s.status === 'rejected' && s.reason instanceof AuditWriteError)).toBe(true);
      // And it keeps failing rather than starting a fresh, empty chain.
      await expect(writer.append(entry('gone', 99))).rejects.toBeInstanceOf(AuditWriteError);
    } finally {
      await writer.close().catch(() => undefined);
      await temp.cleanup();
    }
  });

  test('two writers on one database keep one valid chain', async () => {
    const temp = await tempStorage('two');
    const stores = [await openAuditStore(temp.storage), await openAuditStore(temp.storage)];
    const writers = stores.map((s, i) => new AuditWriter(s, { maxBatch: 20 + i * 7, maxDelayMs: 1 + i }));
    try {
      const appends = [];
      for (let i = 0; i < 400; i += 1) appends.push(writers[i % 2]!.append(entry('shared', i)));
      // A second tenant interleaved, so batches span chains.
      for (let i = 0; i < 50; i += 1) appends.push(writers[(i + 1) % 2]!.append(entry('other', i)));
      const records = await Promise.all(appends);
      const shared = records.filter((r) => r.tenant === 'shared').map((r) => r.seq);
      expect([...shared].sort((a, b) => a - b)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
      const result = await verifyAuditTrail(stores[0]!);
      expect(result).toMatchObject({ ok: true, chains: [{ tenant: 'other', records: 50 }, { tenant: 'shared', records: 400 }] });
      expect(stores[0]!.stats.transactions).toBeGreaterThan(1);
      expect(stores[1]!.stats.transactions).toBeGreaterThan(1);
    } finally {
      for (const writer of writers) await writer.close();
      await temp.cleanup();
    }
  });
});

describe(`npm run audit (${testBackend()})`, () => {
  test('verify exits 0 when intact and 1 with the first broken record; show prints a resident trail', async () => {
    const { runAuditCommand } = await import('../../scripts/audit');
    const temp = await tempStorage('cli');
    const env = { GERBANG_DATA_DIR: temp.storage.dataDir, MYSQL_URL: temp.storage.mysqlUrl, GERBANG_MYSQL_DB_PREFIX: temp.storage.mysqlDatabasePrefix };
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runAuditCommand(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const writer = new AuditWriter(await openAuditStore(temp.storage));
    const direct = openAppDatabase(locateAuditDatabase(temp.storage));
    try {
      const records = await Promise.all([0, 1, 2].map((i) => writer.append(entry('tangsel', i))));
      const intact = await run('verify', '--tenant', 'tangsel');
      expect(intact).toMatchObject({ code: 0 });
      expect(intact.out).toContain(`tangsel: 3 records intact; head tangsel:3:${records[2]!.hash}`);
      const shown = await run('show', '--nik', records[1]!.niks[0]!);
      expect(shown.code).toBe(0);
      expect(JSON.parse(shown.out)).toEqual(records[1]);
      await direct.raw('DROP TRIGGER IF EXISTS AUDIT_RECORD_NO_UPDATE');
      await direct('AUDIT_RECORD').where({ id: records[1]!.id }).update({ purpose: null });
      const broken = await run('verify');
      expect(broken.code).toBe(1);
      expect(broken.err).toContain(`record id ${records[1]!.id} (seq 2): CONTENT_CHANGED`);
      expect((await run('verify', '--bogus', 'x')).code).toBe(2);
    } finally {
      await writer.close();
      await direct.destroy();
      await temp.cleanup();
    }
  });
});
