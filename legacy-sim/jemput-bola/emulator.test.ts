import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateAppFolders, type AppFolders } from '@core/files/app-folders';
import { todayIn } from '@core/tenants';
import { decodeLines, encodeLines } from '../base/files/csv-1252';
import { provisionFileEmulator } from '../base/files/provision';
import { DEFAULT_WORLD } from '../world/types';
import { generateWorld } from '../world/generator';
import { recordOutcome, runBatchNow } from './back-office';
import { createJemputBolaApp } from './emulator';
import { EXPORT_FILE, REQUEST_FIELDS, dashedDate, resultsFileName } from './format';
import { currentVisits, readEvents } from './register';

const WORLD = { ...DEFAULT_WORLD, scale: 2_000 };
const app = createJemputBolaApp({ regencyCode: '36.74', timeZone: 'Asia/Jakarta' });
const inDays = (n: number) => new Date(Date.parse(`${todayIn('Asia/Jakarta')}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('jemput-bola emulator', () => {
  let dataDir: string;
  let folders: AppFolders;
  const world = generateWorld(WORLD);
  const family = world[7]!;
  const line = (id: string, overrides: Partial<Record<(typeof REQUEST_FIELDS)[number], string>> = {}, person = family.members[0]!) =>
    REQUEST_FIELDS.map((f) => overrides[f] ?? ({
      ID_KUNJUNGAN: id, NIK: person.nik, NAMA: person.name, KD_KEL: family.kelurahanCode.replace(/\./g, ''), ALAMAT: family.street,
      TGL_RENCANA: dashedDate(inDays(3)), KD_LAYANAN: 'REK+KK', KD_SASARAN: 'L', NO_HP: '08123456789',
    } as Record<string, string>)[f]!);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gerbang-jb-sim-'));
    await provisionFileEmulator(app, { mysqlUrl: undefined, mysqlDatabasePrefix: 'x_', dataDir }, WORLD, { force: true });
    folders = locateAppFolders(app.id, { dataDir });
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('seeds visits for the world\'s elderly, sick and disabled, the same on every provision, with outcomes and open ones', async () => {
    const events = await readEvents(folders.data);
    const visits = [...currentVisits(events).values()];
    expect(visits.length).toBeGreaterThan(10);
    const niks = new Set(world.flatMap((f) => f.members.map((m) => m.nik)));
    expect(visits.every((v) => niks.has(v.NIK) && /^JB-3674-\d{2}-\d{6}$/.test(v.NO_KUNJUNGAN) && /^3674\d{6}$/.test(v.KD_KEL))).toBe(true);
    expect(new Set(visits.map((v) => v.STATUS)).size).toBeGreaterThanOrEqual(3);
    expect(events.map((e) => Number(e.NO_URUT))).toEqual(events.map((_, i) => i + 1));
    const again = mkdtempSync(join(tmpdir(), 'gerbang-jb-sim2-'));
    await provisionFileEmulator(app, { mysqlUrl: undefined, mysqlDatabasePrefix: 'x_', dataDir: again }, WORLD);
    expect(await readEvents(locateAppFolders(app.id, { dataDir: again }).data)).toEqual(events);
    rmSync(again, { recursive: true, force: true });
  });

  it('publishes the export with compact dates, the time apart and a trailer with the last event number', async () => {
    const { lines } = decodeLines(readFileSync(join(folders.outbox, EXPORT_FILE)));
    const trailer = lines.at(-1)!;
    expect(trailer[0]).toBe('TRL');
    expect(Number(trailer[1])).toBe(lines.length - 2);
    expect(trailer[3]).toBe(lines.at(-2)![0]);
    expect(lines[1]![7]).toMatch(/^\d{8}$/);
    expect(lines[1]![11]).toMatch(/^\d{4}$/);
  });

  it('registers a weekly schedule line by line: visit numbers for good lines, legacy codes for the rest', async () => {
    const a = family.members[0]!;
    writeFileSync(join(folders.inbox, 'JADWAL_T1.CSV'), encodeLines([[...REQUEST_FIELDS],
      line('OK1', {}, a),
      line('BADNIK', { NIK: '3674019908900002' }),
      line('OUTSIDE', { KD_KEL: '3325012001' }),
      line('PAST', { TGL_RENCANA: dashedDate(inDays(-1)) }),
      line('NOSERVICE', { KD_LAYANAN: 'REK+XYZ' }),
      line('TWICE', {}, a),
      ['SHORT', '1'],
    ]));
    expect(await runBatchNow(app, folders)).toMatchObject({ ran: true, files: 1 });
    const results = decodeLines(readFileSync(join(folders.outbox, 'JADWAL_T1.HSL'))).lines.slice(1).map(([id, status, number, reason]) => [id, status, number ? 'N' : '', reason]);
    expect(results).toEqual([['OK1', '1', 'N', ''], ['BADNIK', '0', 'N', 'A01'], ['OUTSIDE', '0', 'N', 'A02'], ['PAST', '0', 'N', 'A03'], ['NOSERVICE', '0', 'N', 'A04'], ['TWICE', '0', 'N', 'A07'], ['SHORT', '0', '', 'A09']]);
    expect(existsSync(join(folders.archive, 'JADWAL_T1.CSV'))).toBe(true);
  });

  it('answers a line it registered already with the same visit number', async () => {
    writeFileSync(join(folders.inbox, 'JADWAL_T2.CSV'), encodeLines([[...REQUEST_FIELDS], line('OK1', { TGL_RENCANA: dashedDate(inDays(5)) })]));
    await runBatchNow(app, folders);
    const [first] = decodeLines(readFileSync(join(folders.outbox, 'JADWAL_T1.HSL'))).lines.slice(1);
    const [second] = decodeLines(readFileSync(join(folders.outbox, 'JADWAL_T2.HSL'))).lines.slice(1);
    expect(second!.slice(0, 3)).toEqual(first!.slice(0, 3));
  });

  it('takes door outcomes from the office; the next run publishes them in a results file and the export', async () => {
    const events = await readEvents(folders.data);
    const visit = events.find((e) => e.ID_KUNJUNGAN === 'OK1')!;
    await recordOutcome(folders, visit.NO_KUNJUNGAN, 'U', 'tim jb 1', { newDate: inDays(6), note: 'sedang berobat' });
    await recordOutcome(folders, visit.NO_KUNJUNGAN, 'L', 'tim jb 1');
    await expect(recordOutcome(folders, visit.NO_KUNJUNGAN, 'T', 'tim jb 1')).rejects.toThrow(/no longer planned/);
    await runBatchNow(app, folders);
    const resultFiles = [1, 2, 3].map(resultsFileName).filter((name) => existsSync(join(folders.outbox, name)));
    const last = decodeLines(readFileSync(join(folders.outbox, resultFiles.at(-1)!))).lines.slice(1);
    expect(last.map((l) => [l[0], l[4]])).toEqual([[visit.NO_KUNJUNGAN, 'U'], [visit.NO_KUNJUNGAN, 'L']]);
    expect(last[0]![5]).toBe(dashedDate(inDays(6)));
    const exported = decodeLines(readFileSync(join(folders.outbox, EXPORT_FILE))).lines.filter((l) => l[1] === visit.NO_KUNJUNGAN).map((l) => l[8]);
    expect(exported).toEqual(['J', 'U', 'L']);
  });
});
