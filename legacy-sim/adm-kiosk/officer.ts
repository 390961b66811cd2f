/**
 * The kiosk desk from the command line, as the Dinas's officers use the old application (the
 * lead wires it as `npm run adm-kiosk:officer`):
 *   adm-kiosk:officer -- kiosks
 *   adm-kiosk:officer -- latest [n]
 *   adm-kiosk:officer -- nik <NIK>
 *   adm-kiosk:officer -- show <ID_PIN>
 *   adm-kiosk:officer -- fail <ID_PIN> <reason...>        PROSES -> GAGAL (e.g. KERTAS MACET)
 *   adm-kiosk:officer -- withdraw <ID_PIN>                AKTIF -> BATAL
 *   adm-kiosk:officer -- kiosk <ID_KIOSK> AKTIF|RUSAK
 */
import { failPrintJob, kioskList, latestPins, pinsOfResident, setKioskStatus, showPin, withdrawPin } from './back-office';
import type { PinRecord } from './pins';
import { runOfficerCli } from '../base/officer-cli';

const USAGE = 'usage: adm-kiosk:officer kiosks | latest [n] | nik <NIK> | show <ID_PIN> | fail <ID_PIN> <reason> | withdraw <ID_PIN> | kiosk <ID_KIOSK> AKTIF|RUSAK';

function flat({ row, cetak, status, log }: PinRecord): Record<string, unknown> {
  return { ...row, status, cetak: cetak ? `${cetak.status_cetak} ${cetak.mulai}` : '', riwayat: log.map((l) => `${l.peristiwa}@${l.waktu}`).join(' ') };
}

runOfficerCli('adm-kiosk', async (db, [command, a, ...rest]) => {
  if (command === 'kiosks') console.table(await kioskList(db));
  else if (command === 'latest') console.table((await latestPins(db, Number(a ?? 10))).map(flat));
  else if (command === 'nik' && a) console.table((await pinsOfResident(db, a)).map(flat));
  else if (command === 'show' && a) {
    const pin = await showPin(db, Number(a));
    console.log(pin ? flat(pin) : `No PIN ${a}`);
  } else if (command === 'fail' && a && rest.length > 0) console.log(flat(await failPrintJob(db, Number(a), rest.join(' '))));
  else if (command === 'withdraw' && a) console.log(flat(await withdrawPin(db, Number(a))));
  else if (command === 'kiosk' && a && (rest[0] === 'AKTIF' || rest[0] === 'RUSAK')) {
    await setKioskStatus(db, a, rest[0]);
    console.log(`${a}: ${rest[0]}`);
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
