import { createPool, type Pool, type PoolConnection, type PoolOptions, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';
import { mysqlConnection } from '@core/sql/app-database';
import { BUSY_ATTEMPTS, busyPause, sleep, type OutboxSql, type OutboxSqlSession, type Row } from './sql';
import { MYSQL_SCHEMA } from './schema';

/** Another transaction got in the way: roll back and run the whole transaction again. */
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

function session(connection: Pool | PoolConnection): OutboxSqlSession {
  return {
    async select(sql, bindings) {
      const [rows] = await connection.query<RowDataPacket[]>(sql, bindings as unknown[]);
      return rows as Row[];
    },
    async run(sql, bindings) {
      const [header] = await connection.query<ResultSetHeader>(sql, bindings as unknown[]);
      return header.affectedRows;
    },
  };
}

/**
 * The outbox on MariaDB/MySQL: its own database (`<prefix>outbox_<subgraph>`), a small mysql2 pool
 * shared by the subgraph's requests and its dispatcher. Row locks do the rest: a claim is one
 * UPDATE … WHERE state = 'PENDING' AND the lease has expired, so of two replicas claiming one
 * message, the second waits for the first's row lock, re-reads the row and changes nothing.
 */
export async function openMysqlOutboxSql(serverUrl: string, database: string, poolMax = 4): Promise<OutboxSql> {
  return openMysqlStoreSql(serverUrl, database, { name: 'outbox', schema: MYSQL_SCHEMA }, poolMax);
}

/** The same pool and retry discipline for another store of Gerbang's own (the event log, core/events). */
export async function openMysqlStoreSql(serverUrl: string, database: string, shape: { name: string; schema: readonly string[] }, poolMax = 4): Promise<OutboxSql> {
  const pool: Pool = createPool({ ...(mysqlConnection(serverUrl, database) as PoolOptions), connectionLimit: poolMax, maxIdle: poolMax });
  try {
    for (const ddl of shape.schema) await pool.query(ddl);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const direct = session(pool);
  let closed = false;
  const open = () => {
    if (closed) throw new Error(`the ${shape.name} store is closed`);
  };
  return {
    dialect: 'mysql',
    insertIgnore: 'INSERT IGNORE',
    async select(sql, bindings) {
      open();
      return direct.select(sql, bindings);
    },
    async run(sql, bindings) {
      open();
      return direct.run(sql, bindings);
    },
    async transaction(work) {
      for (let attempt = 1; ; attempt += 1) {
        open();
        const connection = await pool.getConnection();
        try {
          await connection.query('START TRANSACTION');
          const result = await work(session(connection));
          await connection.query('COMMIT');
          connection.release();
          return result;
        } catch (error) {
          await connection.query('ROLLBACK').catch(() => undefined);
          // A connection in an unknown state ends with its session rather than going back to the pool.
          connection.destroy();
          const code = (error as { code?: unknown }).code;
          if (typeof code !== 'string' || !RETRYABLE.has(code) || attempt >= BUSY_ATTEMPTS) throw error;
          await sleep(busyPause(attempt));
        }
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
