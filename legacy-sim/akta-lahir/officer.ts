/**
 * The birth registry's back office from the command line, as an officer would use the old application:
 *   npm run akta-lahir:officer -- sample [n]
 *   npm run akta-lahir:officer -- show <NIK>
 *   npm run akta-lahir:officer -- register <child NIK|-> "<NAME>" <1|2 sex> <born DD-MM-YYYY> "<place>" <kelurahan code> "<mother>" [mother NIK]
 *   npm run akta-lahir:officer -- correct <NO_AKTA_LHR> NAMA_ANAK="..." FLAG_TERLAMBAT=Y
 */
import { correctBirthDeed, registerBirthAtCounter, sampleBirthDeeds, showBirthDeeds } from './back-office';
import { runOfficerCli } from '../base/officer-cli';

function parseAssignments(args: string[]): Record<string, string | number | null> {
  const changes: Record<string, string | number | null> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new Error(`Expected COLUMN=VALUE, got "${arg}"`);
    const value = arg.slice(eq + 1);
    changes[arg.slice(0, eq).toUpperCase()] = value === 'NULL' ? null : value;
  }
  return changes;
}

function isoFromLegacy(date: string): string {
  const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(date);
  if (!m) throw new Error(`Expected DD-MM-YYYY, got "${date}"`);
  return `${m[3]}-${m[2]}-${m[1]}`;
}

runOfficerCli('akta-lahir', async (db, [command, key, ...rest]) => {
  switch (command) {
    case 'sample':
      console.table(await sampleBirthDeeds(db, Number(key ?? 5)));
      break;
    case 'show':
      console.table(await showBirthDeeds(db, key ?? ''));
      break;
    case 'register': {
      const [name, sex, born, place, kelurahan, mother, motherNik] = rest;
      if (!key || !name || !sex || !born || !place || !kelurahan || !mother) throw new Error('register <child NIK|-> "<NAME>" <1|2> <DD-MM-YYYY> "<place>" <kelurahan code> "<mother>" [mother NIK]');
      const number = await registerBirthAtCounter(db, {
        childNik: key === '-' ? null : key, childName: name, sex: sex === '2' ? 2 : 1, birthPlace: place, birthDate: isoFromLegacy(born),
        motherNik: motherNik ?? null, motherName: mother, fatherNik: null, fatherName: null, kelurahanCode: kelurahan, officer: 'capil_cli',
      });
      console.log(`CAPIL_LAHIR ${number} registered`);
      break;
    }
    case 'correct':
      await correctBirthDeed(db, key ?? '', parseAssignments(rest));
      console.table(await db('CAPIL_LAHIR').where({ NO_AKTA_LHR: key }));
      break;
    default:
      console.error('usage: akta-lahir:officer sample [n] | show <NIK> | register <NIK|-> "<NAME>" <1|2> <DD-MM-YYYY> "<place>" <kelurahan> "<mother>" [mother NIK] | correct <NO_AKTA_LHR> COL=VALUE...');
      process.exitCode = 2;
  }
});
