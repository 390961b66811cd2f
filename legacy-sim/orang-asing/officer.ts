/**
 * The foreign residents' register from the command line (the lead wires it as
 * `npm run orang-asing:officer`):
 *   orang-asing:officer -- show <PASPOR>
 *   orang-asing:officer -- ending <YYYY-MM-DD>                 permits ending by then
 *   orang-asing:officer -- extend <PASPOR> <NO_IZIN> <YYYY-MM-DD>
 */
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { loadSimConfig } from '../config';
import { extendPermit, permitsEndingBy, showForeigner } from './back-office';

const USAGE = 'usage: orang-asing:officer show <PASPOR> | ending <YYYY-MM-DD> | extend <PASPOR> <NO_IZIN> <YYYY-MM-DD>';

async function main(): Promise<void> {
  const [command, key, ...rest] = process.argv.slice(2);
  const db = openAppDatabase(locateAppDatabase('orang-asing', loadSimConfig().storage), { mustExist: true });
  try {
    if (command === 'show') console.log((await showForeigner(db, key ?? '')) ?? `No registration for ${key}`);
    else if (command === 'ending') console.table(await permitsEndingBy(db, key ?? ''));
    else if (command === 'extend' && rest.length === 2) console.log(await extendPermit(db, key ?? '', rest[0]!, rest[1]!));
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
