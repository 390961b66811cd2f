import type { LegacyStorage } from '@core/config/shared';
import { createProgress, type Progress } from './base/progress';
import { provisionSqlEmulator, type ProvisionOutcome } from './base/sql-emulator';
import { SQL_EMULATORS } from './emulators';
import type { WorldOptions } from './world/types';

export interface ProvisionAllOptions {
  force?: boolean;
  /** Only these emulators (catalogue ids); all when omitted. */
  only?: readonly string[];
  progress?: (label: string, total: number) => Progress;
  log?: (line: string) => void;
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
  return outcomes;
}
