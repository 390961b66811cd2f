/**
 * The IKD back office from the command line, as officers use the old application, plus what the
 * resident's phone app does (the lead wires it as `npm run ikd:officer`):
 *   ikd:officer -- show <NIK>
 *   ikd:officer -- pending [n]                      registrations waiting for verification
 *   ikd:officer -- register <NIK> "<device>"        the phone app: e.g. "Android 14 (SM-A155F)"
 *   ikd:officer -- verify <NIK>                     (MENUNGGU VERIFIKASI -> AKTIF)
 *   ikd:officer -- suspend <NIK> "<why>"            (AKTIF -> DITANGGUHKAN)
 *   ikd:officer -- reinstate <NIK>                  (DITANGGUHKAN -> AKTIF)
 */
import { changeState, registerFromPhone, waitingForVerification } from './back-office';
import { rowOf } from './register';
import type { StatusAktivasi } from './schema';
import { runOfficerCli } from '../base/officer-cli';

const CHANGES: Record<string, StatusAktivasi> = { verify: 'AKTIF', suspend: 'DITANGGUHKAN', reinstate: 'AKTIF' };
const USAGE = 'usage: ikd:officer show <NIK> | pending [n] | register <NIK> "<device>" | verify|reinstate <NIK> | suspend <NIK> "<why>"';

runOfficerCli('ikd', async (db, [command, key, ...rest]) => {
  if (command === 'show') {
    console.log((await rowOf(db, key ?? '')) ?? `No activation for ${key}`);
  } else if (command === 'pending') {
    console.table(await waitingForVerification(db, Number(key ?? 10)));
  } else if (command === 'register' && key) {
    console.log(await registerFromPhone(db, key, rest.join(' ') || 'ANDROID'));
  } else if (command && CHANGES[command] && key) {
    console.log(await changeState(db, key, CHANGES[command], { keterangan: rest.join(' ') || undefined }));
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
