/**
 * The print queue's back office from the command line, as the print room and counter staff use
 * the old application (the lead wires it as `npm run ktp-cetak:officer`):
 *   ktp-cetak:officer -- queue [ANTRI|CETAK|SIAP_AMBIL|DIAMBIL|GAGAL] [n]
 *   ktp-cetak:officer -- nik <NIK>
 *   ktp-cetak:officer -- show <NO_CETAK>
 *   ktp-cetak:officer -- print <NO_CETAK>        (ANTRI -> CETAK)
 *   ktp-cetak:officer -- ready <NO_CETAK>        (CETAK -> SIAP_AMBIL)
 *   ktp-cetak:officer -- collect <NO_CETAK>      (SIAP_AMBIL -> DIAMBIL)
 *   ktp-cetak:officer -- fail <NO_CETAK> "<why>" (ANTRI/CETAK -> GAGAL)
 *   ktp-cetak:officer -- requeue <NO_CETAK>      (GAGAL -> ANTRI)
 */
import { currentStatus, jobsOfResident, moveJob, queue, showJob } from './back-office';
import type { StatusCetak } from './schema';
import { runOfficerCli } from '../base/officer-cli';

const MOVES: Record<string, StatusCetak> = { print: 'CETAK', ready: 'SIAP_AMBIL', collect: 'DIAMBIL', fail: 'GAGAL', requeue: 'ANTRI' };
const USAGE = 'usage: ktp-cetak:officer queue [status] [n] | nik <NIK> | show <NO_CETAK> | print|ready|collect|requeue <NO_CETAK> | fail <NO_CETAK> "<why>"';

runOfficerCli('ktp-cetak', async (db, [command, key, ...rest]) => {
  if (command === 'queue') {
    const status = currentStatus(key ?? 'ANTRI');
    if (!status) throw new Error(`unknown status ${key}`);
    console.table(await queue(db, status, Number(rest[0] ?? 10)));
  } else if (command === 'nik') {
    console.table(await jobsOfResident(db, key ?? ''));
  } else if (command === 'show') {
    console.log((await showJob(db, key ?? '')) ?? `No job ${key}`);
  } else if (command && MOVES[command]) {
    console.log(await moveJob(db, key ?? '', MOVES[command], { keterangan: rest.join(' ') || undefined }));
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
