/**
 * The queue application's office screens from the command line (the lead wires it as
 * `npm run antrian:officer`):
 *   antrian:officer -- day <KD_KANTOR> [YYYY-MM-DD]       the day's bookings at an office ('00' the Dinas)
 *   antrian:officer -- nik <NIK>
 *   antrian:officer -- show <ID_ANTRIAN>
 *   antrian:officer -- checkin <ID_ANTRIAN> [LOKET]        BOOKED -> CHECK_IN (visit day only)
 *   antrian:officer -- serve <ID_ANTRIAN> [NIP]            CHECK_IN -> SELESAI
 *   antrian:officer -- cancel <ID_ANTRIAN> [NIP]           BOOKED -> BATAL
 *   antrian:officer -- close-day [YYYY-MM-DD]              BOOKED -> NO_SHOW for the day
 *   antrian:officer -- quota <KD_KANTOR> <KD_LAYANAN> <N>  daily places (0 closes the queue)
 */
import { bookingsOfResident, cancel, checkIn, closeTheDay, dayList, serve, setQuota, showBooking } from './back-office';
import { stampOf, type Booking } from './bookings';
import { runOfficerCli } from '../base/officer-cli';

const USAGE = 'usage: antrian:officer day <KD_KANTOR> [date] | nik <NIK> | show <ID> | checkin <ID> [LOKET] | serve <ID> [NIP] | cancel <ID> [NIP] | close-day [date] | quota <KD_KANTOR> <KD_LAYANAN> <N>';

function flat({ row, log }: Booking): Record<string, unknown> {
  return { ...row, riwayat: log.map((l) => `${l.status}@${l.waktu}`).join(' ') };
}

runOfficerCli('antrian', async (db, [command, a, b, c]) => {
  if (command === 'day' && a) console.table((await dayList(db, a, b ?? stampOf(new Date()).slice(0, 10))).map(flat));
  else if (command === 'nik' && a) console.table((await bookingsOfResident(db, a)).map(flat));
  else if (command === 'show' && a) {
    const booking = await showBooking(db, Number(a));
    console.log(booking ? flat(booking) : `No booking ${a}`);
  } else if (command === 'checkin' && a) console.log(flat(await checkIn(db, Number(a), { loket: b })));
  else if (command === 'serve' && a) console.log(flat(await serve(db, Number(a), { petugas: b })));
  else if (command === 'cancel' && a) console.log(flat(await cancel(db, Number(a), { petugas: b })));
  else if (command === 'close-day') console.log(`${await closeTheDay(db, a)} booking(s) closed as NO_SHOW`);
  else if (command === 'quota' && a && b && c) {
    await setQuota(db, a, b.toUpperCase(), Number(c));
    console.log(`quota ${a}/${b.toUpperCase()} = ${c} per day`);
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
