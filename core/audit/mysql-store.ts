import { createHash } from 'node:crypto';
import { createPool, type Pool, type PoolConnection, type PoolOptions, type RowDataPacket } from 'mysql2/promise';
import { mysqlConnection, type AppDatabaseLocation } from '@core/sql/app-database';
import { isNikSubject, type AuditContent, type AuditRecord } from './record';
import { MYSQL_SCHEMA, RECORD_COLUMNS } from './schema';
import { chainAfter, HEAD_SQL, MAX_ATTEMPTS, recordValues, sleep, type AuditStore, type AuditStoreStats, type ChainHead } from './store';

/** Errors that mean "another writer got there first": retry the whole batch on the new heads. */
const RETRYABLE = new Set(['ER_DUP_ENTRY', 'ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
/** Seconds a batch waits for the writer lock held by another process before failing. */
const LOCK_WAIT_S = 10;

/**
 * The MariaDB/MySQL audit store: database `<prefix>audit`, a small mysql2 pool.
 *
 * Writers serialise on a named lock (`GET_LOCK`, one per audit database) taken before the
 * transaction and released after COMMIT, so the next writer's first read already sees this
 * writer's records. A named lock rather than `SELECT … FOR UPDATE` on the last record: it needs no
 * privilege beyond INSERT/SELECT (MySQL 8 requires UPDATE for locking reads), and it has no gap-lock
 * deadlocks when a tenant's chain is still empty. Should the lock ever be bypassed (a lock wait
 * timing out, a writer of another version), UNIQUE (tenant, seq) still refuses a fork: the losing
 * batch fails with a duplicate key, rolls back and is retried on the new head.
 */
export async function openMysqlAuditStore(location: Extract<AppDatabaseLocation, { client: 'mysql' }>, poolMax = 4): Promise<AuditStore> {
  const pool: Pool = createPool({ ...(mysqlConnection(location.serverUrl, location.database) as PoolOptions), connectionLimit: poolMax, maxIdle: poolMax });
  try {
    for (const ddl of MYSQL_SCHEMA) await pool.query(ddl);
  } catch (error) {
    await pool.end();
    throw error;
  }
  // GET_LOCK names are at most 64 characters and global to the server.
  const lockName = `gerbang_audit_${createHash('sha256').update(location.database).digest('hex').slice(0, 40)}`;
  const insertRecords = `INSERT INTO AUDIT_RECORD (${RECORD_COLUMNS.join(', ')}) VALUES ?`;
  const stats: AuditStoreStats = { transactions: 0, records: 0, retries: 0 };
  let closed = false;

  async function writeOnce(connection: PoolConnection, contents: readonly AuditContent[]): Promise<AuditRecord[]> {
    const [locked] = await connection.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS got', [lockName, LOCK_WAIT_S]);
    if (Number(locked[0]?.got) !== 1) throw Object.assign(new Error(`the audit writer lock was not free within ${LOCK_WAIT_S} s`), { code: 'ER_LOCK_WAIT_TIMEOUT' });
    try {
      await connection.query('START TRANSACTION');
      try {
        const heads = new Map<string, ChainHead>();
        const tenants = [...new Set(contents.map((c) => c.tenant))];
        for (const tenant of tenants) {
          const [rows] = await connection.query<RowDataPacket[]>(HEAD_SQL, [tenant]);
          if (rows[0]) heads.set(tenant, { seq: Number(rows[0].seq), hash: String(rows[0].hash) });
        }
        const first = new Map(tenants.map((t) => [t, (heads.get(t)?.seq ?? 0) + 1]));
        const records = chainAfter(contents, heads);
        await connection.query(insertRecords, [records.map(recordValues)]);
        // Ids by (tenant, seq): multi-row inserts get consecutive ids only in some auto-increment lock modes.
        const ids = new Map<string, number>();
        for (const tenant of tenants) {
          const [rows] = await connection.query<RowDataPacket[]>('SELECT id, seq FROM AUDIT_RECORD WHERE tenant = ? AND seq BETWEEN ? AND ?', [tenant, first.get(tenant), heads.get(tenant)!.seq]);
          for (const row of rows) ids.set(`${tenant}\n${Number(row.seq)}`, Number(row.id));
        }
        const stored = records.map((record) => ({ id: ids.get(`${record.tenant}\n${record.seq}`)!, ...record }));
        // Only residents' NIKs are indexed for their trail (a batch of foreign residents has none).
        const indexed = stored.flatMap((r) => r.niks.filter(isNikSubject).map((nik) => [nik, r.id]));
        if (indexed.length > 0) await connection.query('INSERT INTO AUDIT_NIK (nik, record_id) VALUES ?', [indexed]);
        await connection.query('COMMIT');
        return stored;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      await connection.query('SELECT RELEASE_LOCK(?)', [lockName]).catch(() => undefined);
    }
  }

  return {
    location,
    stats,
    async appendBatch(contents) {
      for (let attempt = 1; ; attempt += 1) {
        if (closed) throw new Error('the audit store is closed');
        const connection = await pool.getConnection();
        try {
          const records = await writeOnce(connection, contents);
          connection.release();
          stats.transactions += 1;
          stats.records += records.length;
          return records;
        } catch (error) {
          // A connection in an unknown state (and any lock it holds) ends with its session.
          connection.destroy();
          const code = (error as { code?: unknown }).code;
          if (typeof code !== 'string' || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
          stats.retries += 1;
          await sleep(Math.min(200, 2 ** attempt) + Math.random() * 5);
        }
      }
    },
    async select(sql, bindings) {
      if (closed) throw new Error('the audit store is closed');
      const [rows] = await pool.query<RowDataPacket[]>(sql, bindings as unknown[]);
      return rows as Record<string, unknown>[];
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
