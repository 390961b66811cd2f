/**
 * The kecamatan counter application from the command line (the lead wires it as
 * `npm run kecamatan:officer`):
 *   kecamatan:officer -- show <NO_REGISTRASI>
 *   kecamatan:officer -- queue <KODE_KECAMATAN>                        open requests, oldest first (e.g. 36.74.01)
 *   kecamatan:officer -- receive <KODE_KECAMATAN> <KD_LAYANAN> <NIK> <NAMA> <NIP> [NO_KK]
 *   kecamatan:officer -- work <NO_REGISTRASI> <DIPROSES|SELESAI|DITOLAK> <NIP> [KETERANGAN]
 */
import { counterQueue, receiveAtCounter, showRequest, workRequest } from './back-office';
import { STATUS_WORDS, type StatusWord } from './schema';
import { runOfficerCli } from '../base/officer-cli';

const USAGE = 'usage: kecamatan:officer show <NO_REGISTRASI> | queue <KODE_KECAMATAN> | receive <KODE_KECAMATAN> <KD_LAYANAN> <NIK> <NAMA> <NIP> [NO_KK] | work <NO_REGISTRASI> <DIPROSES|SELESAI|DITOLAK> <NIP> [KETERANGAN]';

runOfficerCli('kecamatan', async (db, [command, key, ...rest]) => {
  if (command === 'show') {
    const shown = await showRequest(db, key ?? '');
    if (shown) {
      console.log(shown.request);
      console.table(shown.history);
    } else console.log(`No request ${key}`);
  } else if (command === 'queue' && key) console.table(await counterQueue(db, key));
  else if (command === 'receive' && key && rest.length >= 4) {
    const [kd, nik, nama, nip, noKk] = rest;
    console.log(await receiveAtCounter(db, { kecamatanCode: key, kdLayanan: Number(kd), nik: nik!, nama: nama!, nip: nip!, noKk: noKk ?? null }));
  } else if (command === 'work' && key && rest.length >= 2 && (STATUS_WORDS as readonly string[]).includes(rest[0]!.toUpperCase())) {
    const shown = await workRequest(db, key, rest[0]!.toUpperCase() as StatusWord, rest[1]!, rest.slice(2).join(' ') || null);
    console.log(shown.request);
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
