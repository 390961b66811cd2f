import { z } from 'zod';
import { loadConfig } from '@core/config/load';
import { loadSimConfig, type SimConfig } from '../config';
import { parseSchedule, type BatchSchedule } from '../base/files/schedule';

/** Configuration of the capil-perubahan emulator process (its batch job and officer tool). */
const schema = z.object({
  /** 'nightly 01:00' as in the Dinas; 'every 200ms' for demos and tests. */
  GERBANG_CAPIL_PERUBAHAN_SCHEDULE: z.string().default('nightly 01:00'),
  /** The office's clock: batch times and the dates the app stamps. */
  GERBANG_CAPIL_PERUBAHAN_TIME_ZONE: z.string().default('Asia/Jakarta'),
});

export interface CapilPerubahanSimConfig extends SimConfig {
  schedule: BatchSchedule;
  timeZone: string;
}

export function loadCapilPerubahanSimConfig(env?: Record<string, string | undefined>): CapilPerubahanSimConfig {
  const raw = loadConfig(schema, env);
  const timeZone = raw.GERBANG_CAPIL_PERUBAHAN_TIME_ZONE;
  return { ...loadSimConfig(env), schedule: parseSchedule(raw.GERBANG_CAPIL_PERUBAHAN_SCHEDULE, timeZone), timeZone };
}
