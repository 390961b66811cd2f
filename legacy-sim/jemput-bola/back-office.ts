import { readdir } from 'node:fs/promises';
import type { AppFolders } from '@core/files/app-folders';
import { localDateTimeIn } from '@core/tenants';
import { BatchJob, type BatchRunSummary } from '../base/files/batch-job';
import type { FileApp } from '../base/files/file-emulator';
import { parseSchedule } from '../base/files/schedule';
import { OPEN, OUTCOMES, REQUEST_FILE, STATUS, dashedDate, dashedStamp, type RegisterEvent } from './format';
import { appendEvents, currentVisits, readEvents } from './register';

/**
 * What the outreach office does in jemput-bola's own screens, done on its own files: the team's
 * door outcomes, a visit called off. Other systems see them the way the app publishes anything:
 * in the export and results file of the next batch run (or now, with runBatchNow).
 */
export type DoorOutcome = 'L' | 'T' | 'U' | 'B';

export async function visitsOf(folders: AppFolders, nik: string): Promise<RegisterEvent[]> {
  return [...currentVisits(await readEvents(folders.data)).values()].filter((v) => v.NIK === nik);
}

export async function openVisits(folders: AppFolders, limit: number): Promise<RegisterEvent[]> {
  return [...currentVisits(await readEvents(folders.data)).values()].filter((v) => OPEN.has(v.STATUS)).slice(0, limit);
}

export async function historyOf(folders: AppFolders, visitNumber: string): Promise<RegisterEvent[]> {
  return (await readEvents(folders.data)).filter((e) => e.NO_KUNJUNGAN === visitNumber);
}

/**
 * Records what happened at the door (L served, T not at home, U rescheduled to `newDate`) or that
 * the visit was called off (B). Only a visit still planned (J or U) can get one.
 */
export async function recordOutcome(folders: AppFolders, visitNumber: string, outcome: DoorOutcome, officer: string, options: { newDate?: string; note?: string; timeZone?: string; at?: Date } = {}): Promise<RegisterEvent> {
  if (!OUTCOMES.has(outcome)) throw new Error(`unknown outcome ${outcome}: L, T, U or B`);
  const events = await readEvents(folders.data);
  const visit = currentVisits(events).get(visitNumber);
  if (!visit) throw new Error(`no visit ${visitNumber}`);
  if (!OPEN.has(visit.STATUS)) throw new Error(`visit ${visitNumber} is no longer planned (status ${visit.STATUS})`);
  if (outcome === STATUS.ULANG && !/^\d{4}-\d{2}-\d{2}$/.test(options.newDate ?? '')) throw new Error('a rescheduled visit needs its new date (YYYY-MM-DD)');
  const [written] = await appendEvents(folders.data, [{
    ...visit,
    STATUS: outcome,
    TGL_RENCANA: outcome === STATUS.ULANG ? dashedDate(options.newDate!) : visit.TGL_RENCANA,
    KD_ALASAN: '',
    TGL_STATUS: dashedStamp(localDateTimeIn(options.timeZone ?? 'Asia/Jakarta', options.at)),
    PETUGAS: officer.toUpperCase().slice(0, 20),
    KETERANGAN: (options.note ?? '').replace(/[;\r\n]/g, ' ').toUpperCase().slice(0, 80),
  }], events);
  return written!;
}

/** Schedule files waiting in the inbox. */
export async function waitingSchedules(folders: AppFolders): Promise<string[]> {
  return (await readdir(folders.inbox)).filter((name) => REQUEST_FILE.test(name)).sort();
}

/** The batch run, now, from the officer's screen (waits for a run another process is making). */
export async function runBatchNow(app: FileApp, folders: AppFolders): Promise<BatchRunSummary> {
  const job = new BatchJob(app, folders, { schedule: parseSchedule('every 1s', 'UTC') });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const summary = await job.runNow();
    if (summary.ran) return summary;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('another batch run has held the lock for 20 seconds; try again later');
}
