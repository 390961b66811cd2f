/**
 * `npm run audit -- <command>`: check and read the audit trail of personal-data access
 * (core/audit). See usage() for the commands.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../core/config/load';
import type { LegacyStorage } from '../core/config/shared';
import { describeLocation, dropAppDatabase } from '../core/sql/app-database';
import {
  auditConfigSchema,
  DEFAULT_AUDIT_BATCH,
  AuditQueryError,
  AuditReader,
  auditSettingsFrom,
  AuditWriter,
  locateAuditDatabase,
  openAuditStore,
  verifyAuditTrail,
  type AuditRecord,
} from '../core/audit';

export function usage(): string {
  return `Gerbang audit trail: who read or wrote which residents' personal data.

Usage: npm run audit -- <command> [options]

  verify [--tenant <id>] [--expect <tenant>:<seq>:<hash>]...
      Recompute the hash chains (every tenant's, or one) and check AUDIT_NIK against them.
      Exit 0 when intact (prints each chain's head: keep it elsewhere and pass it back with
      --expect later, to detect the newest records being dropped); exit 1 with the first broken
      record (id, seq, reason) otherwise.

  show --nik <NIK> [--tenant <id>] [--first <n>] [--after <cursor>]
      A resident's trail, newest first, one JSON record per line.

  bench [--count <n>]
      Appends per second, one at a time and batched, into a throw-away audit database on the
      configured backend (SQLite by default, MariaDB with MYSQL_URL).

The database is located like the legacy apps': MYSQL_URL, GERBANG_MYSQL_DB_PREFIX, GERBANG_DATA_DIR.
`;
}

export interface AuditIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: AuditIo = { out: (line) => void process.stdout.write(line + '\n'), err: (line) => void process.stderr.write(line + '\n') };

class UsageError extends Error {}

function parseOptions(args: string[], allowed: string[], repeatable: string[] = []): Map<string, string[]> {
  const options = new Map<string, string[]>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const name = arg.slice(2);
    if (!allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    if (options.has(name) && !repeatable.includes(name)) throw new UsageError(`--${name} given twice`);
    options.set(name, [...(options.get(name) ?? []), value]);
    i += 1;
  }
  return options;
}

const one = (options: Map<string, string[]>, name: string) => options.get(name)?.[0];

function printRecord(record: AuditRecord, io: AuditIo): void {
  io.out(JSON.stringify(record));
}

async function commandVerify(args: string[], storage: LegacyStorage, io: AuditIo): Promise<number> {
  const options = parseOptions(args, ['tenant', 'expect'], ['expect']);
  const expect = (options.get('expect') ?? []).map((value) => {
    const match = /^([a-z][a-z0-9-]*):(\d+):([0-9a-f]{64})$/.exec(value);
    if (!match) throw new UsageError(`--expect "${value}" is not <tenant>:<seq>:<hash>`);
    return { tenant: match[1]!, seq: Number(match[2]), hash: match[3]! };
  });
  const store = await openAuditStore(storage);
  try {
    const result = await verifyAuditTrail(store, { tenant: one(options, 'tenant'), expect });
    for (const chain of result.chains) {
      if (!result.ok && chain.tenant === result.broken.tenant) continue;
      io.out(chain.records === 0 ? `${chain.tenant}: no audit records` : `${chain.tenant}: ${chain.records} records intact; head ${chain.tenant}:${chain.headSeq}:${chain.headHash}`);
    }
    if (result.ok) {
      if (result.chains.length === 0) io.out(`no audit records${one(options, 'tenant') ? ` for tenant ${one(options, 'tenant')}` : ''} in ${describeLocation(store.location)}`);
      return 0;
    }
    const b = result.broken;
    io.err(`BROKEN ${b.tenant}: record id ${b.id} (seq ${b.seq}): ${b.reason}: ${b.detail}`);
    return 1;
  } finally {
    await store.close();
  }
}

async function commandShow(args: string[], storage: LegacyStorage, io: AuditIo): Promise<number> {
  const options = parseOptions(args, ['nik', 'tenant', 'first', 'after']);
  const nik = one(options, 'nik');
  if (!nik) throw new UsageError('--nik is required');
  const first = one(options, 'first');
  const store = await openAuditStore(storage);
  try {
    const page = await new AuditReader(store).byNik(nik, { first: first === undefined ? 50 : Number(first), after: one(options, 'after') }, { tenant: one(options, 'tenant') });
    for (const record of page.records) printRecord(record, io);
    if (page.records.length === 0) io.err(`no audit records for ${nik}`);
    if (page.nextCursor) io.err(`more: npm run audit -- show --nik ${nik} --after ${page.nextCursor}`);
    return 0;
  } finally {
    await store.close();
  }
}

async function commandBench(args: string[], storage: LegacyStorage, io: AuditIo): Promise<number> {
  const options = parseOptions(args, ['count']);
  const count = Number(one(options, 'count') ?? 2000);
  if (!Number.isInteger(count) || count < 1) throw new UsageError('--count must be a positive integer');
  const dataDir = mkdtempSync(join(tmpdir(), 'gerbang-audit-bench-'));
  const benchStorage: LegacyStorage = { ...storage, dataDir, mysqlDatabasePrefix: `gerbang_bench_${process.pid}_` };
  const entry = (i: number) => ({
    requestId: `bench-${i}`,
    tenant: 'tangsel',
    principal: { kind: 'user' as const, id: `officer-${i % 17}`, roles: ['officer'] },
    purpose: 'benchmark',
    operation: 'resident',
    access: 'read' as const,
    niks: [`36740304038${String(70000 + (i % 30000)).padStart(5, '0')}`],
  });
  const store = await openAuditStore(benchStorage);
  try {
    io.out(`audit appends on ${describeLocation(store.location)}`);
    const single = new AuditWriter(store, { maxBatch: 1, maxDelayMs: 0 });
    const singleCount = Math.min(count, 500);
    let started = performance.now();
    for (let i = 0; i < singleCount; i += 1) await single.append(entry(i));
    let seconds = (performance.now() - started) / 1000;
    io.out(`one at a time (each awaited, one transaction each): ${Math.round(singleCount / seconds)} appends/s (${singleCount} in ${seconds.toFixed(2)} s, ${((seconds * 1000) / singleCount).toFixed(2)} ms each)`);
    // The default (a group commit: a batch starts when none is in flight) against a writer that
    // waits 2 ms for companions, the trade-off GERBANG_AUDIT_BATCH_DELAY_MS sets.
    for (const [concurrency, maxDelayMs] of [16, 64, 1000].flatMap((c) => [[c, DEFAULT_AUDIT_BATCH.maxDelayMs], [c, 2]] as const)) {
      const batched = new AuditWriter(store, { maxDelayMs });
      const before = store.stats.transactions;
      const cpuBefore = process.cpuUsage();
      started = performance.now();
      let next = 0;
      const latencies: number[] = [];
      await Promise.all(
        Array.from({ length: Math.min(concurrency, count) }, async () => {
          while (next < count) {
            const i = next++;
            const t = performance.now();
            await batched.append(entry(i));
            latencies.push(performance.now() - t);
          }
        }),
      );
      seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      latencies.sort((a, b) => a - b);
      const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
      io.out(
        `batched (${concurrency} concurrent appenders, batch ${DEFAULT_AUDIT_BATCH.maxBatch}, ${maxDelayMs === 0 ? 'no delay: group commit' : `${maxDelayMs} ms delay`}): ${Math.round(count / seconds)} appends/s (${count} in ${seconds.toFixed(2)} s, ${store.stats.transactions - before} transactions, latency p50 ${p(0.5)} ms p99 ${p(0.99)} ms, CPU ${Math.round((cpu.user + cpu.system) / count)} µs/append)`,
      );
    }
    const result = await verifyAuditTrail(store);
    io.out(`chain ${result.ok ? 'verifies' : 'BROKEN'} (${result.chains.map((c) => `${c.tenant}: ${c.records}`).join(', ')})`);
    return result.ok ? 0 : 1;
  } finally {
    await store.close();
    await dropAppDatabase(locateAuditDatabase(benchStorage));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs one command; resolves with the exit code (0 done/intact, 1 broken or failed, 2 bad usage). */
export async function runAuditCommand(argv: string[], env: Record<string, string | undefined> = process.env, io: AuditIo = consoleIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === 'help' || command === '--help' || command === '-h') {
      io.out(usage());
      return 0;
    }
    const storage = auditSettingsFrom(loadConfig(z.object(auditConfigSchema), env)).storage;
    switch (command) {
      case 'verify':
        return await commandVerify(args, storage, io);
      case 'show':
        return await commandShow(args, storage, io);
      case 'bench':
        return await commandBench(args, storage, io);
      default:
        io.err(command === undefined ? 'no command given' : `unknown command "${command}"`);
        io.err(usage());
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof AuditQueryError) {
      io.err(`${command}: ${error.message}`);
      io.err(usage());
      return 2;
    }
    io.err(error instanceof ConfigError ? error.message : `${command}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  void runAuditCommand(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
