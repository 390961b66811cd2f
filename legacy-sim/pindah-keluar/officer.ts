/**
 * The move-out desk from the command line, as the Dinas's officers use the old application (the
 * lead wires it as `npm run pindah-keluar:officer`):
 *   pindah-keluar:officer -- latest [n]
 *   pindah-keluar:officer -- nik <NIK>
 *   pindah-keluar:officer -- show <NO_SKPWNI>
 *   pindah-keluar:officer -- cancel <NO_SKPWNI>     (TERBIT -> BATAL)
 */
import { cancelLetter, lettersOfResident, newestLetters, showLetter } from './back-office';
import type { Letter } from './letters';
import { runOfficerCli } from '../base/officer-cli';

const USAGE = 'usage: pindah-keluar:officer latest [n] | nik <NIK> | show <NO_SKPWNI> | cancel <NO_SKPWNI>';

function flat({ row, niks }: Letter): Record<string, unknown> {
  return { ...row, anggota: niks.join(' ') };
}

runOfficerCli('pindah-keluar', async (db, [command, key]) => {
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
});
