/**
 * The archive's back office from the command line (the lead wires it as `npm run arsip:officer`):
 *   arsip:officer -- nik <NIK>          the documents of a resident
 *   arsip:officer -- show <ID_ARSIP>    one row, and where its file is
 *   arsip:officer -- damage <ID_ARSIP>  change a byte of its file (a disk fault, for demos)
 */
import { damageFile, documentsOfOwner, pathOf, showDocument } from './back-office';
import { runOfficerCli } from '../base/officer-cli';

const USAGE = 'usage: arsip:officer nik <NIK> | show <ID_ARSIP> | damage <ID_ARSIP>';

runOfficerCli('arsip', async (db, [command, key], { storage }) => {
  if (command === 'nik') console.table(await documentsOfOwner(db, key ?? ''));
  else if (command === 'show') {
    const row = await showDocument(db, key ?? '');
    console.log(row ? { ...row, file: pathOf(storage, row) } : `No document ${key}`);
  } else if (command === 'damage') console.log(`changed ${await damageFile(db, storage, key ?? '')}`);
  else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
