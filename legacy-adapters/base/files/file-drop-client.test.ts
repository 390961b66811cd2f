import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { legacyErrors, legacyStatements } from '@core/metrics';
import { ensureAppFolders, locateAppFolders, type AppFolders } from '@core/files/app-folders';
import { BatchJob } from '@sim/base/files/batch-job';
import type { FileApp } from '@sim/base/files/file-emulator';
import { parseSchedule } from '@sim/base/files/schedule';
import { cannotWrite, decodeFile, encodeFile } from './codec';
import { FileDropClient } from './file-drop-client';

const APP = 'drop-test';

/** A running file app to drop into: greets each name; counts how often each request reached it. */
function greeter(): FileApp & { calls: Map<string, number> } {
  const calls = new Map<string, number>();
  return {
    id: APP,
    requestFields: ['ID', 'NAMA'],
    requestIdField: 'ID',
    resultFields: ['ID', 'SALAM'],
    isRequestFile: (name) => /\.CSV$/.test(name),
    resultFileName: (name) => name.replace(/\.CSV$/, '.HSL'),
    unreadable: () => ['?'],
    calls,
    async handle(request) {
      calls.set(request.ID!, (calls.get(request.ID!) ?? 0) + 1);
      return [`Halo ${request.NAMA}`];
    },
  };
}

const unhurried = () => deadlineIn(10_000);
const metric = async (counter: typeof legacyStatements | typeof legacyErrors, labels: Record<string, string>) =>
  (await counter.get()).values.find((v) => Object.entries(labels).every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x))?.value ?? 0;

