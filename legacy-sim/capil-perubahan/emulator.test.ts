import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { locateAppFolders, type AppFolders } from '@core/files/app-folders';
import { BatchJob } from '../base/files/batch-job';
import { decodeLines, encodeLines } from '../base/files/csv-1252';
import { provisionFileEmulator } from '../base/files/provision';
import { parseSchedule } from '../base/files/schedule';
import { DEFAULT_WORLD } from '../world/types';
import { annotationsOf, annulAnnotation, runBatchNow } from './back-office';
import { createCapilPerubahanApp } from './emulator';
import { EXPORT_FILE, REQUEST_FIELDS } from './format';
import { readRegister } from './register';

const WORLD = { ...DEFAULT_WORLD, scale: 400 };
const app = createCapilPerubahanApp({ regencyCode: '36.74', timeZone: 'Asia/Jakarta' });

describe('capil-perubahan emulator', () => {
  let dataDir: string;
  let folders: AppFolders;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gerbang-capil-sim-'));
    await provisionFileEmulator(app, { mysqlUrl: undefined, mysqlDatabasePrefix: 'x_', dataDir }, WORLD, { force: true });
    folders = locateAppFolders(app.id, { dataDir });
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const line = (overrides: Partial<Record<(typeof REQUEST_FIELDS)[number], string>>) =>
    REQUEST_FIELDS.map((f) => overrides[f] ?? ({ NIK: '3674015708900002', KD_JENIS: '05', NAMA_LAMA: 'Zoë Lestari', NAMA_BARU: 'Zoé Lestari', NO_PENETAPAN: '123/Pdt.P/2026/PN.Tng', NAMA_PN: 'Pengadilan Negeri Tangerang', TGL_PENETAPAN: '02-01-2026' } as Record<string, string>)[f] ?? '');

  it('seeds a small, deterministic register from the world, the same on every provision', async () => {
    const first = await readRegister(folders.data);
    expect(first.length).toBeGreaterThan(2);
    expect(first.length).toBeLessThan(40);
    expect(first.map((e) => e.KD_JENIS).sort()).toEqual(expect.arrayContaining(['05']));
    expect(first.every((e) => /^3674-CP-\d{8}-\d{4}$/.test(e.NO_CATATAN) && /^\d{2}-\d{2}-\d{4}$/.test(e.TGL_PENETAPAN))).toBe(true);
    const again = mkdtempSync(join(tmpdir(), 'gerbang-capil-sim2-'));
    await provisionFileEmulator(app, { mysqlUrl: undefined, mysqlDatabasePrefix: 'x_', dataDir: again }, WORLD);
    expect(await readRegister(locateAppFolders(app.id, { dataDir: again }).data)).toEqual(first);
    rmSync(again, { recursive: true, force: true });
  });

  it('publishes the export at provisioning with DDMMYYYY dates and a trailer count', () => {
    const { lines } = decodeLines(readFileSync(join(folders.outbox, EXPORT_FILE)));
    const trailer = lines.at(-1)!;
    expect(trailer[0]).toBe('TRL');
    expect(Number(trailer[1])).toBe(lines.length - 2);
    expect(lines[1]![9]).toMatch(/^\d{8}$/);
  });

  it('validates each line, records accepted ones with a new annotation number, rejects with legacy codes', async () => {
    writeFileSync(join(folders.inbox, 'PERUBAHAN_T1.CSV'), encodeLines([[...REQUEST_FIELDS],
      line({ ID_PERMOHONAN: 'OK1' }),
      line({ ID_PERMOHONAN: 'BADNIK', NIK: '3674019908900002' }),
      line({ ID_PERMOHONAN: 'NOCODE', KD_JENIS: '03' }),
      line({ ID_PERMOHONAN: 'NOFATHER', KD_JENIS: '01', NAMA_AYAH: '' }),
      line({ ID_PERMOHONAN: 'FUTURE', TGL_PENETAPAN: '01-01-2999' }),
      line({ ID_PERMOHONAN: 'BADDATE', TGL_PENETAPAN: '31-02-2026' }),
      line({ ID_PERMOHONAN: 'DUP' }),
      ['SHORT', '1'],
    ]));
    const summary = await runBatchNow(app, folders);
    expect(summary).toMatchObject({ ran: true, files: 1 });
    const bytes = readFileSync(join(folders.outbox, 'PERUBAHAN_T1.HSL'));
    expect(iconv.decode(bytes, 'windows-1252')).toContain('\r\n');
    const results = decodeLines(bytes).lines.slice(1).map(([id, status, number, reason]) => [id, status, number ? 'NUMBER' : '', reason]);
    expect(results).toEqual([
      ['OK1', '1', 'NUMBER', ''],
      ['BADNIK', '0', '', 'E01'],
      ['NOCODE', '0', '', 'E03'],
      ['NOFATHER', '0', '', 'E02'],
      ['FUTURE', '0', '', 'E04'],
      ['BADDATE', '0', '', 'E04'],
      ['DUP', '0', '', 'E06'],
      ['SHORT', '0', '', 'E09'],
    ]);
    const recorded = await annotationsOf(folders, '3674015708900002');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ NAMA_BARU: 'ZOÉ LESTARI', NAMA_LAMA: 'ZOË LESTARI', STATUS: 'A', ID_PERMOHONAN: 'OK1' });
    expect(existsSync(join(folders.archive, 'PERUBAHAN_T1.CSV'))).toBe(true);
    const exported = iconv.decode(readFileSync(join(folders.outbox, EXPORT_FILE)), 'windows-1252');
    expect(exported).toContain(`${recorded[0]!.NO_CATATAN};3674015708900002;05;ZOË LESTARI;ZOÉ LESTARI`);
  });

  it('answers a request id it already recorded with the same number (an interrupted run resumed)', async () => {
    const [before] = await annotationsOf(folders, '3674015708900002');
    writeFileSync(join(folders.inbox, 'PERUBAHAN_T2.CSV'), encodeLines([[...REQUEST_FIELDS], line({ ID_PERMOHONAN: 'OK1', NO_PENETAPAN: 'OTHER' })]));
    await runBatchNow(app, folders);
    const [result] = decodeLines(readFileSync(join(folders.outbox, 'PERUBAHAN_T2.HSL'))).lines.slice(1);
    expect(result!.slice(0, 3)).toEqual(['OK1', '1', before!.NO_CATATAN]);
    expect(await annotationsOf(folders, '3674015708900002')).toHaveLength(1);
  });

  it('lets an officer annul an annotation; the export shows it after the next run', async () => {
    const [entry] = await annotationsOf(folders, '3674015708900002');
    await annulAnnotation(folders, entry!.NO_CATATAN, 'budi');
    await expect(annulAnnotation(folders, entry!.NO_CATATAN, 'budi')).rejects.toThrow(/already annulled/);
    const job = new BatchJob(app, folders, { schedule: parseSchedule('every 50ms', 'Asia/Jakarta') });
    job.start();
    const deadline = Date.now() + 5_000;
    const annulledInExport = () => iconv.decode(readFileSync(join(folders.outbox, EXPORT_FILE)), 'windows-1252').split('\r\n').some((l) => l.startsWith(entry!.NO_CATATAN) && l.endsWith(';B'));
    while (!annulledInExport() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await job.stop();
    expect(annulledInExport()).toBe(true);
  });
});
