/**
 * The KTP-el enrolment counter from the command line, as an officer would use the old application:
 *   npm run ktp-rekam:officer -- sample [n]
 *   npm run ktp-rekam:officer -- show <NIK>
 *   npm run ktp-rekam:officer -- enrol <NIK> "<NAME>" <kecamatan no., 0 = Dinas> [officer]
 *   npm run ktp-rekam:officer -- set-status <id_perekaman> <B|D|S> [note]
 */
import { recordEnrolment, sampleEnrolments, setEnrolmentStatus, showEnrolments } from './back-office';
import { runOfficerCli } from '../base/officer-cli';

runOfficerCli('ktp-rekam', async (db, [command, key, ...rest], config) => {
  switch (command) {
    case 'sample':
      console.table(await sampleEnrolments(db, Number(key ?? 3)));
      break;
    case 'show':
      console.table(await showEnrolments(db, key ?? ''));
      break;
    case 'enrol': {
      const [name, kecamatan, officer] = rest;
      if (!key || !name || kecamatan === undefined) throw new Error('enrol <NIK> "<NAME>" <kecamatan no., 0 = Dinas> [officer]');
      const id = await recordEnrolment(db, { nik: key, name, kecamatan: Number(kecamatan), regencyCode: config.world.regencyCode, officer: officer ?? 'op_cli' });
      console.log(`t_perekaman ${id} recorded with status B`);
      break;
    }
    case 'set-status':
      await setEnrolmentStatus(db, Number(key), (rest[0] ?? '').toUpperCase(), rest[1] ?? null);
      console.log(`t_perekaman ${key} now ${rest[0]}`);
      break;
    default:
      console.error('usage: ktp-rekam:officer sample [n] | show <NIK> | enrol <NIK> "<NAME>" <kecamatan|0> [officer] | set-status <id> <B|D|S> [note]');
      process.exitCode = 2;
  }
});
