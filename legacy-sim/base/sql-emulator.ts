import type { Knex } from 'knex';
import type { LegacyStorage } from '@core/config/shared';
import { describeLocation, ensureAppDatabase, locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import type { WorldOptions } from '../world/types';
import type { Progress } from './progress';

/**
 * What every SQL legacy application's emulator provides. The emulator owns the app's database:
 * it creates the legacy schema and fills it from the synthetic world; after that the tables are the
 * running application, changed by officers (see each app's officer tool) and read by adapters.
 */
export interface SqlEmulator {
  /** Catalogue id, e.g. 'siak' (legacy-catalogue.md). */
  id: string;
  tables: readonly string[];
  createSchema(db: Knex): Promise<void>;
  /** Secondary indexes, created after the bulk load (much faster than during it). */
  createIndexes(db: Knex): Promise<void>;
  /** Fills the tables from the world; returns the number of rows written. */
  seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number>;
}

/**
 * Emulator bookkeeping, kept apart from the legacy tables: which world the database holds, so
 * that `npm start` seeds only when needed. Bump WORLD_VERSION when the generator's output or an emulator's tables change.
 */
const META_TABLE = 'ZZ_GERBANG_SIM_META';
export const WORLD_VERSION = 'world-3';

interface SeedMarker {
  version: string;
  seed: number;
  scale: number;
  regencyCode: string;
}

function markerFor(world: WorldOptions): SeedMarker {
  return { version: WORLD_VERSION, seed: world.seed, scale: world.scale, regencyCode: world.regencyCode };
}

async function readMarker(db: Knex): Promise<SeedMarker | undefined> {
  if (!(await db.schema.hasTable(META_TABLE))) return undefined;
  const row = (await db(META_TABLE).where({ NAME: 'world' }).first()) as { VALUE: string } | undefined;
  return row ? (JSON.parse(row.VALUE) as SeedMarker) : undefined;
}

/** Planner statistics, as any production database has them; without them SQLite picks poor plans. */
async function analyze(db: Knex, tables: readonly string[]): Promise<void> {
  if (db.client.config.client === 'mysql2') await db.raw(`ANALYZE TABLE ${tables.map(() => '??').join(', ')}`, [...tables]);
  else await db.raw('ANALYZE');
}

export type ProvisionOutcome = 'seeded' | 'up-to-date';

export interface ProvisionOptions {
  force?: boolean;
  progress: (label: string, total: number) => Progress;
  log?: (line: string) => void;
}

export async function provisionSqlEmulator(emulator: SqlEmulator, storage: LegacyStorage, world: WorldOptions, options: ProvisionOptions): Promise<ProvisionOutcome> {
  const location = locateAppDatabase(emulator.id, storage);
  await ensureAppDatabase(location);
  const db = openAppDatabase(location);
  try {
    const wanted = markerFor(world);
    const current = await readMarker(db);
    if (!options.force && current && JSON.stringify(current) === JSON.stringify(wanted)) {
      options.log?.(`${emulator.id}: ${describeLocation(location)} already holds world seed ${world.seed}, scale ${world.scale}`);
      return 'up-to-date';
    }
    options.log?.(`${emulator.id}: seeding ${describeLocation(location)} (world seed ${world.seed}, scale ${world.scale})`);
    for (const table of [META_TABLE, ...emulator.tables]) await db.schema.dropTableIfExists(table);
    await emulator.createSchema(db);
    await emulator.seed(db, world, options.progress);
    await emulator.createIndexes(db);
    await analyze(db, emulator.tables);
    await db.schema.createTable(META_TABLE, (t) => {
      t.string('NAME', 40).primary();
      t.text('VALUE').notNullable();
    });
    await db(META_TABLE).insert({ NAME: 'world', VALUE: JSON.stringify(wanted) });
    return 'seeded';
  } finally {
    await db.destroy();
  }
}
