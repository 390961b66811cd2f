import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deadlineIn } from '@core/deadline';
import type { LegacyStorage } from '@core/config/shared';
import { locateAppFolders, type AppFolders } from '@core/files/app-folders';
import { BatchJob } from '@sim/base/files/batch-job';
import { provisionFileEmulator } from '@sim/base/files/provision';
import { parseSchedule } from '@sim/base/files/schedule';
import { annulAnnotation } from '@sim/capil-perubahan/back-office';
import { createCapilPerubahanApp } from '@sim/capil-perubahan/emulator';
import { readRegister } from '@sim/capil-perubahan/register';
import { DEFAULT_WORLD } from '@sim/world/types';
import type { FileDropClient } from '../../base/files/file-drop-client';
import { connectCapilPerubahan, type CapilPerubahanPort, type ChangeRequest, type ChangeRequestOutcome } from '../index';

const WORLD = { ...DEFAULT_WORLD, scale: 400 };
const unhurried = () => deadlineIn(10_000);
const app = createCapilPerubahanApp({ regencyCode: '36.74', timeZone: 'Asia/Jakarta' });

let sequence = 0;
function nameChange(overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  sequence += 1;
  return {
    reference: `PORTAL-TEST-${sequence}`,
    nik: '3674015708900002',
    change: 'NAME_CHANGE',
    courtOrder: { number: `${sequence}/Pdt.P/2026/PN.Tng`, court: 'Pengadilan Negeri Tangerang', date: '2026-01-02' },
    previousName: 'Zoë Lestari',
    newName: 'José Muñoz',
    ...overrides,
  };
}

