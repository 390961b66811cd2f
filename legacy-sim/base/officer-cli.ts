import type { Knex } from 'knex';
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { loadSimConfig, type SimConfig } from '../config';

/**
 * An application's officer console (`npm run <app>:officer -- <command> …`): what its own screens
 * do, on its own database (which must exist: `npm run seed` first). `act` gets the database, the
 * command line's words and the emulators' configuration (the storage, for apps that keep files
 * beside their tables; the world's regency code); it prints
 * its usage and sets exit code 2 for a command it does not know. The database is closed after,
 * and a failure is printed as its message alone, with exit code 1.
 */
export function runOfficerCli(app: string, act: (db: Knex, args: string[], config: SimConfig) => Promise<void>): void {
  const main = async () => {
    const config = loadSimConfig();
    const db = openAppDatabase(locateAppDatabase(app, config.storage), { mustExist: true });
    try {
      await act(db, process.argv.slice(2), config);
    } finally {
      await db.destroy();
    }
  };
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
