/**
 * The audit database's tables, created if missing when a store opens.
 *
 * AUDIT_RECORD holds the records (one hash chain per tenant: UNIQUE (tenant, seq) means two writers
 * can never both extend a chain from the same head: the second insert fails and is retried on the
 * new head). AUDIT_NIK indexes them by NIK so a resident's trail is an index range on both
 * backends. Both tables are append-only:
 *  - production grants the audit writer's account INSERT and SELECT only on the audit database
 *    (MariaDB: `GRANT SELECT, INSERT ON gerbang_audit.* TO 'gerbang_audit_writer'@'%'`); readers and
 *    the verifier get SELECT only; nobody's everyday account gets UPDATE, DELETE, DROP or ALTER;
 *  - triggers refuse UPDATE and DELETE as well (defence in depth, and the only guard SQLite has);
 *  - and whatever gets past both is detected by `npm run audit -- verify`.
 */
export const RECORD_COLUMNS = [
  'tenant',
  'seq',
  'accessed_at',
  'request_id',
  'correlation_id',
  'principal_kind',
  'principal_id',
  'principal_roles',
  'principal_institution',
  'purpose',
  'operation',
  'access_kind',
  'niks',
  'prev_hash',
  'hash',
] as const;

const APPEND_ONLY = 'audit records are append-only';

export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS AUDIT_RECORD (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant TEXT NOT NULL,
  seq INTEGER NOT NULL,
  accessed_at TEXT NOT NULL,
  request_id TEXT NOT NULL,
  correlation_id TEXT,
  principal_kind TEXT NOT NULL,
  principal_id TEXT,
  principal_roles TEXT NOT NULL,
  principal_institution TEXT,
  purpose TEXT,
  operation TEXT NOT NULL,
  access_kind TEXT NOT NULL,
  niks TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (tenant, seq)
);
CREATE INDEX IF NOT EXISTS AUDIT_RECORD_TENANT_AT ON AUDIT_RECORD (tenant, accessed_at);
CREATE INDEX IF NOT EXISTS AUDIT_RECORD_PRINCIPAL ON AUDIT_RECORD (principal_id, id);
CREATE TABLE IF NOT EXISTS AUDIT_NIK (
  nik TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  PRIMARY KEY (nik, record_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS AUDIT_NIK_RECORD ON AUDIT_NIK (record_id);
CREATE TRIGGER IF NOT EXISTS AUDIT_RECORD_NO_UPDATE BEFORE UPDATE ON AUDIT_RECORD BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END;
CREATE TRIGGER IF NOT EXISTS AUDIT_RECORD_NO_DELETE BEFORE DELETE ON AUDIT_RECORD BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END;
CREATE TRIGGER IF NOT EXISTS AUDIT_NIK_NO_UPDATE BEFORE UPDATE ON AUDIT_NIK BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END;
CREATE TRIGGER IF NOT EXISTS AUDIT_NIK_NO_DELETE BEFORE DELETE ON AUDIT_NIK BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END;
`;

export const MYSQL_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS AUDIT_RECORD (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant VARCHAR(40) NOT NULL,
    seq BIGINT UNSIGNED NOT NULL,
    accessed_at CHAR(24) NOT NULL,
    request_id VARCHAR(100) NOT NULL,
    correlation_id VARCHAR(200) NULL,
    principal_kind VARCHAR(16) NOT NULL,
    principal_id VARCHAR(200) NULL,
    principal_roles TEXT NOT NULL,
    principal_institution VARCHAR(200) NULL,
    purpose VARCHAR(500) NULL,
    operation VARCHAR(200) NOT NULL,
    access_kind VARCHAR(8) NOT NULL,
    niks MEDIUMTEXT NOT NULL,
    prev_hash CHAR(64) NOT NULL,
    hash CHAR(64) NOT NULL,
    UNIQUE KEY AUDIT_RECORD_CHAIN (tenant, seq),
    KEY AUDIT_RECORD_TENANT_AT (tenant, accessed_at),
    KEY AUDIT_RECORD_PRINCIPAL (principal_id, id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
  `CREATE TABLE IF NOT EXISTS AUDIT_NIK (
    nik CHAR(16) NOT NULL,
    record_id BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (nik, record_id),
    KEY AUDIT_NIK_RECORD (record_id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
  ...['AUDIT_RECORD', 'AUDIT_NIK'].flatMap((table) =>
    ['UPDATE', 'DELETE'].map(
      (event) =>
        `CREATE TRIGGER IF NOT EXISTS ${table}_NO_${event} BEFORE ${event} ON ${table} FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${APPEND_ONLY}'`,
    ),
  ),
];
