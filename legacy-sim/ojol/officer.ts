/**
 * The ojek-online partner from the command line: what its couriers' app and its operators' screens
 * do (the lead wires it as `npm run ojol:officer`):
 *   ojol:officer -- open [n]                         orders still under way
 *   ojol:officer -- latest [n]
 *   ojol:officer -- show <NO_ORDER>                  the order, its log and its callbacks
 *   ojol:officer -- assign <NO_ORDER> [nama plat telp]   a courier takes it (drawn when not given)
 *   ojol:officer -- pickup <NO_ORDER>
 *   ojol:officer -- deliver <NO_ORDER> [penerima] [foto]
 *   ojol:officer -- fail <NO_ORDER> <alasan...>
 *   ojol:officer -- cancel <NO_ORDER> [alasan...]    the partner cancels (before pickup)
 *   ojol:officer -- callbacks [n]                    the webhook queue, newest first
 *   ojol:officer -- quirks [ganda=0.1] [tunda=0.1] [tunda_ms=5000] [maks=5] [jeda_ms=2000] [benih=22]
 * A running emulator sends the callbacks these steps queue.
 */
import { assignCourier, callbackQueue, callbackQuirks, cancelByPartner, deliver, fail, newestOrders, ordersInProgress, pickUp, setCallbackQuirks, showOrder } from './back-office';
import type { CallbackQuirks, CallbackRow } from './callbacks';
import type { Order, OrderRow } from './orders';
import { runOfficerCli } from '../base/officer-cli';

const USAGE = 'usage: ojol:officer open [n] | latest [n] | show <NO_ORDER> | assign <NO_ORDER> [nama plat telp] | pickup <NO_ORDER> | deliver <NO_ORDER> [penerima] [foto] | fail <NO_ORDER> <alasan> | cancel <NO_ORDER> [alasan] | callbacks [n] | quirks [ganda= tunda= tunda_ms= maks= jeda_ms= benih=]';

const KNOBS: Record<string, keyof CallbackQuirks> = { ganda: 'duplicateChance', tunda: 'delayChance', tunda_ms: 'delayMs', maks: 'maxAttempts', jeda_ms: 'retryMs', benih: 'seed' };

function flat(row: OrderRow): Record<string, unknown> {
  return { no_order: row.no_order, ref_mitra: row.ref_mitra, jenis: row.jenis, status: row.kode_status, tujuan: row.tujuan_nama, driver: row.driver_nama ?? '', biaya: row.biaya, diubah: row.diubah };
}

function callbackLine(c: CallbackRow): Record<string, unknown> {
  const isi = JSON.parse(c.isi) as { no_order?: string; status?: string };
  return { id: c.id_callback, event: c.id_riwayat, order: isi.no_order, status: isi.status, kirim: c.status_kirim, percobaan: c.percobaan, http: c.http_terakhir ?? '', galat: c.galat ?? '', setelah: new Date(c.kirim_setelah).toISOString() };
}

function printOrder(order: Order | undefined, key: string): void {
  if (!order) {
    console.log(`No order ${key}`);
    return;
  }
  console.log(order.row);
  console.table(order.riwayat);
}

runOfficerCli('ojol', async (db, [command, key, ...rest]) => {
  if (command === 'open') console.table((await ordersInProgress(db, Number(key ?? 20))).map(flat));
  else if (command === 'latest') console.table((await newestOrders(db, Number(key ?? 10))).map(flat));
  else if (command === 'show' && key) {
    printOrder(await showOrder(db, key), key);
    console.table((await callbackQueue(db, key)).map(callbackLine));
  } else if (command === 'assign' && key) {
    const courier = rest.length >= 3 ? { nama: rest.slice(0, -2).join(' '), plat: rest.at(-2)!, telp: rest.at(-1)! } : undefined;
    printOrder(await assignCourier(db, key, courier), key);
  } else if (command === 'pickup' && key) printOrder(await pickUp(db, key), key);
  else if (command === 'deliver' && key) printOrder(await deliver(db, key, { penerima: rest[0], foto: rest[1] }), key);
  else if (command === 'fail' && key && rest.length > 0) printOrder(await fail(db, key, rest.join(' ')), key);
  else if (command === 'cancel' && key) printOrder(await cancelByPartner(db, key, rest.join(' ') || undefined), key);
  else if (command === 'callbacks') console.table((await callbackQueue(db, undefined, Number(key ?? 20))).map(callbackLine));
  else if (command === 'quirks') {
    const change: Partial<CallbackQuirks> = {};
    for (const arg of [key, ...rest].filter((a): a is string => a !== undefined)) {
      const [name, value] = arg.split('=');
      const knob = KNOBS[name ?? ''];
      if (!knob || value === undefined || value === '' || Number.isNaN(Number(value))) throw new Error(`unknown knob ${arg}; ${USAGE}`);
      change[knob] = Number(value);
    }
    console.log(Object.keys(change).length > 0 ? await setCallbackQuirks(db, change) : await callbackQuirks(db));
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
