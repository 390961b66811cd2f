/**
 * SIAK's back office from the command line, as an officer would use the old application:
 *   npm run siak:officer -- sample [n]
 *   npm run siak:officer -- show <NIK>
 *   npm run siak:officer -- edit-resident <NIK> NAMA_LGKP="BUDI SANTOSO" AGAMA=2
 *   npm run siak:officer -- edit-family <NO_KK> ALAMAT="JL. MELATI NO. 3" NO_RT=4
 *   npm run siak:officer -- nightly-batch <seconds>   (holds the register tables locked)
 */
import { editFamily, editResident, holdRegisterTables, sampleResidents, showResident } from './back-office';
import { runOfficerCli } from '../base/officer-cli';

function parseAssignments(args: string[]): Record<string, string | number | null> {
  const changes: Record<string, string | number | null> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new Error(`Expected COLUMN=VALUE, got "${arg}"`);
    const value = arg.slice(eq + 1);
    changes[arg.slice(0, eq).toUpperCase()] = value === 'NULL' ? null : /^\d+$/.test(value) && value.length < 10 ? Number(value) : value;
  }
  return changes;
}

runOfficerCli('siak', async (db, [command, key, ...rest]) => {
  switch (command) {
    case 'sample':
      console.table(await sampleResidents(db, Number(key ?? 5)));
      break;
    case 'show':
      console.log((await showResident(db, key ?? '')) ?? `No resident with NIK ${key}`);
      break;
    case 'edit-resident':
      await editResident(db, key ?? '', parseAssignments(rest));
      console.log(await showResident(db, key ?? ''));
      break;
    case 'edit-family':
      await editFamily(db, key ?? '', parseAssignments(rest));
      console.log(`DATA_KELUARGA ${key} updated`);
      break;
    case 'nightly-batch': {
      const seconds = Number(key ?? 10);
      if (!(seconds > 0 && seconds <= 3600)) throw new Error('nightly-batch <seconds>: 1 to 3600');
      await holdRegisterTables(db, seconds, () => console.log(`SIAK register tables locked for ${seconds}s`));
      console.log('SIAK register tables released');
      break;
    }
    default:
      console.error('usage: siak:officer sample [n] | show <NIK> | edit-resident <NIK> COL=VALUE... | edit-family <NO_KK> COL=VALUE... | nightly-batch <seconds>');
      process.exitCode = 2;
  }
});
