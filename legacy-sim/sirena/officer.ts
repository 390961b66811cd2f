/**
 * Sirena's screens from the command line (the lead wires it as `npm run sirena:officer`):
 *   sirena:officer -- show <NO_BATCH>                        the batch, its items and their states
 *   sirena:officer -- queue <STATUS K|V|P|S>                 oldest batch first
 *   sirena:officer -- status <NO_BATCH> <NO_URUT> <STATUS> <PETUGAS> [catatan...]
 * Item statuses: K kirim, V verifikasi, T tolak, P proses, S selesai (siap diambil), A diambil.
 */
import { queue, setItemStatus, showBatch } from './back-office';
import { runOfficerCli } from '../base/officer-cli';

const USAGE = 'usage: sirena:officer show <NO_BATCH> | queue <STATUS> | status <NO_BATCH> <NO_URUT> <STATUS> <PETUGAS> [catatan...]';

runOfficerCli('sirena', async (db, [command, key, ...rest]) => {
  if (command === 'show') {
    const found = await showBatch(db, key ?? '');
    if (!found) console.log(`No batch ${key}`);
    else {
      console.log(found.batch);
      console.table(found.items);
    }
  } else if (command === 'queue' && /^[KVPS]$/.test(key ?? '')) console.table(await queue(db, key!));
  else if (command === 'status' && rest.length >= 3 && /^\d+$/.test(rest[0]!) && /^[VTPSA]$/.test(rest[1]!)) {
    console.log(await setItemStatus(db, key ?? '', Number(rest[0]), rest[1]!, rest.slice(3).join(' ') || null, rest[2]!));
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
