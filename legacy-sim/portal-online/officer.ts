/**
 * The portal's admin screen from the command line (the lead wires it as `npm run portal-online:officer`):
 *   portal-online:officer -- show <NO_REGISTRASI>
 *   portal-online:officer -- queue <STATUS 1|2|4>                 oldest first
 *   portal-online:officer -- status <NO_REGISTRASI> <STATUS> <NIP> [keterangan...]
 * Status codes: 0 draft, 1 diajukan, 2 verifikasi, 3 ditolak, 4 diproses, 5 selesai.
 */
import { queue, setStatus, showApplication } from './back-office';
import { runOfficerCli } from '../base/officer-cli';

const USAGE = 'usage: portal-online:officer show <NO_REGISTRASI> | queue <STATUS> | status <NO_REGISTRASI> <STATUS> <NIP> [keterangan...]';

runOfficerCli('portal-online', async (db, [command, key, ...rest]) => {
  if (command === 'show') {
    const found = await showApplication(db, key ?? '');
    if (!found) console.log(`No application ${key}`);
    else {
      console.log(found.application);
      console.table(found.log);
    }
  } else if (command === 'queue' && /^\d$/.test(key ?? '')) console.table(await queue(db, Number(key)));
  else if (command === 'status' && rest.length >= 2 && /^\d$/.test(rest[0]!)) console.log(await setStatus(db, key ?? '', Number(rest[0]), rest.slice(2).join(' ') || null, rest[1]!));
  else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
