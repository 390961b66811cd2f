import type { WorldOptions } from '../../world/types';
import type { AppFolders } from '@core/files/app-folders';

/** What the batch job hands an app's handler with each request line. */
export interface RunContext {
  folders: AppFolders;
  /** The request file being processed. */
  fileName: string;
  /** When this run started (one timestamp per run, as the old jobs stamped them). */
  startedAt: Date;
}

/** Why a line never reached the handler. */
export type UnreadableLine = 'BAD_HEADER' | 'BAD_FIELD_COUNT';

/**
 * What every file-drop legacy application's emulator provides. The base (./batch-job.ts) does the
 * file work — picking up complete files, decoding, journaling, result files, archiving — and calls
 * the app for what is its own: the fields, the validation, the register.
 */
export interface FileApp {
  /** Catalogue id, e.g. 'capil-perubahan' (legacy-catalogue.md). */
  id: string;
  /** Fields of a request file's header line, in order. */
  requestFields: readonly string[];
  /** Field that carries each line's request id (echoed as the first field of its result line). */
  requestIdField: string;
  /** Fields of a result file's header line, in order; the first is the request id. */
  resultFields: readonly string[];
  /** Is this inbox file a complete request file? (e.g. '*.CSV'; never '*.tmp') */
  isRequestFile(name: string): boolean;
  /** The outbox file that answers a request file. */
  resultFileName(requestFileName: string): string;
  /** Result fields (after the request id) for a line the job could not read. */
  unreadable(problem: UnreadableLine): string[];
  /**
   * Processes one request and returns its result fields (after the request id). Must be
   * idempotent per request id: after a crash between recording and journaling, the same line is
   * handed over again and must get the same answer without being recorded twice.
   */
  handle(request: Record<string, string>, context: RunContext): Promise<string[]>;
  /**
   * After a file's lines are handled and before its result file is written: publish what the
   * results refer to (e.g. the register export), so that whoever reads a result finds it there.
   */
  beforeAnswering?(context: RunContext): Promise<void>;
  /** After each run, files or not (e.g. publish a register export). */
  afterRun?(context: { folders: AppFolders; startedAt: Date }): Promise<void>;
  /** Fills the app's data folder from the world (past records); returns the records written. */
  seed?(folders: AppFolders, world: WorldOptions): Promise<number>;
}
