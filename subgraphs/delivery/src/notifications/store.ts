import type { LegacyStorage } from '@core/config/shared';
import { openMysqlStoreSql } from '@core/outbox/mysql-sql';
import type { OutboxSql, Row } from '@core/outbox/sql';
import { openSqliteStoreSql } from '@core/outbox/sqlite-sql';
import { ensureAppDatabase, locateAppDatabase, type AppDatabaseLocation } from '@core/sql/app-database';
import type { DeliveryReport, NotificationChannel, NotificationFailure, NotificationStatus } from '@adapters/notifikasi';
import { migrateNotificationTables, MYSQL_SCHEMA, SQLITE_SCHEMA } from './schema';

/** The app id of the notifications' database (schema.ts): `var/legacy/delivery-notifications.sqlite` or `<prefix>delivery_notifications`. */
export const NOTIFICATIONS_APP_ID = 'delivery-notifications';

/** PREPARED: recorded, not (yet known to be) accepted; NOT_SENT: nobody to send to (no mobile number on the family card). */
export type NotificationState = 'PREPARED' | NotificationStatus | 'NOT_SENT';

export interface NotificationRecord {
  reference: string;
  tenant: string;
  eventId: string;
  requestId: string;
  /** The request's status told of; for a courier order's change (eventId 'ojol:…'), the courier order's status. */
  requestStatus: string;
  /** Who it is for (null on rows from before it was kept). */
  applicantNik: string | null;
  channel: NotificationChannel;
  messageId: string | null;
  state: NotificationState;
  failure: NotificationFailure | 'NO_PHONE' | null;
  read: boolean;
  /** When it was recorded, ms since the epoch. */
  createdAt: number;
}

/** Order of the gateway's statuses: a late answer never takes a notification back (QUEUED after DELIVERED). */
const RANK: Record<string, number> = { PREPARED: 0, QUEUED: 1, SENT: 2, DELIVERED: 3, FAILED: 3, NOT_SENT: 3 };

export function locateNotificationsDatabase(storage: LegacyStorage): AppDatabaseLocation {
  return locateAppDatabase(NOTIFICATIONS_APP_ID, storage);
}

export async function openNotificationStore(storage: LegacyStorage, options: { poolMax?: number } = {}): Promise<NotificationStore> {
  const location = locateNotificationsDatabase(storage);
  await ensureAppDatabase(location);
  const sql = location.client === 'sqlite'
    ? await openSqliteStoreSql(location.file, { name: 'notification', schema: SQLITE_SCHEMA, busyAttempts: 40 })
    : await openMysqlStoreSql(location.serverUrl, location.database, { name: 'notification', schema: MYSQL_SCHEMA }, options.poolMax);
  await migrateNotificationTables(sql);
  return new NotificationStore(sql);
}

/** Every statement the notifications run, in SQL both backends accept (the outbox's connection discipline). */
export class NotificationStore {
  constructor(private readonly sql: OutboxSql) {}

  /** Records a notification about to be sent; a second call for the same reference changes nothing. */
  async prepare(record: Omit<NotificationRecord, 'messageId' | 'state' | 'failure' | 'read' | 'createdAt'>, now = Date.now()): Promise<void> {
    await this.sql.run(
      `${this.sql.insertIgnore} INTO NOTIFICATION (reference, tenant, event_id, request_id, request_status, applicant_nik, channel, message_id, delivery_status, failure, read_flag, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'PREPARED', NULL, 0, ?, ?)`,
      [record.reference, record.tenant, record.eventId, record.requestId, record.requestStatus, record.applicantNik, record.channel, now, now],
    );
  }

  /** The gateway's answer to the send: its message id, and its status unless a report already moved it further. */
  async accepted(reference: string, messageId: string, status: NotificationStatus | null, failure: NotificationFailure | null, now = Date.now()): Promise<void> {
    await this.sql.run('UPDATE NOTIFICATION SET message_id = ?, updated_at = ? WHERE reference = ?', [messageId, now, reference]);
    if (status) await this.advance(reference, status, failure, false, now);
  }

  /** Nobody could be notified (no mobile number): recorded, so that operators see why. */
  async notSent(reference: string, now = Date.now()): Promise<void> {
    await this.sql.run("UPDATE NOTIFICATION SET delivery_status = 'NOT_SENT', failure = 'NO_PHONE', updated_at = ? WHERE reference = ? AND delivery_status = 'PREPARED'", [now, reference]);
  }

