import type { LegacyStorage } from '@core/config/shared';
import { ensureAppDatabase, locateAppDatabase, type AppDatabaseLocation } from '@core/sql/app-database';
import { openMysqlStoreSql } from '@core/outbox/mysql-sql';
import { openSqliteStoreSql } from '@core/outbox/sqlite-sql';
import { MYSQL_SCHEMA, SQLITE_SCHEMA } from './schema';

/**
 * The event log's connection works as the outbox's (core/outbox/sqlite-sql.ts, mysql-sql.ts): one
 * connection on the main thread on SQLite, a small pool on MariaDB, retried when busy. Several
 * processes share it and a subscription's poll is a write (its lease), so a busy SQLite file is
 * routine: tried again more often than the outbox does (each pause at most 250 ms).
 */
const SQLITE_BUSY_ATTEMPTS = 40;
import { EventStore } from './store';
import { checkFlowName } from './validate';

/**
 * Each flow has its own database, `events-<flow>`, located like the outbox's: a SQLite file by
 * default (var/legacy/events-<flow>.sqlite), or its own MariaDB database (`<prefix>events_<flow>`)
 * with MYSQL_URL, which replicas (publishers and consumers) then share.
 */
export function eventsAppId(flow: string): string {
  checkFlowName(flow);
  return `events-${flow}`;
}

export function locateEventsDatabase(flow: string, storage: LegacyStorage): AppDatabaseLocation {
  return locateAppDatabase(eventsAppId(flow), storage);
}

/** Opens (creating if missing) the event database of `flow`. */
export async function openEventStore(flow: string, storage: LegacyStorage, options: { poolMax?: number } = {}): Promise<EventStore> {
  const location = locateEventsDatabase(flow, storage);
  await ensureAppDatabase(location);
  const sql = location.client === 'sqlite' ? await openSqliteStoreSql(location.file, { name: 'event', schema: SQLITE_SCHEMA, busyAttempts: SQLITE_BUSY_ATTEMPTS }) : await openMysqlStoreSql(location.serverUrl, location.database, { name: 'event', schema: MYSQL_SCHEMA }, options.poolMax);
  return new EventStore(flow, location, sql);
}
