import { z } from 'zod';
import { loadConfig } from '@core/config/load';
import { legacyStorageFrom, legacyStorageSchema, logLevelSchema, type LegacyStorage } from '@core/config/shared';
import { DEFAULT_WORLD, type WorldOptions } from './world/types';

/** Configuration of the emulated estate (seeder, officer tools). The only reader of process.env here. */
const schema = z.object({
  ...legacyStorageSchema,
  ...logLevelSchema,
  GERBANG_WORLD_SEED: z.coerce.number().int().nonnegative().default(DEFAULT_WORLD.seed),
  /** Residents to generate: 10,000 starts fast; 1,400,000 is the city's real size. */
  GERBANG_WORLD_SCALE: z.coerce.number().int().min(10).max(5_000_000).default(DEFAULT_WORLD.scale),
});

export interface SimConfig {
  storage: LegacyStorage;
  world: WorldOptions;
}

export function loadSimConfig(env?: Record<string, string | undefined>): SimConfig {
  const raw = loadConfig(schema, env);
  return {
    storage: legacyStorageFrom(raw),
    world: { ...DEFAULT_WORLD, seed: raw.GERBANG_WORLD_SEED, scale: raw.GERBANG_WORLD_SCALE },
  };
}
