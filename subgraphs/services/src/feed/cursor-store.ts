import type { Knex } from 'knex';
import type { LegacyStorage } from '@core/config/shared';
import { ensureAppDatabase, locateAppDatabase, openAppDatabase, type AppDatabaseLocation } from '@core/sql/app-database';

/**
 * Where each application's change feed was read up to, kept durably in the subgraph's own
 * database (`services-feeds`, beside its outbox; never in a legacy application's): a restart
 * resumes where the last run stopped, so no change is skipped and none is published twice (the
 * flow is idempotent by event id for the short overlap a crash can leave).
 */
export const FEEDS_DATABASE = 'services-feeds';
const TABLE = 'FEED_CURSOR';

export function locateFeedDatabase(storage: LegacyStorage): AppDatabaseLocation {
  return locateAppDatabase(FEEDS_DATABASE, storage);
}

export interface FeedCursors {
  get(tenant: string, app: string): Promise<string | undefined>;
  set(tenant: string, app: string, cursor: string): Promise<void>;
  close(): Promise<void>;
}

export async function openFeedCursors(storage: LegacyStorage): Promise<FeedCursors> {
  const location = locateFeedDatabase(storage);
  await ensureAppDatabase(location);
  const db: Knex = openAppDatabase(location);
  if (!(await db.schema.hasTable(TABLE))) {
    await db.schema.createTable(TABLE, (t) => {
      t.string('tenant', 40).notNullable();
      t.string('app', 40).notNullable();
      t.string('cursor', 200).notNullable();
      t.bigInteger('updated_at').notNullable();
      t.primary(['tenant', 'app']);
    }).catch(async (error: unknown) => {
      // Another replica created it meanwhile.
      if (!(await db.schema.hasTable(TABLE))) throw error;
    });
  }
  return {
    async get(tenant, app) {
      const row = (await db(TABLE).where({ tenant, app }).first()) as { cursor: string } | undefined;
      return row?.cursor;
    },
    async set(tenant, app, cursor) {
      await db(TABLE).insert({ tenant, app, cursor, updated_at: Date.now() }).onConflict(['tenant', 'app']).merge(['cursor', 'updated_at']);
    },
    close: () => db.destroy(),
  };
}
