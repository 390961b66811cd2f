import type { Knex } from 'knex';
import type { LegacyStorage } from '@core/config/shared';
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';

/** A server that keeps the app's database open across stop/restart, and closes both for good. */
export type WithOwnDatabase<S> = S & {
  /** Stops the server for good and closes the database. */
  close(): Promise<void>;
};

/**
 * How every REST and SOAP emulator runs over its own database (provisioned by its SqlEmulator):
 * open it, start the server on it, and close both together. The database stays open while the
 * server is stopped and restarted by failure tests.
 */
export async function startOverOwnDatabase<S extends { stop(): Promise<void> }>(app: string, storage: LegacyStorage, start: (db: Knex) => Promise<S>): Promise<WithOwnDatabase<S>> {
  const db = openAppDatabase(locateAppDatabase(app, storage), { mustExist: true, poolMax: 5 });
  try {
    const server = await start(db);
    return Object.assign(server, {
      async close() {
        await server.stop();
        await db.destroy();
      },
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
