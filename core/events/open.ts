import type { LegacyStorage } from '@core/config/shared';
import { ensureAppDatabase, locateAppDatabase, type AppDatabaseLocation } from '@core/sql/app-database';
import { openMysqlEventSql } from './mysql-sql';
import { openSqliteEventSql } from './sqlite-sql';
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
  const sql = location.client === 'sqlite' ? await openSqliteEventSql(location.file) : await openMysqlEventSql(location.serverUrl, location.database, options.poolMax);
  return new EventStore(flow, location, sql);
}