/** The capil-perubahan adapter against the running emulator: its batch job really runs every 100 ms. */
describe('capil-perubahan file adapter', () => {
  let dataDir: string;
  let storage: LegacyStorage;
  let folders: AppFolders;
  let job: BatchJob;
  let port: CapilPerubahanPort;
  let client: FileDropClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gerbang-capil-adapter-'));
    storage = { mysqlUrl: undefined, mysqlDatabasePrefix: 'x_', dataDir };
    await provisionFileEmulator(app, storage, WORLD, { force: true });
    folders = locateAppFolders(app.id, storage);
    job = new BatchJob(app, folders, { schedule: parseSchedule('every 100ms', 'Asia/Jakarta'), log: () => undefined });
    job.start();
    ({ port, client } = connectCapilPerubahan(storage, { timeoutMs: 2_000, pollMs: 20 }));
  });

  afterAll(async () => {
    await job.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function settled(reference: string, ms = 10_000): Promise<ChangeRequestOutcome> {
    const end = Date.now() + ms;
    for (;;) {
      const outcome = (await port.changeRequestOutcomes([reference], unhurried())).get(reference);
      if (outcome && outcome.state !== 'PENDING') return outcome;
      if (Date.now() > end) throw new Error(`${reference} still ${outcome?.state ?? 'unknown'}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('reads the annotations of many NIKs with one file read, leaving NIKs without any out', async () => {
    const register = await readRegister(folders.data);
    const niks = [...new Set(register.map((e) => e.NIK))];
    expect(niks.length).toBeGreaterThan(2);
    const before = client.calls;
    const found = await port.annotationsByNik([...niks, '3674011708850999'], unhurried());
    expect(client.calls - before).toBe(1);
    expect(client.filesRead).toBeGreaterThan(0);
    expect([...found.keys()].sort()).toEqual([...niks].sort());
    const some = found.get(niks[0]!)![0]!;
    expect(some.number).toMatch(/^3674-CP-\d{8}-\d{4}$/);
    expect(some.change).not.toBeNull();
    expect(some.courtOrder.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(some.recordedOn! >= some.courtOrder.date!).toBe(true);
    expect(some.annulled).toBe(false);
  });

  it('submits a change request: PENDING until the batch has run, then ACCEPTED and visible in the export', async () => {
    const request = nameChange({ nik: '3674016101200001' });
    const before = client.filesWritten;
    expect(await port.submitChangeRequest(request, unhurried())).toEqual({ reference: request.reference, state: 'PENDING' });
    expect(client.filesWritten - before).toBe(1);
    const outcome = await settled(request.reference);
    expect(outcome).toMatchObject({ state: 'ACCEPTED', annotationNumber: expect.stringMatching(/^3674-CP-\d{8}-\d{4}$/) });
    const annotations = (await port.annotationsByNik([request.nik], unhurried())).get(request.nik)!;
    expect(annotations.map((a) => [a.number, a.change, a.previousName, a.newName])).toContainEqual([(outcome as { annotationNumber: string }).annotationNumber, 'NAME_CHANGE', 'ZOË LESTARI', 'JOSÉ MUÑOZ']);
  });

  it('never writes a retried submission twice: answered, it returns the outcome', async () => {
    const request = nameChange({ nik: '3674016101200002' });
    await port.submitChangeRequest(request, unhurried());
    const first = await settled(request.reference);
    const before = client.filesWritten;
    expect(await port.submitChangeRequest(request, unhurried())).toEqual(first);
    expect(client.filesWritten).toBe(before);
    expect((await readRegister(folders.data)).filter((e) => e.NIK === request.nik)).toHaveLength(1);
  });

  it('reports rejections with the domain reason', async () => {
    const future = nameChange({ courtOrder: { number: '9/Pdt.P/2099/PN.Tng', court: 'PN Tangerang', date: '2099-01-01' } });
    const badNik = nameChange({ nik: '3674019908900002' });
    await port.submitChangeRequest(future, unhurried());
    await port.submitChangeRequest(badNik, unhurried());
    expect(await settled(future.reference)).toMatchObject({ state: 'REJECTED', reason: 'INVALID_COURT_ORDER_DATE', processedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(await settled(badNik.reference)).toMatchObject({ state: 'REJECTED', reason: 'INVALID_NIK' });
  });

  it('refuses input the file format cannot carry before touching the app', async () => {
    const before = client.calls;
    await expect(port.submitChangeRequest(nameChange({ newName: 'Łukasz' }), unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'newName' } });
    expect(client.calls).toBe(before);
  });

  it('with the job stopped: stays PENDING, a retry writes nothing, and it is processed once after the restart', async () => {
    await job.stop();
    try {
      const request = nameChange({ nik: '3674016101200003' });
      const before = client.filesWritten;
      await port.submitChangeRequest(request, unhurried());
      await new Promise((r) => setTimeout(r, 300));
      expect(await port.submitChangeRequest(request, unhurried())).toEqual({ reference: request.reference, state: 'PENDING' });
      expect(client.filesWritten - before).toBe(1);
      const outcomes = await port.changeRequestOutcomes([request.reference, 'NEVER-SUBMITTED'], unhurried());
      expect([...outcomes.entries()]).toEqual([[request.reference, { reference: request.reference, state: 'PENDING' }]]);
      job.start();
      expect(await settled(request.reference)).toMatchObject({ state: 'ACCEPTED' });
      expect((await readRegister(folders.data)).filter((e) => e.NIK === request.nik)).toHaveLength(1);
    } finally {
      job.start();
    }
  });

  it('reads outcomes of many references with one outbox listing plus one read per answered one', async () => {
    const requests = [nameChange({ nik: '3674016101200004' }), nameChange({ nik: '3674016101200005' }), nameChange({ nik: '3674016101200006' })];
    for (const request of requests) await port.submitChangeRequest(request, unhurried());
    for (const request of requests) await settled(request.reference);
    const before = client.calls;
    const outcomes = await port.changeRequestOutcomes(requests.map((r) => r.reference), unhurried());
    expect(client.calls - before).toBe(1 + requests.length);
    expect([...outcomes.values()].every((o) => o.state === 'ACCEPTED')).toBe(true);
  });

  it('shows an officer\'s annulment after the next batch run', async () => {
    const [entry] = await readRegister(folders.data);
    await annulAnnotation(folders, entry!.NO_CATATAN, 'siti');
    const end = Date.now() + 10_000;
    let annulled = false;
    while (!annulled && Date.now() < end) {
      annulled = (await port.annotationsByNik([entry!.NIK], unhurried())).get(entry!.NIK)!.some((a) => a.number === entry!.NO_CATATAN && a.annulled);
      if (!annulled) await new Promise((r) => setTimeout(r, 50));
    }
    expect(annulled).toBe(true);
  });

  it('answers LEGACY_UNAVAILABLE for an export cut short, and when the folders are gone', async () => {
    await job.stop();
    try {
      const exportPath = join(folders.outbox, 'REKAP_CATATAN.TXT');
      const whole = readFileSync(exportPath);
      writeFileSync(exportPath, whole.subarray(0, Math.floor(whole.length / 2)));
      await expect(port.annotationsByNik(['3674015708900002'], unhurried())).rejects.toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE' } });
      writeFileSync(exportPath, whole);

      const gone = connectCapilPerubahan({ ...storage, dataDir: join(dataDir, 'nowhere') }, { timeoutMs: 1_000 }).port;
      for (const attempt of [() => gone.annotationsByNik(['3674015708900002'], unhurried()), () => gone.submitChangeRequest(nameChange(), unhurried()), () => gone.ping(unhurried())]) {
        const error = (await attempt().catch((e: unknown) => e)) as Error;
        expect(error).toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE', app: 'capil-perubahan' } });
        expect(error.message).not.toContain(dataDir);
      }
    } finally {
      job.start();
    }
  });

  it('stops at the deadline', async () => {
    const passed = deadlineIn(0);
    await new Promise((r) => setTimeout(r, 5));
    const before = client.calls;
    await expect(port.submitChangeRequest(nameChange(), passed)).rejects.toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED' } });
    await expect(port.annotationsByNik(['3674015708900002'], passed)).rejects.toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED' } });
    expect(client.calls).toBe(before);
  });
});
