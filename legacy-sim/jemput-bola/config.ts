import { z } from 'zod';
import { loadConfig } from '@core/config/load';
import { loadSimConfig, type SimConfig } from '../config';
import { parseSchedule, type BatchSchedule } from '../base/files/schedule';

/** Configuration of the jemput-bola emulator process (its batch job and officer tool). */
const schema = z.object({
  /** 'nightly 02:00' as in the Dinas; 'every 200ms' for demos and tests. */
  GERBANG_JEMPUT_BOLA_SCHEDULE: z.string().default('nightly 02:00'),
  /** The office's clock: batch times and the dates the app stamps. */
  GERBANG_JEMPUT_BOLA_TIME_ZONE: z.string().default('Asia/Jakarta'),
});

export interface JemputBolaSimConfig extends SimConfig {
  schedule: BatchSchedule;
  timeZone: string;
}

export function loadJemputBolaSimConfig(env?: Record<string, string | undefined>): JemputBolaSimConfig {
  const raw = loadConfig(schema, env);
  const timeZone = raw.GERBANG_JEMPUT_BOLA_TIME_ZONE;
  return { ...loadSimConfig(env), schedule: parseSchedule(raw.GERBANG_JEMPUT_BOLA_SCHEDULE, timeZone), timeZone };
}
