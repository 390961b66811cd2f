import type { LegacyStorage } from '@core/config/shared';
import { ensureAppDatabase, locateAppDatabase, type AppDatabaseLocation } from '@core/sql/app-database';
import { openMysqlOutboxSql } from './mysql-sql';
import { openSqliteOutboxSql } from './sqlite-sql';
import { OutboxStore } from './store';

/**
 * Each subgraph that writes has its own outbox database, `outbox-<subgraph>`, beside the legacy
 * apps' and the audit trail's (never inside a legacy application: those belong to their owners).
 * A SQLite file by default (var/legacy/outbox-<subgraph>.sqlite), or its own MariaDB database
 * (`<prefix>outbox_<subgraph>`) with MYSQL_URL: replicas of one subgraph then share it.
 */
export function outboxAppId(subgraph: string): string {
  return `outbox-${subgraph}`;
}

export function locateOutboxDatabase(subgraph: string, storage: LegacyStorage): AppDatabaseLocation {
  return locateAppDatabase(outboxAppId(subgraph), storage);
}

/** Opens (creating if missing) the outbox database of `subgraph`. */
export async function openOutboxStore(subgraph: string, storage: LegacyStorage, options: { poolMax?: number } = {}): Promise<OutboxStore> {
  const location = locateOutboxDatabase(subgraph, storage);
  await ensureAppDatabase(location);
  const sql = location.client === 'sqlite' ? await openSqliteOutboxSql(location.file) : await openMysqlOutboxSql(location.serverUrl, location.database, options.poolMax);
  return new OutboxStore(subgraph, location, sql);
}
