/**
 * The divorce registry's back office from the command line (the lead wires it as `npm run akta-cerai:officer`):
 *   akta-cerai:officer -- sample [n]
 *   akta-cerai:officer -- show <NIK>
 *   akta-cerai:officer -- correct <NO_AKTA_CRAI> NO_PUTUSAN="245/Pdt.G/2017/PN Tng" NAMA_ISTRI=...
 */
import { correctDivorceDeed, divorceDeedsOf, sampleDivorceDeeds } from './back-office';
import { CERAI_TABLE } from './schema';
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

runOfficerCli('akta-cerai', async (db, [command, key, ...rest]) => {
  if (command === 'sample') console.table(await sampleDivorceDeeds(db, Number(key ?? 5)));
  else if (command === 'show') console.table(await divorceDeedsOf(db, key ?? ''));
  else if (command === 'correct') {
    await correctDivorceDeed(db, key ?? '', assignments(rest));
    console.table(await db(CERAI_TABLE).where({ NO_AKTA_CRAI: key }));
  } else {
    console.error('usage: akta-cerai:officer sample [n] | show <NIK> | correct <NO_AKTA_CRAI> COL=VALUE...');
    process.exitCode = 2;
  }
});
