import type { Knex } from 'knex';
import { currentRate, messagesById, messagesByRef, messagesTo, openMessages, rekap, setRate, settleByHand, stampOf, type PesanRow } from './messages';
import { normaliseTujuan } from './phones';
import { STATUS } from './schema';

/**
 * What the gateway's operators do in its own web console, done on its tables: the API (and so
 * the gateway's clients, through the report feed) must show these on the next call.
 *   - settle a message by hand: DITERIMA (a resident called to say it came), or GAGAL with a reason;
 *   - change the send rate (the contract's messages per second), effective for the next message;
 *   - look messages up by id, client reference or number; the day's bill.
 */
export async function markDelivered(db: Knex, idPesan: number, now = new Date()): Promise<PesanRow> {
  return settleByHand(db, idPesan, { status: STATUS.DITERIMA }, now);
}

/** kdGagal: E01 unknown number, E02 phone off, E03 not on WhatsApp, E04 refused by the operator. */
export async function markFailed(db: Knex, idPesan: number, kdGagal: string, now = new Date()): Promise<PesanRow> {
  return settleByHand(db, idPesan, { status: STATUS.GAGAL, kdGagal: kdGagal.toUpperCase() }, now);
}

export { currentRate, setRate };

export async function showMessage(db: Knex, idPesan: number): Promise<PesanRow | undefined> {
  return (await messagesById(db, [idPesan]))[0];
}

export async function messagesWithRef(db: Knex, ref: string): Promise<PesanRow[]> {
  return messagesByRef(db, [ref]);
}

/** Messages to a number however it is written ('0812…', '+62812…'), newest first. */
export async function messagesToNumber(db: Knex, number: string, limit = 20): Promise<PesanRow[]> {
  const noTujuan = normaliseTujuan(number);
  return noTujuan ? messagesTo(db, noTujuan, limit) : [];
}

export async function waiting(db: Knex, limit = 20): Promise<PesanRow[]> {
  return openMessages(db, limit);
}

/** The day's bill (ISO date, WIB; default today). */
export async function dayBill(db: Knex, day = stampOf(new Date()).slice(0, 10)) {
  return rekap(db, day);
}
