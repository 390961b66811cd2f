/**
 * The move-out desk from the command line, as the Dinas's officers use the old application (the
 * lead wires it as `npm run pindah-keluar:officer`):
 *   pindah-keluar:officer -- latest [n]
 *   pindah-keluar:officer -- nik <NIK>
 *   pindah-keluar:officer -- show <NO_SKPWNI>
 *   pindah-keluar:officer -- cancel <NO_SKPWNI>     (TERBIT -> BATAL)
 */
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { loadSimConfig } from '../config';
import { cancelLetter, lettersOfResident, newestLetters, showLetter } from './back-office';
import type { Letter } from './letters';

const USAGE = 'usage: pindah-keluar:officer latest [n] | nik <NIK> | show <NO_SKPWNI> | cancel <NO_SKPWNI>';

function flat({ row, niks }: Letter): Record<string, unknown> {
  return { ...row, anggota: niks.join(' ') };
}

async function main(): Promise<void> {
  const [command, key] = process.argv.slice(2);
  const db = openAppDatabase(locateAppDatabase('pindah-keluar', loadSimConfig().storage), { mustExist: true });
  try {
    if (command === 'latest') console.table((await newestLetters(db, Number(key ?? 10))).map(flat));
    else if (command === 'nik') console.table((await lettersOfResident(db, key ?? '')).map(flat));
    else if (command === 'show') {
      const letter = await showLetter(db, key ?? '');
      console.log(letter ? flat(letter) : `No letter ${key}`);
    } else if (command === 'cancel') console.log(flat(await cancelLetter(db, key ?? '')));
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
