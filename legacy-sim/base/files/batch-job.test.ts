import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { ensureAppFolders, locateAppFolders, type AppFolders } from '@core/files/app-folders';
import { BatchJob } from './batch-job';
import { decodeLines, encodeLines } from './csv-1252';
import type { FileApp } from './file-emulator';
import { delayUntilNextRun, parseSchedule } from './schedule';

/** A minimal file app: upper-cases a name; counts how often each request reached it. */
function echoApp(): FileApp & { calls: Map<string, number> } {
  const calls = new Map<string, number>();
  return {
    id: 'echo-app',
    requestFields: ['ID', 'NAMA'],
    requestIdField: 'ID',
    resultFields: ['ID', 'STATUS', 'NAMA'],
    isRequestFile: (name) => /\.CSV$/i.test(name),
    resultFileName: (name) => name.replace(/\.CSV$/i, '.HSL'),
    unreadable: (problem) => ['0', problem],
    calls,
    async handle(request) {
      calls.set(request.ID!, (calls.get(request.ID!) ?? 0) + 1);
      return ['1', request.NAMA!.toUpperCase()];
    },
  };
}

function drop(folders: AppFolders, name: string, lines: string[][]): void {
  writeFileSync(join(folders.inbox, name), encodeLines(lines));
}

function readResult(folders: AppFolders, name: string): string[][] {
  return decodeLines(readFileSync(join(folders.outbox, name))).lines;
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('file emulator base: the batch job', () => {
  let dataDir: string;
  let folders: AppFolders;
  const jobs: BatchJob[] = [];
  const newJob = (app: FileApp, schedule = 'every 50ms') => {
    const job = new BatchJob(app, folders, { schedule: parseSchedule(schedule, 'Asia/Jakarta'), log: () => undefined });
    jobs.push(job);
    return job;
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'gerbang-files-base-'));
    folders = locateAppFolders('echo-app', { dataDir });
    ensureAppFolders(folders);
  });

  afterEach(async () => {
    await Promise.all(jobs.splice(0).map((job) => job.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('locates the app tree under the data folder', () => {
    expect(folders.inbox).toBe(join(dataDir, 'legacy', 'echo-app', 'inbox'));
    expect(() => locateAppFolders('../etc', { dataDir })).toThrow(/app id/);
  });

  it('on schedule, answers every request with one Windows-1252 CRLF line, in order, and archives the file', async () => {
    const app = echoApp();
    drop(folders, 'A_001.CSV', [['ID', 'NAMA'], ['R1', 'José'], ['R2', 'Muñoz'], ['R3', 'Édith']]);
    newJob(app).start();
    await until(() => existsSync(join(folders.archive, 'A_001.CSV')));
    const bytes = readFileSync(join(folders.outbox, 'A_001.HSL'));
    expect(bytes.includes(Buffer.from([0x4a, 0x4f, 0x53, 0xc9]))).toBe(true); // 'JOSÉ' in Windows-1252
    expect(iconv.decode(bytes, 'windows-1252')).toBe('ID;STATUS;NAMA\r\nR1;1;JOSÉ\r\nR2;1;MUÑOZ\r\nR3;1;ÉDITH\r\n');
    expect(readdirSync(folders.inbox)).toEqual([]);
  });

  it('leaves *.tmp files (a drop still being written) alone', async () => {
    const app = echoApp();
    drop(folders, 'B_001.CSV.tmp', [['ID', 'NAMA'], ['R1', 'a']]);
    const job = newJob(app);
    await job.runNow();
    expect(app.calls.size).toBe(0);
    expect(readdirSync(folders.inbox)).toEqual(['B_001.CSV.tmp']);
  });

  it('answers lines it cannot read with the app\'s own rejection, one per request', async () => {
    const app = echoApp();
    drop(folders, 'C_001.CSV', [['ID', 'NAMA'], ['R1', 'a', 'extra'], ['R2', 'b']]);
    drop(folders, 'C_002.CSV', [['ID', 'NAME'], ['R3', 'c']]);
    await newJob(app).runNow();
    expect(readResult(folders, 'C_001.HSL')).toEqual([['ID', 'STATUS', 'NAMA'], ['R1', '0', 'BAD_FIELD_COUNT'], ['R2', '1', 'B']]);
    expect(readResult(folders, 'C_002.HSL')).toEqual([['ID', 'STATUS', 'NAMA'], ['R3', '0', 'BAD_HEADER']]);
    expect([...app.calls.keys()]).toEqual(['R2']);
  });

  it('keeps requests pending while stopped and processes them once restarted', async () => {
    const app = echoApp();
    const job = newJob(app);
    job.start();
    await job.stop();
    drop(folders, 'D_001.CSV', [['ID', 'NAMA'], ['R1', 'a']]);
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(join(folders.outbox, 'D_001.HSL'))).toBe(false);
    job.start();
    await until(() => existsSync(join(folders.outbox, 'D_001.HSL')));
    expect(app.calls.get('R1')).toBe(1);
  });

  it('never processes a request twice when stopped mid-file and resumed by a new job (a restart)', async () => {
    const app = echoApp();
    const lines = Array.from({ length: 12 }, (_, i) => [`R${i}`, `n${i}`]);
    drop(folders, 'E_001.CSV', [['ID', 'NAMA'], ...lines]);
    const first = newJob(app);
    first.slow(0, 40);
    const run = first.runNow();
    await until(() => app.calls.size >= 4);
    await first.stop();
    const summary = await run;
    expect(summary.finished).toBe(false);
    expect(existsSync(join(folders.inbox, 'E_001.CSV'))).toBe(true);
    expect(existsSync(join(folders.outbox, 'E_001.HSL'))).toBe(false);

    const second = newJob(app);
    const resumed = await second.runNow();
    expect(summary.handled).toBeGreaterThanOrEqual(4);
    expect(resumed.handled).toBe(12 - summary.handled);
    expect([...app.calls.values()].every((n) => n === 1)).toBe(true);
    expect(app.calls.size).toBe(12);
    expect(readResult(folders, 'E_001.HSL').slice(1).map((l) => l[0])).toEqual(lines.map((l) => l[0]));
    expect(readdirSync(join(folders.data, 'journal'))).toEqual([]);
  });

  it('slows a run down with a pause before it starts', async () => {
    const app = echoApp();
    drop(folders, 'F_001.CSV', [['ID', 'NAMA'], ['R1', 'a']]);
    const job = newJob(app);
    job.slow(400);
    const started = Date.now();
    await job.runNow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(app.calls.get('R1')).toBe(1);
  });

  it('lets only one runner work at a time (the lock in the data folder)', async () => {
    const app = echoApp();
    drop(folders, 'G_001.CSV', [['ID', 'NAMA'], ...Array.from({ length: 5 }, (_, i) => [`R${i}`, 'x'])]);
    const a = newJob(app);
    const b = newJob(app);
    a.slow(0, 30);
    const [first, second] = await Promise.all([a.runNow(), new Promise((r) => setTimeout(r, 30)).then(() => b.runNow())]);
    expect(first.ran).toBe(true);
    expect(second.ran).toBe(false);
    expect([...app.calls.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('batch schedules', () => {
  it('reads "every" and "nightly" schedules', () => {
    expect(parseSchedule('every 200ms', 'Asia/Jakarta')).toEqual({ kind: 'every', ms: 200 });
    expect(parseSchedule('every 30s', 'Asia/Jakarta')).toEqual({ kind: 'every', ms: 30_000 });
    expect(parseSchedule('nightly 01:30', 'Asia/Jakarta')).toEqual({ kind: 'daily', minuteOfDay: 90, timeZone: 'Asia/Jakarta' });
    expect(() => parseSchedule('hourly', 'Asia/Jakarta')).toThrow(/expected/);
    expect(() => parseSchedule('every 1ms', 'Asia/Jakarta')).toThrow(/at least/);
  });

  it('waits until the next nightly run on the app\'s wall clock', () => {
    const nightly = parseSchedule('nightly 01:00', 'Asia/Jakarta');
    // 2026-01-01 00:30 WIB is 2025-12-31 17:30 UTC: half an hour to go.
    expect(delayUntilNextRun(nightly, new Date('2025-12-31T17:30:00Z'))).toBe(30 * 60_000);
    // 01:00 WIB exactly has just run: the next is a day later.
    expect(delayUntilNextRun(nightly, new Date('2025-12-31T18:00:00Z'))).toBe(24 * 3600_000);
  });
});
