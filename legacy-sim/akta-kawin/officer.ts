/**
 * The marriage registry's back office from the command line (the lead wires it as `npm run akta-kawin:officer`):
 *   akta-kawin:officer -- sample [n]
 *   akta-kawin:officer -- show <NIK>
 *   akta-kawin:officer -- correct <NO_AKTA_KWN> NAMA_ISTRI="..." TMPT_KWN=...
 */
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { loadSimConfig } from '../config';
import { correctMarriageDeed, marriageDeedsOf, sampleMarriageDeeds } from './back-office';

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

async function main(): Promise<void> {
  const [command, key, ...rest] = process.argv.slice(2);
  const db = openAppDatabase(locateAppDatabase('akta-kawin', loadSimConfig().storage), { mustExist: true });
  try {
    if (command === 'sample') console.table(await sampleMarriageDeeds(db, Number(key ?? 5)));
    else if (command === 'show') console.table(await marriageDeedsOf(db, key ?? ''));
    else if (command === 'correct') {
      await correctMarriageDeed(db, key ?? '', assignments(rest));
      console.table(await db('CAPIL_KAWIN').where({ NO_AKTA_KWN: key }));
    } else {
      console.error('usage: akta-kawin:officer sample [n] | show <NIK> | correct <NO_AKTA_KWN> COL=VALUE...');
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
