import type { LegacyStorage } from '@core/config/shared';
import { provisionArsipFiles } from './arsip/files';
import { provisionFileEmulator } from './base/files/provision';
import { createProgress, type Progress } from './base/progress';
import { provisionSqlEmulator, type ProvisionOutcome } from './base/sql-emulator';
import { FILE_EMULATORS, SQL_EMULATORS } from './emulators';
import type { WorldOptions } from './world/types';

export interface ProvisionAllOptions {
  force?: boolean;
  /** Only these emulators (catalogue ids); all when omitted. */
  only?: readonly string[];
  progress?: (label: string, total: number) => Progress;
  log?: (line: string) => void;
  /** The offices' clock for the file apps' dates (GERBANG_CAPIL_PERUBAHAN_TIME_ZONE's default too). */
  timeZone?: string;
}

/** Makes sure every emulator's storage exists and holds the requested world. */
export async function provisionEstate(storage: LegacyStorage, world: WorldOptions, options: ProvisionAllOptions = {}): Promise<Record<string, ProvisionOutcome>> {
  const outcomes: Record<string, ProvisionOutcome> = {};
  for (const emulator of SQL_EMULATORS) {
    if (options.only && !options.only.includes(emulator.id)) continue;
    outcomes[emulator.id] = await provisionSqlEmulator(emulator, storage, world, {
      force: options.force,
      progress: options.progress ?? createProgress,
      log: options.log,
    });
  }
  for (const emulator of FILE_EMULATORS) {
    if (options.only && !options.only.includes(emulator.id)) continue;
    const app = emulator.create({ regencyCode: world.regencyCode, timeZone: options.timeZone ?? 'Asia/Jakarta' });
    outcomes[emulator.id] = await provisionFileEmulator(app, storage, world, { force: options.force, log: options.log });
  }
  // The digital archive keeps rows (seeded above) and files on disk: write the files its rows name.
  if (!options.only || options.only.includes('arsip')) await provisionArsipFiles(storage);
  return outcomes;
}