describe('file adapter base against a running batch job', () => {
  let dataDir: string;
  let folders: AppFolders;
  let app: ReturnType<typeof greeter>;
  let job: BatchJob;
  let client: FileDropClient;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'gerbang-file-drop-'));
    folders = locateAppFolders(APP, { dataDir });
    ensureAppFolders(folders);
    app = greeter();
    job = new BatchJob(app, folders, { schedule: parseSchedule('every 100ms', 'Asia/Jakarta'), log: () => undefined });
    job.start();
    client = new FileDropClient(APP, { folders, timeoutMs: 2_000, pollMs: 20 });
  });

  afterEach(async () => {
    await job.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('drops a request atomically and reads its answer, matched by request id, decoded from Windows-1252', async () => {
    const before = await metric(legacyStatements, { app: APP });
    await client.drop('REQ_1.CSV', [['ID', 'NAMA'], ['A1', 'Muñoz'], ['A2', 'Zoë']], unhurried());
    expect(client.filesWritten).toBe(1);
    expect(readdirSync(folders.inbox).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const result = await client.waitFor('outbox', 'REQ_1.HSL', unhurried());
    expect(result.records).toEqual([{ ID: 'A1', SALAM: 'Halo Muñoz' }, { ID: 'A2', SALAM: 'Halo Zoë' }]);
    expect(client.filesRead).toBeGreaterThanOrEqual(1);
    expect(await metric(legacyStatements, { app: APP })).toBe(before + client.calls);
  });

  it('knows where a drop is before writing again: absent, pending, answered', async () => {
    expect(await client.locate('REQ_2.CSV', 'REQ_2.HSL', unhurried())).toBe('ABSENT');
    await job.stop();
    await client.drop('REQ_2.CSV', [['ID', 'NAMA'], ['B1', 'x']], unhurried());
    expect(await client.locate('REQ_2.CSV', 'REQ_2.HSL', unhurried())).toBe('PENDING');
    await job.runNow();
    expect(await client.locate('REQ_2.CSV', 'REQ_2.HSL', unhurried())).toBe('ANSWERED');
  });

  it('with the job stopped, a request stays pending (a wait ends at the deadline) and is processed once it restarts', async () => {
    await job.stop();
    await client.drop('REQ_3.CSV', [['ID', 'NAMA'], ['C1', 'y']], unhurried());
    const started = performance.now();
    const waited = client.waitFor('outbox', 'REQ_3.HSL', deadlineIn(400)).catch((e: unknown) => e);
    expect(await waited).toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED' } });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(existsSync(join(folders.inbox, 'REQ_3.CSV'))).toBe(true);
    job.start();
    const result = await client.waitFor('outbox', 'REQ_3.HSL', unhurried());
    expect(result.records).toEqual([{ ID: 'C1', SALAM: 'Halo y' }]);
    expect(app.calls.get('C1')).toBe(1);
  });

  it('answers LEGACY_UNAVAILABLE without naming paths when the app\'s folders are gone', async () => {
    const errorsBefore = await metric(legacyErrors, { app: APP, code: 'LEGACY_UNAVAILABLE' });
    rmSync(folders.root, { recursive: true, force: true });
    for (const attempt of [
      () => client.drop('REQ_4.CSV', [['ID', 'NAMA'], ['D1', 'z']], unhurried()),
      () => client.read('outbox', 'REQ_4.HSL', unhurried()),
      () => client.ping(unhurried()),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GerbangError);
      expect(error).toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE', app: APP } });
      expect((error as Error).message).not.toContain(dataDir);
      expect((error as Error).message).not.toMatch(/inbox|outbox|\//);
    }
    expect(await metric(legacyErrors, { app: APP, code: 'LEGACY_UNAVAILABLE' })).toBe(errorsBefore + 3);
  });

  it('tells a file not there yet (undefined) from a folder that is gone', async () => {
    expect(await client.read('outbox', 'NONE.HSL', unhurried())).toBeUndefined();
  });

  it('sends nothing once the deadline has passed, or the caller has left', async () => {
    const passed = deadlineIn(0);
    await new Promise((r) => setTimeout(r, 5));
    await expect(client.drop('REQ_5.CSV', [['ID', 'NAMA'], ['E1', 'q']], passed)).rejects.toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED' } });
    const left = startDeadline(10_000);
    left.callerLeft();
    await expect(client.list('inbox', left.deadline)).rejects.toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED' } });
    expect(client.calls).toBe(0);
    expect(readdirSync(folders.inbox)).toEqual([]);
  });

  describe('a share that hangs (a FIFO nobody writes: reading it blocks)', () => {
    let fifo: string;
    beforeEach(() => {
      fifo = join(folders.outbox, 'HANG.HSL');
      execFileSync('mkfifo', [fifo]);
    });
    afterEach(() => {
      // Release the blocked read so the thread pool worker comes back.
      writeFileSync(fifo, '');
    });

    it('answers DEADLINE_EXCEEDED when the deadline comes first', async () => {
      const started = performance.now();
      await expect(client.read('outbox', 'HANG.HSL', deadlineIn(300))).rejects.toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED', waitingFor: APP } });
      expect(performance.now() - started).toBeLessThan(1_500);
    });

    it('answers LEGACY_TIMEOUT when one operation outlasts the app\'s timeout', async () => {
      const impatient = new FileDropClient(APP, { folders, timeoutMs: 200 });
      await expect(impatient.read('outbox', 'HANG.HSL', unhurried())).rejects.toMatchObject({ extensions: { code: 'LEGACY_TIMEOUT' } });
    });
  });

  it('runs every operation through the guard (the seam for a circuit breaker)', async () => {
    let guarded = 0;
    const open = new FileDropClient(APP, {
      folders,
      timeoutMs: 1_000,
      guard: async (operation) => {
        guarded += 1;
        if (guarded > 1) throw Object.assign(new Error('breaker open'), { code: 'EHOSTDOWN' });
        return operation();
      },
    });
    await open.list('inbox', unhurried());
    await expect(open.list('inbox', unhurried())).rejects.toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE' } });
    expect(guarded).toBe(2);
  });
});

describe('file codec', () => {
  it('writes Windows-1252 with CRLF and reads it back by header name', () => {
    const bytes = encodeFile([['ID', 'NAMA'], ['1', 'JOSÉ MUÑOZ']]);
    expect(bytes.toString('latin1')).toBe('ID;NAMA\r\n1;JOSÉ MUÑOZ\r\n');
    expect(decodeFile(bytes)).toEqual({ header: ['ID', 'NAMA'], records: [{ ID: '1', NAMA: 'JOSÉ MUÑOZ' }], malformed: [], complete: true });
  });

  it('reads LF-only files, counts malformed lines and notices a cut-short file', () => {
    const parsed = decodeFile(Buffer.from('id;nama\n1; A \n2;B;C\n3;C', 'latin1'));
    expect(parsed.records).toEqual([{ ID: '1', NAMA: 'A' }, { ID: '3', NAMA: 'C' }]);
    expect(parsed.malformed).toEqual([['2', 'B', 'C']]);
    expect(parsed.complete).toBe(false);
  });

  it('says which values the format cannot carry', () => {
    expect(cannotWrite('JOSÉ Ñ')).toBeUndefined();
    expect(cannotWrite('A;B')).toBe('SEPARATOR');
    expect(cannotWrite('A\r\nB')).toBe('LINE_BREAK');
    expect(cannotWrite('ŁUKASZ')).toBe('NOT_WINDOWS_1252');
    expect(cannotWrite('名')).toBe('NOT_WINDOWS_1252');
  });
});
