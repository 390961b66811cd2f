import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LegacyStorage } from '@core/config/shared';

/**
 * Where a file-drop legacy application keeps its folders: one tree per app under the storage's
 * data folder, var/legacy/<app>/{inbox,outbox,archive,data}. The emulator (which owns the tree)
 * and the adapter (which drops and reads files there, as old integrations did over a share) both
 * locate it here, so they always agree — the file-family twin of core/sql/app-database.ts.
 *
 * - inbox: requests are dropped here (written as *.tmp, then renamed: only complete files count);
 * - outbox: the batch job's result files, and whatever else the app publishes;
 * - archive: processed requests, moved out of the inbox;
 * - data: the app's own storage (register, journal, lock); integrations never touch it.
 */
export interface AppFolders {
  root: string;
  inbox: string;
  outbox: string;
  archive: string;
  data: string;
}

const APP_ID = /^[a-z][a-z0-9-]{1,30}$/;

export function locateAppFolders(app: string, storage: Pick<LegacyStorage, 'dataDir'>): AppFolders {
  if (!APP_ID.test(app)) throw new Error(`Legacy app id "${app}" must be lower-case letters, digits and -`);
  const root = join(storage.dataDir, 'legacy', app);
  return { root, inbox: join(root, 'inbox'), outbox: join(root, 'outbox'), archive: join(root, 'archive'), data: join(root, 'data') };
}

/** Creates the app's folder tree if it is missing. Idempotent. */
export function ensureAppFolders(folders: AppFolders): void {
  for (const dir of [folders.inbox, folders.outbox, folders.archive, folders.data]) mkdirSync(dir, { recursive: true });
}