  /**
   * Records the reports of our messages (others, e.g. the older applications', are skipped), each
   * once, and moves each notification's status on. Returns the reports that were ours.
   */
  async recordReports(reports: readonly DeliveryReport[], now = Date.now()): Promise<DeliveryReport[]> {
    const references = [...new Set(reports.map((r) => r.reference).filter((r): r is string => !!r))];
    if (references.length === 0) return [];
    const known = new Set(
      (await this.sql.select(`SELECT reference FROM NOTIFICATION WHERE reference IN (${references.map(() => '?').join(', ')})`, references)).map((r) => String(r.reference)),
    );
    const ours = reports.filter((r) => r.reference && known.has(r.reference));
    for (const report of ours) {
      const inserted = await this.sql.run(
        `${this.sql.insertIgnore} INTO NOTIFICATION_REPORT (report_cursor, reference, message_id, status, failure, read_flag, reported_at, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [report.cursor, report.reference, report.messageId, report.status, report.failure, report.read ? 1 : 0, report.at, report.source, now],
      );
      if (inserted === 1 && report.status) await this.advance(report.reference!, report.status, report.failure, report.read, now);
      if (inserted === 1 && !report.status && report.read) await this.sql.run('UPDATE NOTIFICATION SET read_flag = 1, updated_at = ? WHERE reference = ?', [now, report.reference]);
    }
    return ours;
  }

  private async advance(reference: string, status: NotificationStatus, failure: NotificationFailure | null, read: boolean, now: number): Promise<void> {
    // Only forward: states ranked at or below the new one's (a staff's settlement may override a report of the same rank).
    const lower = Object.entries(RANK).filter(([, rank]) => rank <= RANK[status]!).map(([state]) => state);
    await this.sql.run(
      `UPDATE NOTIFICATION SET delivery_status = ?, failure = ?, read_flag = CASE WHEN ? = 1 THEN 1 ELSE read_flag END, updated_at = ? WHERE reference = ? AND delivery_status IN (${lower.map(() => '?').join(', ')})`,
      [status, failure, read ? 1 : 0, now, reference, ...lower],
    );
  }

  async notification(reference: string): Promise<NotificationRecord | undefined> {
    const rows = await this.sql.select('SELECT * FROM NOTIFICATION WHERE reference = ?', [reference]);
    return rows[0] && recordFromRow(rows[0]);
  }

  /** A request's notifications, oldest first. */
  async notificationsOf(requestId: string): Promise<NotificationRecord[]> {
    return (await this.sql.select('SELECT * FROM NOTIFICATION WHERE request_id = ? ORDER BY created_at, reference', [requestId])).map(recordFromRow);
  }

  /** Per request id, the tenant's notifications about it, oldest first (one statement for a page of requests). */
  async notificationsOfRequests(tenant: string, requestIds: readonly string[]): Promise<Map<string, NotificationRecord[]>> {
    const ids = [...new Set(requestIds)];
    const out = new Map<string, NotificationRecord[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = await this.sql.select(`SELECT * FROM NOTIFICATION WHERE tenant = ? AND request_id IN (${ids.map(() => '?').join(', ')}) ORDER BY created_at, reference`, [tenant, ...ids]);
    for (const row of rows) out.get(String(row.request_id))?.push(recordFromRow(row));
    return out;
  }

  async reportsOf(reference: string): Promise<Array<{ cursor: string; status: string | null; failure: string | null; read: boolean }>> {
    const rows = await this.sql.select('SELECT report_cursor, status, failure, read_flag FROM NOTIFICATION_REPORT WHERE reference = ? ORDER BY recorded_at, report_cursor', [reference]);
    return rows.map((r) => ({ cursor: String(r.report_cursor), status: r.status == null ? null : String(r.status), failure: r.failure == null ? null : String(r.failure), read: Number(r.read_flag) === 1 }));
  }

  // --- the report feed's position and lease ----------------------------------------------------

  /**
   * Takes (or renews) the lease on following feed `name`: one conditional UPDATE, so that of
   * several replicas exactly one follows it. Returns the stored cursor (null: never followed) or
   * undefined when another process holds the lease.
   */
  async claimFeed(name: string, token: string, until: number, now = Date.now()): Promise<{ cursor: string | null } | undefined> {
    await this.sql.run(`${this.sql.insertIgnore} INTO NOTIFICATION_FEED (name, feed_cursor, lease_token, lease_until, updated_at) VALUES (?, NULL, NULL, NULL, ?)`, [name, now]);
    const changed = await this.sql.run(
      'UPDATE NOTIFICATION_FEED SET lease_token = ?, lease_until = ?, updated_at = ? WHERE name = ? AND (lease_token IS NULL OR lease_token = ? OR lease_until < ?)',
      [token, until, now, name, token, now],
    );
    if (changed !== 1) return undefined;
    const rows = await this.sql.select('SELECT feed_cursor FROM NOTIFICATION_FEED WHERE name = ?', [name]);
    return { cursor: rows[0]?.feed_cursor == null ? null : String(rows[0].feed_cursor) };
  }

  /** Moves the feed's cursor; false when the lease was lost (another process follows it now). */
  async moveFeed(name: string, token: string, cursor: string, now = Date.now()): Promise<boolean> {
    return (await this.sql.run('UPDATE NOTIFICATION_FEED SET feed_cursor = ?, updated_at = ? WHERE name = ? AND lease_token = ?', [cursor, now, name, token])) === 1;
  }

  async releaseFeed(name: string, token: string): Promise<void> {
    await this.sql.run('UPDATE NOTIFICATION_FEED SET lease_token = NULL, lease_until = NULL WHERE name = ? AND lease_token = ?', [name, token]);
  }

  async close(): Promise<void> {
    await this.sql.close();
  }
}

function recordFromRow(row: Row): NotificationRecord {
  const text = (value: unknown) => (value == null ? null : String(value));
  return {
    reference: String(row.reference),
    tenant: String(row.tenant),
    eventId: String(row.event_id),
    requestId: String(row.request_id),
    requestStatus: String(row.request_status),
    applicantNik: text(row.applicant_nik),
    channel: String(row.channel) as NotificationChannel,
    messageId: text(row.message_id),
    state: String(row.delivery_status) as NotificationState,
    failure: text(row.failure) as NotificationRecord['failure'],
    read: Number(row.read_flag) === 1,
    createdAt: Number(row.created_at),
  };
}
