import type { LegacyStorage } from '@core/config/shared';
import { locateAppFolders } from '@core/files/app-folders';
import { FileDropClient, type CallGuard, type FileDropFolders } from '../base/files/file-drop-client';
import { JemputBolaFilesAdapter } from './files/jemput-bola-files-adapter';
import type { JemputBolaPort } from './port';

export type { JemputBolaPort, OutreachChange, OutreachChanges, OutreachReason, OutreachVisit, OutreachWorklistPage, OutreachWorklistQuery, VisitOutcome, VisitRejection, VisitRequest, VisitSubmission } from './port';
export { createJemputBolaLoaders, type JemputBolaLoaders } from './loaders';

export const JEMPUT_BOLA_APP = 'jemput-bola';

export interface JemputBolaConnection {
  port: JemputBolaPort;
  client: FileDropClient;
}

export interface JemputBolaOptions {
  /** Longest a single file operation may take (a hung share). */
  timeoutMs: number;
  /** The app's folders as mounted here; default: its tree under the storage's data folder. */
  folders?: FileDropFolders;
  /** Resilience seam (breaker/bulkhead) around every file operation. */
  guard?: CallGuard;
}

/** The jemput-bola adapter for this process (one per app instance / tenant). */
export function connectJemputBola(storage: LegacyStorage, options: JemputBolaOptions): JemputBolaConnection {
  const folders = options.folders ?? locateAppFolders(JEMPUT_BOLA_APP, storage);
  const client = new FileDropClient(JEMPUT_BOLA_APP, { folders, timeoutMs: options.timeoutMs, guard: options.guard });
  return { port: new JemputBolaFilesAdapter(client), client };
}
