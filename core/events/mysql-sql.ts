import { createPool, type Pool, type PoolConnection, type PoolOptions, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';
import { BUSY_ATTEMPTS, busyPause, sleep, type OutboxSql as EventSql, type OutboxSqlSession as EventSqlSession, type Row } from '@core/outbox/sql';
import { mysqlConnection } from '@core/sql/app-database';
import { MYSQL_SCHEMA } from './schema';

/** Another transaction got in the way: roll back and run the whole transaction again. */
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

function session(connection: Pool | PoolConnection): EventSqlSession {
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
 * The event log on MariaDB/MySQL: its own database (`<prefix>events_<flow>`) and a small pool,
 * shared by every replica that publishes or consumes. As core/outbox/mysql-sql.ts, with this
 * database's tables.
 */
export async function openMysqlEventSql(serverUrl: string, database: string, poolMax = 4): Promise<EventSql> {
  const pool: Pool = createPool({ ...(mysqlConnection(serverUrl, database) as PoolOptions), connectionLimit: poolMax, maxIdle: poolMax });
  try {
    for (const ddl of MYSQL_SCHEMA) await pool.query(ddl);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const direct = session(pool);
  let closed = false;
  const open = () => {
    if (closed) throw new Error('the event store is closed');
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
