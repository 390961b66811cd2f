import { readdir } from 'node:fs/promises';
import type { AppFolders } from '@core/files/app-folders';
import { BatchLock } from './batch-lock';
import type { FileApp } from './file-emulator';
import { processRequestFile } from './request-file';
import { delayUntilNextRun, type BatchSchedule } from './schedule';

export interface BatchRunSummary {
  /** False when another runner held the lock and this run did nothing. */
  ran: boolean;
  files: number;
  /** Lines handed to the app. */
  handled: number;
  /** False when the run was stopped part-way. */
  finished: boolean;
}

export interface BatchJobOptions {
  schedule: BatchSchedule;
  /** Where run failures go (a real job writes its log file); default stderr. */
  log?: (line: string) => void;
}

/**
 * A file app's batch job: on its schedule, every complete request file in the inbox (oldest name
 * first) is processed by the app and archived, then the app's after-run step runs. With runtime
 * controls for fault tests and officers: stop, start again, slow down, run once now.
 *
 * Stopping takes effect between two lines, as killing the old job would: the file being worked on
 * stays in the inbox and the next run resumes it from the journal (./run-journal.ts), so no request
 * is ever processed twice, across restarts of this object or of the whole process.
 */
export class BatchJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<BatchRunSummary> | undefined;
  private started = false;
  private stopRequested = false;
  private pauseBeforeRunMs = 0;
  private pauseBeforeLineMs = 0;
  private readonly lock: BatchLock;
  private readonly log: (line: string) => void;
  /** Runs completed since this object was created (tests wait on it). */
  runs = 0;

  constructor(
    readonly app: FileApp,
    readonly folders: AppFolders,
    private readonly options: BatchJobOptions,
  ) {
    this.lock = new BatchLock(folders.data);
    this.log = options.log ?? ((line) => process.stderr.write(line + '\n'));
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Starts the schedule (first run after one interval). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopRequested = false;
    this.scheduleNext();
  }

  /** Stops the schedule and any run in progress (between two lines); resolves when it has stopped. */
  async stop(): Promise<void> {
    this.started = false;
    this.stopRequested = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Slows the job: a pause before each run, and optionally before each line. 0 to undo. */
  slow(pauseBeforeRunMs: number, pauseBeforeLineMs = 0): void {
    this.pauseBeforeRunMs = pauseBeforeRunMs;
    this.pauseBeforeLineMs = pauseBeforeLineMs;
  }

  /** One run now, whether or not the schedule is started; waits for a run already in progress first. */
  async runNow(): Promise<BatchRunSummary> {
    while (this.running) await this.running.catch(() => undefined);
    this.stopRequested = false;
    return this.runOnce();
  }

  private scheduleNext(): void {
    if (!this.started) return;
    this.timer = setTimeout(() => {
      void this.runOnce()
        .catch((error: unknown) => this.log(`${this.app.id} batch: run failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.scheduleNext());
    }, delayUntilNextRun(this.options.schedule));
  }

  private runOnce(): Promise<BatchRunSummary> {
    const run = this.execute().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async execute(): Promise<BatchRunSummary> {
    if (this.pauseBeforeRunMs > 0) await sleep(this.pauseBeforeRunMs);
    if (this.stopRequested) return { ran: false, files: 0, handled: 0, finished: false };
    if (!(await this.lock.acquire())) return { ran: false, files: 0, handled: 0, finished: true };
    const startedAt = new Date();
    const summary: BatchRunSummary = { ran: true, files: 0, handled: 0, finished: true };
    try {
      const names = (await readdir(this.folders.inbox)).filter((name) => this.app.isRequestFile(name)).sort();
      for (const fileName of names) {
        const outcome = await processRequestFile(this.app, { folders: this.folders, fileName, startedAt }, {
          stopping: () => this.stopRequested,
          beforeLine: () => sleep(this.pauseBeforeLineMs),
        });
        summary.handled += outcome.handled;
        if (!outcome.finished) {
          summary.finished = false;
          return summary;
        }
        summary.files += 1;
      }
      await this.app.afterRun?.({ folders: this.folders, startedAt });
      return summary;
    } finally {
      await this.lock.release();
      this.runs += 1;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
