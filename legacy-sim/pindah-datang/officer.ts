/**
 * The move-in desk from the command line, as the Dinas's officers use the old application (the
 * lead wires it as `npm run pindah-datang:officer`):
 *   pindah-datang:officer -- latest [n]
 *   pindah-datang:officer -- nik <NIK>
 */
import { arrivalsByNik, listArrivals, type Arrival } from './arrivals';
import { runOfficerCli } from '../base/officer-cli';

const USAGE = 'usage: pindah-datang:officer latest [n] | nik <NIK>';

function flat({ row, niks, letter }: Arrival): Record<string, unknown> {
  return { ...row, datang: niks.join(' '), asal: letter?.kode_wil_asal ?? '' };
}

runOfficerCli('pindah-datang', async (db, [command, key]) => {
  if (command === 'latest') console.table((await listArrivals(db, { offset: 0, limit: Number(key ?? 10) })).arrivals.map(flat));
  else if (command === 'nik') console.table((await arrivalsByNik(db, [key ?? ''])).map(flat));
  else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
