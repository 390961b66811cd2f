/**
 * The event database's tables (`events-<flow>`), created if missing when a store opens. Times are
 * epoch milliseconds (BIGINT) from the writing process's clock, as in the outbox.
 *
 * EVENT_LOG: the append-only log. `seq` is assigned by the store under the EVENT_SEQUENCE row's
 * lock, so sequence order is commit order: a reader that sees event N has already been able to see
 * every event before it (no gap a cursor could skip). `id` is unique: publishing an id again
 * records nothing.
 *
 * EVENT_SEQUENCE: one row ('log') holding the last sequence given out; its row lock serialises
 * appends on MariaDB (on SQLite, BEGIN IMMEDIATE already does).
 *
 * EVENT_CURSOR: one row per subscription: the last sequence it acknowledged, and the lease of the
 * process handling it now (one at a time, so two replicas never handle one event together).
 *
 * EVENT_HANDLED: for RabbitMQ subscriptions, which event ids a subscription has handled (or is
 * handling, under a claim), so a redelivery after a crash is acknowledged without a second effect.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS EVENT_LOG (
  seq INTEGER NOT NULL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  event_key TEXT NOT NULL,
  type TEXT NOT NULL,
  tenant TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  payload TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS EVENT_LOG_KEY ON EVENT_LOG (event_key, seq);
CREATE TABLE IF NOT EXISTS EVENT_SEQUENCE (
  name TEXT NOT NULL PRIMARY KEY,
  last_seq INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT OR IGNORE INTO EVENT_SEQUENCE (name, last_seq, updated_at) VALUES ('log', 0, 0);
CREATE TABLE IF NOT EXISTS EVENT_CURSOR (
  subscription TEXT NOT NULL PRIMARY KEY,
  position INTEGER NOT NULL,
  lease_token TEXT,
  lease_until INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS EVENT_HANDLED (
  subscription TEXT NOT NULL,
  event_id TEXT NOT NULL,
  claim_token TEXT,
  claim_until INTEGER,
  handled_at INTEGER,
  PRIMARY KEY (subscription, event_id)
);
`;

export const MYSQL_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS EVENT_LOG (
    seq BIGINT NOT NULL PRIMARY KEY,
    id VARCHAR(200) NOT NULL,
    event_key VARCHAR(200) NOT NULL,
    type VARCHAR(100) NOT NULL,
    tenant VARCHAR(40) NOT NULL,
    occurred_at VARCHAR(30) NOT NULL,
    payload MEDIUMTEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    UNIQUE KEY EVENT_LOG_ID (id),
    KEY EVENT_LOG_KEY (event_key, seq)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
  `CREATE TABLE IF NOT EXISTS EVENT_SEQUENCE (
    name VARCHAR(40) NOT NULL PRIMARY KEY,
    last_seq BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
  `INSERT IGNORE INTO EVENT_SEQUENCE (name, last_seq, updated_at) VALUES ('log', 0, 0)`,
  `CREATE TABLE IF NOT EXISTS EVENT_CURSOR (
    subscription VARCHAR(100) NOT NULL PRIMARY KEY,
    position BIGINT NOT NULL,
    lease_token CHAR(36) NULL,
    lease_until BIGINT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
  `CREATE TABLE IF NOT EXISTS EVENT_HANDLED (
    subscription VARCHAR(100) NOT NULL,
    event_id VARCHAR(200) NOT NULL,
    claim_token CHAR(36) NULL,
    claim_until BIGINT NULL,
    handled_at BIGINT NULL,
    PRIMARY KEY (subscription, event_id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
];
