import { readdir } from 'node:fs/promises';
import type { AppFolders } from '@core/files/app-folders';
import { BatchJob, type BatchRunSummary } from '../base/files/batch-job';
import type { FileApp } from '../base/files/file-emulator';
import { parseSchedule } from '../base/files/schedule';
import { REGISTER_ACTIVE, REGISTER_ANNULLED, REQUEST_FILE } from './format';
import { appendRegister, readRegister, type RegisterEntry } from './register';

/**
 * What officers do in capil-perubahan's own screens, done on its own files. Their changes reach
 * other systems the way the app publishes anything: in the register export of the next batch run
 * (nightly; or now, with runBatchNow).
 */
export async function annotationsOf(folders: AppFolders, nik: string): Promise<RegisterEntry[]> {
  return (await readRegister(folders.data)).filter((e) => e.NIK === nik);
}

export async function sampleAnnotations(folders: AppFolders, limit: number): Promise<RegisterEntry[]> {
  return (await readRegister(folders.data)).slice(0, limit);
}

/** Annuls an annotation (e.g. the court order was overturned): the register keeps it, marked 'B'. */
export async function annulAnnotation(folders: AppFolders, number: string, officer: string): Promise<RegisterEntry> {
  const entry = (await readRegister(folders.data)).find((e) => e.NO_CATATAN === number);
  if (!entry) throw new Error(`no annotation ${number}`);
  if (entry.STATUS !== REGISTER_ACTIVE) throw new Error(`annotation ${number} is already annulled`);
  const annulled = { ...entry, STATUS: REGISTER_ANNULLED, PETUGAS: officer.toUpperCase().slice(0, 20) };
  await appendRegister(folders.data, [annulled]);
  return annulled;
}

/** Request files waiting in the inbox. */
export async function waitingRequests(folders: AppFolders): Promise<string[]> {
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
