import { open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { cancellationOf, type Deadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { legacyErrors, legacyLatency, legacyStatements } from '@core/metrics';
import { decodeFile, encodeFile, type ParsedFile } from './codec';
import { FileOperationTimeout, UnreadableLegacyFile, callerLeft, classifyFileError, deadlineError } from './errors';

/**
 * The shared base for every adapter of a file-drop legacy application (legacy-catalogue.md: files
 * in an inbox, a batch job, results in an outbox). One client per app instance (its folders come
 * from configuration). Every file-system operation goes through `call`, so it is:
 * - counted (files written, files read, folder listings) and timed in the core metrics per app;
 * - never started once the request's deadline has passed or its caller has left, and answered
 *   at once when either happens while it runs (a hung share cannot hold a request past its deadline;
 *   `timeoutMs` bounds a single operation too);
 * - failed as LEGACY_UNAVAILABLE (folder missing, permission, I/O), LEGACY_TIMEOUT or
 *   DEADLINE_EXCEEDED, with paths kept in the error's cause only.
 *
 * `guard` is the seam for resilience (a circuit breaker, a bulkhead): it wraps every operation.
 */
export interface FileDropFolders {
  inbox: string;
  outbox: string;
  archive: string;
}

export type FolderName = keyof FileDropFolders;

/** Wraps every file-system operation; the default runs it as it is. */
export type CallGuard = <T>(operation: () => Promise<T>) => Promise<T>;

export interface FileDropOptions {
  folders: FileDropFolders;
  /** Longest a single file-system operation may take (a hung network share). */
  timeoutMs: number;
  /** Interval between looks when waiting for a result file (default 100 ms). */
  pollMs?: number;
  guard?: CallGuard;
}

/** Where a request file is in its life, as seen from outside the app. */
export type DropState = 'ABSENT' | 'PENDING' | 'ANSWERED';

type Kind = 'write' | 'read' | 'list';

export class FileDropClient {
  private readonly counts: Record<Kind, number> = { write: 0, read: 0, list: 0 };
  private readonly guard: CallGuard;

  constructor(
    readonly app: string,
    private readonly options: FileDropOptions,
  ) {
    this.guard = options.guard ?? ((operation) => operation());
  }

  /** Request files dropped since the client was created (tests take differences). */
  get filesWritten(): number {
    return this.counts.write;
  }

  get filesRead(): number {
    return this.counts.read;
  }

  get listings(): number {
    return this.counts.list;
  }

  /** Every operation on the app's folders: writes, reads and listings. */
  get calls(): number {
    return this.counts.write + this.counts.read + this.counts.list;
  }

  /**
   * Drops a request file atomically: `<name>.tmp` is written and synced, then renamed, so the
   * batch job never picks up half a file. If the deadline passes before the rename, the partial
   * drop is removed and the request is not made.
   */
  async drop(fileName: string, lines: readonly (readonly string[])[], deadline: Deadline): Promise<void> {
    const path = join(this.options.folders.inbox, fileName);
    const tmp = `${path}.tmp`;
    await this.call('write', deadline, async () => {
      const handle = await open(tmp, 'w');
      try {
        await handle.writeFile(encodeFile(lines));
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (cancellationOf(deadline)) {
        await rm(tmp, { force: true });
        throw deadlineError(this.app, deadline);
      }
      await rename(tmp, path);
    });
  }

  /** Names in one of the app's folders (one listing). */
  async list(folder: FolderName, deadline: Deadline): Promise<string[]> {
    return this.call('list', deadline, () => readdir(this.options.folders[folder]));
  }

  /** A file from one of the app's folders, decoded and parsed; undefined when it is not there. */
  async read(folder: FolderName, fileName: string, deadline: Deadline): Promise<ParsedFile | undefined> {
    const dir = this.options.folders[folder];
    return this.call('read', deadline, async () => {
      try {
        return decodeFile(await readFile(join(dir, fileName), { signal: deadline.signal }));
      } catch (error) {
        // A missing file is an answer ("not yet"); a missing folder is the app being unavailable.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          await stat(dir);
          return undefined;
        }
        throw error;
      }
    });
  }

  /**
   * Check before writing again: is a request file already in the inbox (dropped, waiting), in the
   * archive (processed), or answered in the outbox? A retried submission uses this so that a drop
   * whose answer was lost (deadline, crash) is never made twice. One listing per folder.
   */
  async locate(fileName: string, resultFileName: string, deadline: Deadline): Promise<DropState> {
    if ((await this.list('outbox', deadline)).includes(resultFileName)) return 'ANSWERED';
    const inbox = await this.list('inbox', deadline);
    if (inbox.includes(fileName)) return 'PENDING';
    if ((await this.list('archive', deadline)).includes(fileName)) return 'PENDING';
    return 'ABSENT';
  }

  /**
   * Waits until a file appears in a folder and reads it, looking every `pollMs`; throws
   * DEADLINE_EXCEEDED when the deadline passes first.
   */
  async waitFor(folder: FolderName, fileName: string, deadline: Deadline): Promise<ParsedFile> {
    for (;;) {
      const file = await this.read(folder, fileName, deadline);
      if (file) return file;
      await this.pause(deadline);
    }
  }

  /** Readiness: the three folders can be listed. */
  async ping(deadline: Deadline): Promise<void> {
    for (const folder of ['inbox', 'outbox', 'archive'] as const) await this.list(folder, deadline);
  }

  /** The app published something we cannot read (cut short, wrong header): LEGACY_UNAVAILABLE. */
  unreadable(what: string): GerbangError {
    const error = classifyFileError(this.app, new UnreadableLegacyFile(what));
    legacyErrors.inc({ app: this.app, code: (error as GerbangError).code });
    return error as GerbangError;
  }

  private async pause(deadline: Deadline): Promise<void> {
    const ms = Math.min(this.options.pollMs ?? 100, deadline.remaining());
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      deadline.signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        deadline.signal.removeEventListener('abort', done);
        resolve();
      }
    });
    if (cancellationOf(deadline)) throw deadlineError(this.app, deadline);
  }

  private async call<T>(kind: Kind, deadline: Deadline, operation: () => Promise<T>): Promise<T> {
    let stop: (() => void) | undefined;
    try {
      // Work nobody will read is never started.
      if (cancellationOf(deadline)) throw deadlineError(this.app, deadline);
      return await this.guard(() => {
        this.counts[kind] += 1;
        legacyStatements.inc({ app: this.app });
        stop = legacyLatency.startTimer({ app: this.app });
        return bounded(operation(), deadline, this.options.timeoutMs, () => deadlineError(this.app, deadline));
      });
    } catch (error) {
      const classified = cancellationOf(deadline) && !(error instanceof GerbangError) ? deadlineError(this.app, deadline) : classifyFileError(this.app, error);
      if (classified instanceof GerbangError && !callerLeft(classified)) legacyErrors.inc({ app: this.app, code: classified.code });
      throw classified;
    } finally {
      stop?.();
    }
  }
}

/**
 * The operation's result, or a rejection as soon as the deadline aborts or `timeoutMs` passes.
 * A file-system call cannot be taken back: it finishes in the background, unread.
 */
function bounded<T>(operation: Promise<T>, deadline: Deadline, timeoutMs: number, onDeadline: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => finish(() => reject(onDeadline()));
    const timer = setTimeout(() => finish(() => reject(new FileOperationTimeout(`file operation took more than ${timeoutMs}ms`))), timeoutMs);
    deadline.signal.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    function finish(settle: () => void) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      deadline.signal.removeEventListener('abort', onAbort);
      settle();
    }
    operation.then((value) => finish(() => resolve(value)), (error: unknown) => finish(() => reject(error)));
  });
}
