import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LegacyStorage } from '@core/config/shared';
import type { WorldOptions } from '../../world/types';
import { WORLD_VERSION, type ProvisionOutcome } from '../sql-emulator';
import { ensureAppFolders, locateAppFolders } from '@core/files/app-folders';
import type { FileApp } from './file-emulator';

/** Emulator bookkeeping beside the app's data: which world its folders were seeded from. */
const MARKER = '.gerbang-world.json';

/**
 * Makes sure a file app's folder tree exists and its data holds the requested world, like
 * provisionSqlEmulator does for SQL apps. Reseeding (another world, or force) empties the whole
 * tree first: requests, results and register of another world mean nothing in this one.
 */
export async function provisionFileEmulator(app: FileApp, storage: LegacyStorage, world: WorldOptions, options: { force?: boolean; log?: (line: string) => void } = {}): Promise<ProvisionOutcome> {
  const folders = locateAppFolders(app.id, storage);
  const wanted = JSON.stringify({ version: WORLD_VERSION, seed: world.seed, scale: world.scale, regencyCode: world.regencyCode });
  const current = await readFile(join(folders.data, MARKER), 'utf8').catch(() => undefined);
  if (!options.force && current === wanted) {
    options.log?.(`${app.id}: ${folders.root} already holds world seed ${world.seed}, scale ${world.scale}`);
    return 'up-to-date';
  }
  options.log?.(`${app.id}: seeding ${folders.root} (world seed ${world.seed}, scale ${world.scale})`);
  await rm(folders.root, { recursive: true, force: true });
  ensureAppFolders(folders);
  await app.seed?.(folders, world);
  await app.afterRun?.({ folders, startedAt: new Date() });
  await writeFile(join(folders.data, MARKER), wanted);
  return 'seeded';
}
