/**
 * The gateway's operator console from the command line (the lead wires it as
 * `npm run notifikasi:officer`):
 *   notifikasi:officer -- waiting [n]              messages still ANTRI or TERKIRIM, oldest first
 *   notifikasi:officer -- show <ID_PESAN>
 *   notifikasi:officer -- ref <REF_KLIEN>          messages under a client reference
 *   notifikasi:officer -- number <NO_TUJUAN> [n]   messages to a number, newest first
 *   notifikasi:officer -- delivered <ID_PESAN>     settle by hand: DITERIMA
 *   notifikasi:officer -- failed <ID_PESAN> <E01|E02|E03|E04>
 *   notifikasi:officer -- rate [N]                 show or set the messages per second
 *   notifikasi:officer -- bill [YYYY-MM-DD]        the day's messages, parts and price
 */
import { currentRate, dayBill, markDelivered, markFailed, messagesToNumber, messagesWithRef, setRate, showMessage, waiting } from './back-office';
import type { PesanRow } from './messages';
import { runOfficerCli } from '../base/officer-cli';

const USAGE = 'usage: notifikasi:officer waiting [n] | show <ID> | ref <REF> | number <NO> [n] | delivered <ID> | failed <ID> <E01..E04> | rate [N] | bill [date]';

function flat(row: PesanRow): Record<string, unknown> {
  const { isi_pesan: isi, ...rest } = row;
  return { ...rest, isi_pesan: isi.slice(0, 40) };
}

runOfficerCli('notifikasi', async (db, [command, a, b]) => {
  if (command === 'waiting') console.table((await waiting(db, Number(a ?? 20))).map(flat));
  else if (command === 'show' && a) {
    const row = await showMessage(db, Number(a));
    console.log(row ?? `No message ${a}`);
  } else if (command === 'ref' && a) console.table((await messagesWithRef(db, a)).map(flat));
  else if (command === 'number' && a) console.table((await messagesToNumber(db, a, Number(b ?? 20))).map(flat));
  else if (command === 'delivered' && a) console.log(flat(await markDelivered(db, Number(a))));
  else if (command === 'failed' && a && b) console.log(flat(await markFailed(db, Number(a), b)));
  else if (command === 'rate' && a) {
    await setRate(db, Number(a));
    console.log(`rate = ${a} messages per second`);
  } else if (command === 'rate') console.log(`rate = ${await currentRate(db)} messages per second`);
  else if (command === 'bill') console.table(await dayBill(db, a));
  else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
