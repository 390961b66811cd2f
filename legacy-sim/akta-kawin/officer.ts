/**
 * The marriage registry's back office from the command line (the lead wires it as `npm run akta-kawin:officer`):
 *   akta-kawin:officer -- sample [n]
 *   akta-kawin:officer -- show <NIK>
 *   akta-kawin:officer -- correct <NO_AKTA_KWN> NAMA_ISTRI="..." TMPT_KWN=...
 */
import { correctMarriageDeed, marriageDeedsOf, sampleMarriageDeeds } from './back-office';
import { runOfficerCli } from '../base/officer-cli';

function assignments(args: string[]): Record<string, string | null> {
  const changes: Record<string, string | null> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new Error(`Expected COLUMN=VALUE, got "${arg}"`);
    const value = arg.slice(eq + 1);
    changes[arg.slice(0, eq).toUpperCase()] = value === 'NULL' ? null : value;
  }
  return changes;
}

runOfficerCli('akta-kawin', async (db, [command, key, ...rest]) => {
  if (command === 'sample') console.table(await sampleMarriageDeeds(db, Number(key ?? 5)));
  else if (command === 'show') console.table(await marriageDeedsOf(db, key ?? ''));
  else if (command === 'correct') {
    await correctMarriageDeed(db, key ?? '', assignments(rest));
    console.table(await db('CAPIL_KAWIN').where({ NO_AKTA_KWN: key }));
  } else {
    console.error('usage: akta-kawin:officer sample [n] | show <NIK> | correct <NO_AKTA_KWN> COL=VALUE...');
    process.exitCode = 2;
  }
});
