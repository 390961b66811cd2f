import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { REPO_ROOT, type LegacyStorage } from '@core/config/shared';
import { locateAuditDatabase } from '@core/audit';
import { locateAppFolders } from '@core/files/app-folders';
import { locateEventsDatabase } from '@core/events';
import { locateOutboxDatabase } from '@core/outbox';
import { dropAppDatabase, locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { silentProgress } from '@sim/base/progress';
import { FILE_EMULATORS } from '@sim/emulators';
import { provisionSqlEmulator, type SqlEmulator } from '@sim/base/sql-emulator';
import { DEFAULT_WORLD, type WorldOptions } from '@sim/world/types';

/**
 * A fresh, seeded legacy database per suite, on the backend this jest run targets:
 * SQLite files in a temporary folder (default), or throw-away MariaDB databases when
 * GERBANG_TEST_SQL=mysql (set by `npm test` for its second pass, with MYSQL_URL).
 */
export type TestBackend = 'sqlite' | 'mysql';

export function testBackend(): TestBackend {
  return process.env.GERBANG_TEST_SQL === 'mysql' ? 'mysql' : 'sqlite';
}

/** Small enough to seed in a second, large enough for families of every shape. */
export const TEST_WORLD: WorldOptions = { ...DEFAULT_WORLD, scale: 400 };

export interface TestLegacyStorage {
  storage: LegacyStorage;
  /** A direct connection to an app's tables, as an officer's screen or a test would use. */
  open(app: string): Knex;
  cleanup(): Promise<void>;
}

export async function seededStorage(suite: string, emulators: readonly SqlEmulator[], world: WorldOptions = TEST_WORLD): Promise<TestLegacyStorage> {
  const dataDir = mkdtempSync(join(tmpdir(), `gerbang-${suite}-`));
  let storage: LegacyStorage = { mysqlUrl: undefined, mysqlDatabasePrefix: 'gerbang_', dataDir };
  if (testBackend() === 'mysql') {
    const url = process.env.MYSQL_URL;
    if (!url) throw new Error('GERBANG_TEST_SQL=mysql needs MYSQL_URL (e.g. mysql://root@127.0.0.1:3306)');
    storage = { ...storage, mysqlUrl: url, mysqlDatabasePrefix: `gt_${suite.replace(/[^a-z0-9]/g, '_')}_${process.pid}_` };
  }
  for (const emulator of emulators) {
    await provisionSqlEmulator(emulator, storage, world, { force: true, progress: silentProgress });
  }
  const opened: Knex[] = [];
  return {
    storage,
    open(app) {
      const db = openAppDatabase(locateAppDatabase(app, storage));
      opened.push(db);
      return db;
    },
    async cleanup() {
      await Promise.all(opened.map((db) => db.destroy()));
      for (const emulator of emulators) await dropAppDatabase(locateAppDatabase(emulator.id, storage));
      // The audit trail the suite's subgraphs wrote, if any.
      await dropAppDatabase(locateAuditDatabase(storage));
      // The outboxes of the subgraphs that wrote (MariaDB databases outlive the temporary folder;
      // dropping an absent one is a no-op), and the file apps' folder trees.
      const subgraphs = readdirSync(join(REPO_ROOT, 'subgraphs'), { withFileTypes: true }).filter((d) => d.isDirectory());
      for (const subgraph of subgraphs) {
        await dropAppDatabase(locateOutboxDatabase(subgraph.name, storage));
        await dropAppDatabase(locateEventsDatabase(subgraph.name, storage));
        // The change-feed cursors of a subgraph that polls applications (services-feeds).
        await dropAppDatabase(locateAppDatabase(`${subgraph.name}-feeds`, storage));
        // A subgraph's own database (the delivery subgraph's courier orders).
        await dropAppDatabase(locateAppDatabase(subgraph.name, storage));
      }
      for (const app of FILE_EMULATORS) rmSync(locateAppFolders(app.id, storage).root, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
