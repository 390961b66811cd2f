/**
 * The outbox database's two tables, created if missing when a store opens. Times are epoch
 * milliseconds (BIGINT) from the writing process's clock: comparisons are the same on both
 * backends and need no time-zone handling.
 *
 * OUTBOX_IDEMPOTENCY: one row per (tenant, idempotency key). IN_PROGRESS while the mutation runs
 * (claimed by `claim_token` until `claim_until`, so a crashed request does not block its key
 * forever), COMPLETED with the first result once committed.
 *
 * OUTBOX_MESSAGE: one row per write to another application, inserted in the same transaction that
 * completes its idempotency row. PENDING until a dispatcher delivers it (DELIVERED) or the target
 * refuses it for good (FAILED_PERMANENTLY). A dispatcher claims a row by setting `lease_token` and
 * `lease_until`; only the holder of the lease may record the outcome.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS OUTBOX_IDEMPOTENCY (
  tenant TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  operation TEXT NOT NULL,
  principal_id TEXT,
  request_hash TEXT NOT NULL,
  state TEXT NOT NULL,
  claim_token TEXT,
  claim_until INTEGER,
  result TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant, idem_key)
);
CREATE TABLE IF NOT EXISTS OUTBOX_MESSAGE (
  id TEXT NOT NULL PRIMARY KEY,
  tenant TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  target_app TEXT NOT NULL,
  operation TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_token TEXT,
  lease_until INTEGER,
  last_error_code TEXT,
  last_error_message TEXT,
  result TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  delivered_at INTEGER
);
CREATE INDEX IF NOT EXISTS OUTBOX_MESSAGE_DUE ON OUTBOX_MESSAGE (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS OUTBOX_MESSAGE_MUTATION ON OUTBOX_MESSAGE (tenant, idem_key, seq);
`;

export const MYSQL_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS OUTBOX_IDEMPOTENCY (
    tenant VARCHAR(40) NOT NULL,
    idem_key VARCHAR(200) NOT NULL,
    operation VARCHAR(100) NOT NULL,
    principal_id VARCHAR(200) NULL,
    request_hash CHAR(64) NOT NULL,
    state VARCHAR(16) NOT NULL,
    claim_token CHAR(36) NULL,
    claim_until BIGINT NULL,
    result MEDIUMTEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant, idem_key)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
  `CREATE TABLE IF NOT EXISTS OUTBOX_MESSAGE (
    id CHAR(36) NOT NULL PRIMARY KEY,
    tenant VARCHAR(40) NOT NULL,
    idem_key VARCHAR(200) NOT NULL,
    seq INT NOT NULL,
    target_app VARCHAR(40) NOT NULL,
    operation VARCHAR(100) NOT NULL,
    payload MEDIUMTEXT NOT NULL,
    state VARCHAR(24) NOT NULL,
    attempts INT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_token CHAR(36) NULL,
    lease_until BIGINT NULL,
    last_error_code VARCHAR(64) NULL,
    last_error_message VARCHAR(500) NULL,
    result MEDIUMTEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    delivered_at BIGINT NULL,
    KEY OUTBOX_MESSAGE_DUE (state, next_attempt_at),
    KEY OUTBOX_MESSAGE_MUTATION (tenant, idem_key, seq)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
];
