/**
 * The archive's back office from the command line (the lead wires it as `npm run arsip:officer`):
 *   arsip:officer -- nik <NIK>          the documents of a resident
 *   arsip:officer -- show <ID_ARSIP>    one row, and where its file is
 *   arsip:officer -- damage <ID_ARSIP>  change a byte of its file (a disk fault, for demos)
 */
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { loadSimConfig } from '../config';
import { damageFile, documentsOfOwner, pathOf, showDocument } from './back-office';

const USAGE = 'usage: arsip:officer nik <NIK> | show <ID_ARSIP> | damage <ID_ARSIP>';

async function main(): Promise<void> {
  const [command, key] = process.argv.slice(2);
  const { storage } = loadSimConfig();
  const db = openAppDatabase(locateAppDatabase('arsip', storage), { mustExist: true });
  try {
    if (command === 'nik') console.table(await documentsOfOwner(db, key ?? ''));
    else if (command === 'show') {
      const row = await showDocument(db, key ?? '');
      console.log(row ? { ...row, file: pathOf(storage, row) } : `No document ${key}`);
    } else if (command === 'damage') console.log(`changed ${await damageFile(db, storage, key ?? '')}`);
    else {
      console.error(USAGE);
      process.exitCode = 2;
    }
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
