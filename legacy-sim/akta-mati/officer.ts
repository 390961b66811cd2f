/**
 * The death registry's back office from the command line, as an officer would use the old application:
 *   npm run akta-mati:officer -- sample [n]
 *   npm run akta-mati:officer -- show <NIK>
 *   npm run akta-mati:officer -- register <NIK> "<NAME>" <1|2 sex> <died DD-MM-YYYY> <kelurahan code> "<reporter name>" [reporter NIK]
 *   npm run akta-mati:officer -- correct <NO_AKTA_MATI> TGL_MATI=02-03-2025 NAMA_LGKP="..."
 */
import { correctDeathDeed, registerDeathAtCounter, sampleDeathDeeds, showDeathDeeds } from './back-office';
import { runOfficerCli } from '../base/officer-cli';

function parseAssignments(args: string[]): Record<string, string | number | null> {
  const changes: Record<string, string | number | null> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new Error(`Expected COLUMN=VALUE, got "${arg}"`);
    const value = arg.slice(eq + 1);
    changes[arg.slice(0, eq).toUpperCase()] = value === 'NULL' ? null : /^\d+$/.test(value) && value.length < 4 ? Number(value) : value;
  }
  return changes;
}

function isoFromLegacy(date: string): string {
  const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(date);
  if (!m) throw new Error(`Expected DD-MM-YYYY, got "${date}"`);
  return `${m[3]}-${m[2]}-${m[1]}`;
}

runOfficerCli('akta-mati', async (db, [command, key, ...rest]) => {
  switch (command) {
    case 'sample':
      console.table(await sampleDeathDeeds(db, Number(key ?? 5)));
      break;
    case 'show':
      console.table(await showDeathDeeds(db, key ?? ''));
      break;
    case 'register': {
      const [name, sex, died, kelurahan, reporterName, reporterNik] = rest;
      if (!key || !name || !sex || !died || !kelurahan || !reporterName) throw new Error('register <NIK> "<NAME>" <1|2> <DD-MM-YYYY> <kelurahan code> "<reporter name>" [reporter NIK]');
      const number = await registerDeathAtCounter(db, {
        nik: key, name, sex: sex === '2' ? 2 : 1, birthDate: null, diedOn: isoFromLegacy(died), place: 'RUMAH', cause: 1,
        reporterNik: reporterNik ?? null, reporterName, kelurahanCode: kelurahan, officer: 'capil_cli',
      });
      console.log(`CAPIL_MATI ${number} registered`);
      break;
    }
    case 'correct':
      await correctDeathDeed(db, key ?? '', parseAssignments(rest));
      console.table(await db('CAPIL_MATI').where({ NO_AKTA_MATI: key }));
      break;
    default:
      console.error('usage: akta-mati:officer sample [n] | show <NIK> | register <NIK> "<NAME>" <1|2> <DD-MM-YYYY> <kelurahan> "<reporter>" [reporter NIK] | correct <NO_AKTA_MATI> COL=VALUE...');
      process.exitCode = 2;
  }
});
