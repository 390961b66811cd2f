/**
 * The foreign residents' register from the command line (the lead wires it as
 * `npm run orang-asing:officer`):
 *   orang-asing:officer -- show <PASPOR>
 *   orang-asing:officer -- ending <YYYY-MM-DD>                 permits ending by then
 *   orang-asing:officer -- extend <PASPOR> <NO_IZIN> <YYYY-MM-DD>
 */
import { extendPermit, permitsEndingBy, showForeigner } from './back-office';
import { runOfficerCli } from '../base/officer-cli';

const USAGE = 'usage: orang-asing:officer show <PASPOR> | ending <YYYY-MM-DD> | extend <PASPOR> <NO_IZIN> <YYYY-MM-DD>';

runOfficerCli('orang-asing', async (db, [command, key, ...rest]) => {
  if (command === 'show') console.log((await showForeigner(db, key ?? '')) ?? `No registration for ${key}`);
  else if (command === 'ending') console.table(await permitsEndingBy(db, key ?? ''));
  else if (command === 'extend' && rest.length === 2) console.log(await extendPermit(db, key ?? '', rest[0]!, rest[1]!));
  else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
