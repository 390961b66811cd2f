import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deadlineIn } from '@core/deadline';
import type { LegacyStorage } from '@core/config/shared';
import { locateAppFolders, type AppFolders } from '@core/files/app-folders';
import { todayIn } from '@core/tenants';
import { BatchJob } from '@sim/base/files/batch-job';
import { provisionFileEmulator } from '@sim/base/files/provision';
import { parseSchedule } from '@sim/base/files/schedule';
import { recordOutcome } from '@sim/jemput-bola/back-office';
import { createJemputBolaApp } from '@sim/jemput-bola/emulator';
import { currentVisits, readEvents } from '@sim/jemput-bola/register';
import { generateWorld } from '@sim/world/generator';
import { DEFAULT_WORLD } from '@sim/world/types';
import type { FileDropClient } from '../../base/files/file-drop-client';
import { connectJemputBola, createJemputBolaLoaders, type JemputBolaPort, type VisitRequest, type VisitSubmission } from '../index';

const WORLD = { ...DEFAULT_WORLD, scale: 2_000 };
const unhurried = () => deadlineIn(10_000);
const app = createJemputBolaApp({ regencyCode: '36.74', timeZone: 'Asia/Jakarta' });
const inDays = (n: number) => new Date(Date.parse(`${todayIn('Asia/Jakarta')}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The jemput-bola adapter against the running emulator: its batch job really runs every 100 ms. */
describe('jemput-bola file adapter', () => {
  let dataDir: string;
  let storage: LegacyStorage;
  let folders: AppFolders;
  let job: BatchJob;
  let port: JemputBolaPort;
  let client: FileDropClient;
  const world = generateWorld(WORLD);
  const people = world.slice(10, 20).map((f) => ({ family: f, person: f.members[0]! }));
  const request = (i: number, reference: string, overrides: Partial<VisitRequest> = {}): VisitRequest => ({
    reference, nik: people[i]!.person.nik, name: people[i]!.person.name, kelurahanCode: people[i]!.family.kelurahanCode, address: people[i]!.family.street,
    plannedDate: inDays(4), services: ['FIRST_ID_CARD', 'FAMILY_CARD_CHANGE'], reason: 'ELDERLY', ...overrides,
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gerbang-jb-adapter-'));
    storage = { mysqlUrl: undefined, mysqlDatabasePrefix: 'x_', dataDir };
    await provisionFileEmulator(app, storage, WORLD, { force: true });
    folders = locateAppFolders(app.id, storage);
    job = new BatchJob(app, folders, { schedule: parseSchedule('every 100ms', 'Asia/Jakarta'), log: () => undefined });
    job.start();
    ({ port, client } = connectJemputBola(storage, { timeoutMs: 2_000 }));
  });

  afterAll(async () => {
    await job.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function registered(references: string[], ms = 10_000): Promise<Map<string, VisitSubmission>> {
    const end = Date.now() + ms;
    for (;;) {
      const found = await port.submissions(references, unhurried());
      if (references.every((r) => found.get(r)?.state === 'REGISTERED')) return found;
      if (Date.now() > end) throw new Error(`not registered in time: ${JSON.stringify([...found.values()])}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('reads visits by number and by NIK with one file read, as OFFLINE requests at an OUTREACH point', async () => {
    const seeded = [...currentVisits(await readEvents(folders.data)).values()];
    const numbers = seeded.slice(0, 15).map((v) => v.NO_KUNJUNGAN);
    const before = client.calls;
    const found = await port.visitsByNumber([...numbers, 'JB-3674-99-999999'], unhurried());
    expect(client.calls - before).toBe(1);
    expect([...found.keys()].sort()).toEqual([...numbers].sort());
    const visit = found.get(numbers[0]!)!;
    expect(visit).toMatchObject({ channel: 'OFFLINE', servicePoint: { kind: 'OUTREACH', id: expect.stringMatching(/^36\.74\.\d{2}\.\d{4}$/) } });
    expect(visit.timeline[0]!.status).toBe(visit.status === 'REJECTED' ? 'REJECTED' : 'SUBMITTED');
    const niks = seeded.slice(0, 10).map((v) => v.NIK);
    const byNik = await port.visitsByApplicant(niks, unhurried());
    expect(client.calls - before).toBe(2);
    expect([...byNik.keys()].sort()).toEqual([...new Set(niks)].sort());
    const loaders = createJemputBolaLoaders(port, unhurried());
    await Promise.all(numbers.map((n) => loaders.visitByNumber.load(n)));
    expect(client.calls - before).toBe(3);
  });

  it('a worklist page of 50 costs one read like a page of 5, in a stable order with a total; counts from one read', async () => {
    const before = client.calls;
    const small = await port.worklist({ page: 1, pageSize: 5 }, unhurried());
    const large = await port.worklist({ page: 1, pageSize: 50 }, unhurried());
    expect(client.calls - before).toBe(2);
    expect(large.visits.slice(0, 5)).toEqual(small.visits);
    expect(large.total).toBe(small.total);
    const open = await port.worklist({ statuses: ['SUBMITTED'], page: 1, pageSize: 100 }, unhurried());
    expect(open.visits.every((v) => v.status === 'SUBMITTED')).toBe(true);
    const counts = await port.countsByStatus({}, unhurried());
    expect(counts.SUBMITTED).toBe(open.total);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(small.total);
    const area = large.visits[0]!.servicePoint.id!.slice(0, 8);
    expect((await port.worklist({ area, page: 1, pageSize: 100 }, unhurried())).visits.every((v) => v.servicePoint.id!.startsWith(area))).toBe(true);
  });

  it('submits a schedule: PENDING until the batch ran, then registered; asking again drops nothing', async () => {
    const requests = [request(0, 'OUT-1'), request(1, 'OUT-2', { services: ['ID_CARD_REPLACEMENT'], reason: 'DISABLED' }), request(2, 'OUT-3', { kelurahanCode: '33.25.01.2001' })];
    const before = client.filesWritten;
    const first = await port.submitVisits(requests, unhurried());
    expect([...first.values()].map((s) => s.state)).toEqual(['PENDING', 'PENDING', 'PENDING']);
    expect(client.filesWritten - before).toBe(1);
    const done = await registered(['OUT-1', 'OUT-2', 'OUT-3']);
    const visit = (done.get('OUT-1') as { visit: { status: string; services: string[]; plannedDate: string } }).visit;
    expect(visit).toMatchObject({ status: 'SUBMITTED', services: ['FIRST_ID_CARD', 'FAMILY_CARD_CHANGE'], plannedDate: inDays(4) });
    expect(done.get('OUT-3')).toMatchObject({ visit: { status: 'REJECTED', rejection: 'OUTSIDE_SERVICE_AREA' } });
    const again = await port.submitVisits(requests, unhurried());
    expect(client.filesWritten - before).toBe(1);
    expect(again.get('OUT-2')).toEqual(done.get('OUT-2'));
    expect((await readEvents(folders.data)).filter((e) => e.NIK === people[0]!.person.nik && e.STATUS === 'J')).toHaveLength(1);
  });

  it('with the job stopped: a retry writes nothing, and the schedule is registered once after the restart', async () => {
    await job.stop();
    try {
      const before = client.filesWritten;
      await port.submitVisits([request(3, 'OUT-4')], unhurried());
      expect(await port.submitVisits([request(3, 'OUT-4')], unhurried())).toEqual(new Map([['OUT-4', { reference: 'OUT-4', state: 'PENDING' }]]));
      expect(client.filesWritten - before).toBe(1);
      expect((await port.submissions(['OUT-4', 'NEVER'], unhurried())).size).toBe(1);
      job.start();
      await registered(['OUT-4']);
      expect((await readEvents(folders.data)).filter((e) => e.NIK === people[3]!.person.nik && e.STATUS === 'J')).toHaveLength(1);
    } finally {
      job.start();
    }
  });

  it('feeds every change once and in order, the team\'s door outcomes included after the next run', async () => {
    const start = await port.currentCursor(unhurried());
    await port.submitVisits([request(4, 'OUT-5')], unhurried());
    const visit = ((await registered(['OUT-5'])).get('OUT-5') as { visit: { visitNumber: string } }).visit;
    await recordOutcome(folders, visit.visitNumber, 'U', 'tim jb 2', { newDate: inDays(6), note: 'sedang berobat' });
    await recordOutcome(folders, visit.visitNumber, 'L', 'tim jb 2');
    const end = Date.now() + 10_000;
    let changes: Array<{ visitNumber: string; status: string; by: string | null }> = [];
    let cursor = start;
    while (changes.filter((c) => c.visitNumber === visit.visitNumber).length < 3 && Date.now() < end) {
      const batch = await port.changesSince(cursor, 2, unhurried());
      changes = [...changes, ...batch.changes];
      cursor = batch.cursor;
      if (!batch.hasMore) await new Promise((r) => setTimeout(r, 50));
    }
    expect(changes.filter((c) => c.visitNumber === visit.visitNumber).map((c) => [c.status, c.by])).toEqual([['SUBMITTED', null], ['SUBMITTED', 'TIM JB 2'], ['COMPLETED', 'TIM JB 2']]);
    expect((await port.visitsByNumber([visit.visitNumber], unhurried())).get(visit.visitNumber)).toMatchObject({ status: 'COMPLETED', outcome: 'SERVED', plannedDate: inDays(6) });
    await expect(port.changesSince('jemput-bola:x', 10, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('refuses input the file format cannot carry before touching the app, and is LEGACY_UNAVAILABLE without paths when the folders are gone', async () => {
    const before = client.calls;
    await expect(port.submitVisits([request(5, 'OUT-6', { name: 'Łucja' })], unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'name' } });
    expect(client.calls).toBe(before);
    const gone = connectJemputBola({ mysqlUrl: undefined, mysqlDatabasePrefix: 'x_', dataDir: join(dataDir, 'nowhere') }, { timeoutMs: 1_000 });
    const error = await gone.port.visitsByNumber(['JB-3674-26-000001'], unhurried()).then(() => new Error('expected a failure'), (e: unknown) => e as Error);
    expect(error).toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE', app: 'jemput-bola' } });
    expect(error.message).not.toContain(dataDir);
    await expect(gone.port.ping(unhurried())).rejects.toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE' } });
  });
});
