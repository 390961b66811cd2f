import type { LegacyStorage } from '@core/config/shared';
import { locateAppFolders } from '@core/files/app-folders';
import { FileDropClient, type CallGuard, type FileDropFolders } from '../base/files/file-drop-client';
import { CapilFilesAdapter } from './files/capil-files-adapter';
import type { CapilPerubahanPort } from './port';

export type { Annotation, CapilPerubahanPort, ChangeRequest, ChangeRequestOutcome, CourtOrder, CourtOrderedChange, RejectionReason } from './port';

export const CAPIL_PERUBAHAN_APP = 'capil-perubahan';

export interface CapilPerubahanConnection {
  port: CapilPerubahanPort;
  client: FileDropClient;
}

export interface CapilPerubahanOptions {
  /** Longest a single file operation may take (a hung share). */
  timeoutMs: number;
  /** The app's folders as mounted here; default: its tree under the storage's data folder. */
  folders?: FileDropFolders;
  pollMs?: number;
  /** Resilience seam (breaker/bulkhead) around every file operation. */
  guard?: CallGuard;
}

/** The capil-perubahan adapter for this process (one per app instance / tenant). */
export function connectCapilPerubahan(storage: LegacyStorage, options: CapilPerubahanOptions): CapilPerubahanConnection {
  const folders = options.folders ?? locateAppFolders(CAPIL_PERUBAHAN_APP, storage);
  const client = new FileDropClient(CAPIL_PERUBAHAN_APP, { folders, timeoutMs: options.timeoutMs, pollMs: options.pollMs, guard: options.guard });
  return { port: new CapilFilesAdapter(client), client };
}
