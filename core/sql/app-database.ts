import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import knex, { type Knex } from 'knex';
import type { LegacyStorage } from '@core/config/shared';

/**
 * Where a SQL legacy application keeps its tables: its own SQLite file by default, or its own
 * database on a MariaDB/MySQL server when MYSQL_URL is set. Emulators (which own the storage) and
 * adapters (which reach into it as old integrations did) both locate it here, so they always agree.
 * No two applications share a database.
 */
export type AppDatabaseLocation =
  | { client: 'sqlite'; file: string }
  | { client: 'mysql'; serverUrl: string; database: string };

const APP_ID = /^[a-z][a-z0-9-]{1,30}$/;

export function locateAppDatabase(app: string, storage: LegacyStorage): AppDatabaseLocation {
  if (!APP_ID.test(app)) throw new Error(`Legacy app id "${app}" must be lower-case letters, digits and -`);
  if (storage.mysqlUrl) {
    return { client: 'mysql', serverUrl: storage.mysqlUrl, database: `${storage.mysqlDatabasePrefix}${app.replace(/-/g, '_')}` };
  }
  return { client: 'sqlite', file: join(storage.dataDir, 'legacy', `${app}.sqlite`) };
}

export function describeLocation(location: AppDatabaseLocation): string {
  return location.client === 'sqlite' ? `SQLite ${location.file}` : `MariaDB database ${location.database}`;
}

/** Connection options for a MariaDB/MySQL server; also used by adapters that drive mysql2 directly. */
export function mysqlConnection(serverUrl: string, database?: string): Knex.MySql2ConnectionConfig {
  const url = new URL(serverUrl);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database,
    charset: 'utf8mb4',
    // Legacy DATE/DATETIME columns come back as the strings stored, never shifted by a time zone.
    dateStrings: true,
    connectTimeout: 5_000,
  };
}

/**
 * Every SQLite connection to an app's file, the emulator's and the adapters' alike, runs these.
 * WAL lets an officer's edit (another process) and the adapter's reads proceed together.
 * Legacy apps store text UPPERCASE and adapters upper-case what they search for. With a
 * case-sensitive LIKE, SQLite can serve `LIKE 'BUDI%'` from an ordinary index, as MariaDB does; a
 * case-insensitive one scans the table.
 */
export const SQLITE_PRAGMAS: readonly string[] = ['journal_mode = WAL', 'busy_timeout = 5000', 'synchronous = NORMAL', 'case_sensitive_like = ON'];

export interface OpenOptions {
  /** Pool size for MariaDB; SQLite always uses one connection (better-sqlite3 is synchronous). */
  poolMax?: number;
  /**
   * For adapters: the application's storage must already exist. Without this, opening a missing
   * SQLite file would silently create an empty one and every query would fail as a bug instead of
   * as LEGACY_UNAVAILABLE.
   */
  mustExist?: boolean;
}

/**
 * knex's own warnings, less two that are expected here: the SQLite connection is deliberately a
 * function (see mustExist), and a failed connection attempt already surfaces to the caller as
 * LEGACY_UNAVAILABLE (and in the metrics), so printing its stack as well is noise.
 */
const EXPECTED_WARNINGS = /connection\.filename|Acquire connection error/;
const knexLog = {
  warn: (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    if (!EXPECTED_WARNINGS.test(text)) process.emitWarning(text);
  },
};

function missingSqlite(file: string): Error {
  return Object.assign(new Error(`SQLite file ${file} does not exist`), { code: 'SQLITE_CANTOPEN' });
}

export function openAppDatabase(location: AppDatabaseLocation, options: OpenOptions = {}): Knex {
  if (location.client === 'sqlite') {
    const file = location.file;
    if (!options.mustExist) mkdirSync(join(file, '..'), { recursive: true });
    return knex({
      client: 'better-sqlite3',
      // A function, so that the check runs for every new connection, not once at start.
      connection: async () => {
        if (options.mustExist && !existsSync(file)) throw missingSqlite(file);
        return { filename: file };
      },
      acquireConnectionTimeout: 10_000,
      useNullAsDefault: true,
      log: knexLog,
      pool: {
        min: 1,
        max: 1,
        afterCreate: (conn: { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) => {
          for (const pragma of SQLITE_PRAGMAS) conn.pragma(pragma);
          done(null, conn);
        },
      },
    });
  }
  return knex({
    client: 'mysql2',
    connection: mysqlConnection(location.serverUrl, location.database),
    acquireConnectionTimeout: 10_000,
    log: knexLog,
    pool: { min: 0, max: options.poolMax ?? 10 },
  });
}

/** One statement on the MariaDB server itself (no database selected), e.g. CREATE DATABASE. */
async function onServer(serverUrl: string, sql: string, bindings: string[]): Promise<void> {
  const server = knex({ client: 'mysql2', connection: mysqlConnection(serverUrl), pool: { min: 0, max: 1 }, log: knexLog });
  try {
    await server.raw(sql, bindings);
  } finally {
    await server.destroy();
  }
}

/** Throws when the MariaDB server at `serverUrl` cannot be reached or refuses us. */
export async function pingMysqlServer(serverUrl: string): Promise<void> {
  await onServer(serverUrl, 'select 1', []);
}

/** Creates the MariaDB database (or the SQLite folder) if it is missing. Idempotent. */
export async function ensureAppDatabase(location: AppDatabaseLocation): Promise<void> {
  if (location.client === 'sqlite') {
    mkdirSync(join(location.file, '..'), { recursive: true });
    return;
  }
  await onServer(location.serverUrl, 'CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [location.database]);
}

/** Drops an app's database entirely; for tests that want a fresh one per suite. */
export async function dropAppDatabase(location: AppDatabaseLocation): Promise<void> {
  if (location.client === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(location.file + suffix, { force: true });
    return;
  }
  await onServer(location.serverUrl, 'DROP DATABASE IF EXISTS ??', [location.database]);
}
