import type { LegacyStorage } from '@core/config/shared';
import { ensureAppDatabase, locateAppDatabase, type AppDatabaseLocation } from '@core/sql/app-database';
import { openMysqlAuditStore } from './mysql-store';
import { openSqliteAuditStore } from './sqlite-store';
import type { AuditStore } from './store';

/** The audit trail's own database: `audit`, beside the legacy apps' (never inside one of them). */
export const AUDIT_APP_ID = 'audit';

export function locateAuditDatabase(storage: LegacyStorage): AppDatabaseLocation {
  return locateAppDatabase(AUDIT_APP_ID, storage);
}

/**
 * Opens the audit database (SQLite file by default, MariaDB database `<prefix>audit` with
 * MYSQL_URL), creating the database and its tables if they are missing.
 */
export async function openAuditStore(storage: LegacyStorage, options: { poolMax?: number } = {}): Promise<AuditStore> {
  const location = locateAuditDatabase(storage);
  await ensureAppDatabase(location);
  return location.client === 'sqlite' ? openSqliteAuditStore(location) : openMysqlAuditStore(location, options.poolMax);
}
