/**
 * The portal's admin screen from the command line (the lead wires it as `npm run portal-online:officer`):
 *   portal-online:officer -- show <NO_REGISTRASI>
 *   portal-online:officer -- queue <STATUS 1|2|4>                 oldest first
 *   portal-online:officer -- status <NO_REGISTRASI> <STATUS> <NIP> [keterangan...]
 * Status codes: 0 draft, 1 diajukan, 2 verifikasi, 3 ditolak, 4 diproses, 5 selesai.
 */
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { loadSimConfig } from '../config';
import { queue, setStatus, showApplication } from './back-office';

const USAGE = 'usage: portal-online:officer show <NO_REGISTRASI> | queue <STATUS> | status <NO_REGISTRASI> <STATUS> <NIP> [keterangan...]';

async function main(): Promise<void> {
  const [command, key, ...rest] = process.argv.slice(2);
  const db = openAppDatabase(locateAppDatabase('portal-online', loadSimConfig().storage), { mustExist: true });
  try {
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
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
