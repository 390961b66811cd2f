import type { OutboxSql } from '@core/outbox/sql';
/**
 * The notifications' own database, `delivery-notifications` (beside the delivery subgraph's outbox;
 * never inside the gateway application, which belongs to its vendor). Created if missing when the
 * store opens. Times are epoch milliseconds from the writing process's clock, as the outbox's.
 *
 * NOTIFICATION: one row per notification, keyed by its gateway reference (one per status change,
 * per channel). Written BEFORE the send (PREPARED), so that the delivery reports of a message whose
 * sender crashed right after the gateway accepted it still find their row; the message id and the
 * gateway's status follow. No phone number and no text: the gateway keeps those, and a copy here
 * would be one more place holding personal data.
 *
 * NOTIFICATION_REPORT: the gateway's delivery reports of our messages, each once (keyed by the
 * report feed's cursor, which is unique per report).
 *
 * NOTIFICATION_FEED: where the report follower stands in the gateway's feed, and the lease that
 * keeps one replica following it at a time.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS NOTIFICATION (
  reference TEXT NOT NULL PRIMARY KEY,
  tenant TEXT NOT NULL,
  event_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  request_status TEXT NOT NULL,
  applicant_nik TEXT,
  channel TEXT NOT NULL,
  message_id TEXT,
  delivery_status TEXT NOT NULL,
  failure TEXT,
  read_flag INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS NOTIFICATION_REQUEST ON NOTIFICATION (request_id);
CREATE TABLE IF NOT EXISTS NOTIFICATION_REPORT (
  report_cursor TEXT NOT NULL PRIMARY KEY,
  reference TEXT NOT NULL,
  message_id TEXT NOT NULL,
  status TEXT,
  failure TEXT,
  read_flag INTEGER NOT NULL DEFAULT 0,
  reported_at TEXT,
  source TEXT,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS NOTIFICATION_REPORT_REFERENCE ON NOTIFICATION_REPORT (reference);
CREATE TABLE IF NOT EXISTS NOTIFICATION_FEED (
  name TEXT NOT NULL PRIMARY KEY,
  feed_cursor TEXT,
  lease_token TEXT,
  lease_until INTEGER,
  updated_at INTEGER NOT NULL
);
`;

export const MYSQL_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS NOTIFICATION (
    reference VARCHAR(32) NOT NULL PRIMARY KEY,
    tenant VARCHAR(40) NOT NULL,
    event_id VARCHAR(200) NOT NULL,
    request_id VARCHAR(200) NOT NULL,
    request_status VARCHAR(24) NOT NULL,
    applicant_nik VARCHAR(16) NULL,
    channel VARCHAR(10) NOT NULL,
    message_id VARCHAR(40) NULL,
    delivery_status VARCHAR(16) NOT NULL,
    failure VARCHAR(32) NULL,
    read_flag TINYINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    KEY NOTIFICATION_REQUEST (request_id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
  `CREATE TABLE IF NOT EXISTS NOTIFICATION_REPORT (
    report_cursor VARCHAR(60) NOT NULL PRIMARY KEY,
    reference VARCHAR(32) NOT NULL,
    message_id VARCHAR(40) NOT NULL,
    status VARCHAR(16) NULL,
    failure VARCHAR(32) NULL,
    read_flag TINYINT NOT NULL DEFAULT 0,
    reported_at VARCHAR(40) NULL,
    source VARCHAR(20) NULL,
    recorded_at BIGINT NOT NULL,
    KEY NOTIFICATION_REPORT_REFERENCE (reference)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
  `CREATE TABLE IF NOT EXISTS NOTIFICATION_FEED (
    name VARCHAR(40) NOT NULL PRIMARY KEY,
    feed_cursor VARCHAR(60) NULL,
    lease_token CHAR(36) NULL,
    lease_until BIGINT NULL,
    updated_at BIGINT NOT NULL
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
];

/**
 * A database made before these columns changed gets them: `applicant_nik` (who a notice is for:
 * the row rules of ServiceRequest.notifications; older rows stay NULL and are shown to
 * administrators only) and a `request_status` wide enough for a courier order's statuses.
 * Replicas starting at once may both try: a column another one added meanwhile is fine.
 */
export async function migrateNotificationTables(sql: OutboxSql): Promise<void> {
  const alter = async (statement: string, done: () => Promise<boolean>) => {
    if (await done()) return;
    await sql.run(statement, []).catch(async (error: unknown) => {
      if (!(await done())) throw error;
    });
  };
  if (sql.dialect === 'sqlite') {
    const hasNik = async () => (await sql.select('PRAGMA table_info(NOTIFICATION)', [])).some((c) => c.name === 'applicant_nik');
    await alter('ALTER TABLE NOTIFICATION ADD COLUMN applicant_nik TEXT', hasNik);
    return;
  }
  const column = async (name: string) => (await sql.select("SELECT CHARACTER_MAXIMUM_LENGTH AS width FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'NOTIFICATION' AND COLUMN_NAME = ?", [name]))[0];
  await alter('ALTER TABLE NOTIFICATION ADD COLUMN applicant_nik VARCHAR(16) NULL AFTER request_status', async () => !!(await column('applicant_nik')));
  await alter('ALTER TABLE NOTIFICATION MODIFY request_status VARCHAR(24) NOT NULL', async () => Number((await column('request_status'))?.width ?? 0) >= 24);
}
